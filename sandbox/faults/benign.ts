import { mapObjects, type FaultDefinition } from '../fault-kit';

const isDetail = (body: unknown): boolean => !!body && typeof body === 'object' && 'detail' in body;

/** Variations the contract allows: the suite must stay green with each of them. */
export const benignFaults = {
  extra_fields: {
    description:
      "Every object in every body carries an undeclared extra field, but a 400's map of field errors: in DRF's dialect each key there is a field, whose errors are a list.",
    benign: true,
    caughtBy: [],
    catchers: [],
    respond: (reply) =>
      reply.status === 400 && !isDetail(reply.body) ? reply : { ...reply, body: mapObjects(reply.body, (o) => ({ ...o, x_sandbox_note: 'extra' })) },
  },
  reordered_keys: {
    description: 'Object keys come in reverse order.',
    benign: true,
    caughtBy: [],
    catchers: [],
    respond: (reply) => ({ ...reply, body: mapObjects(reply.body, (o) => Object.fromEntries(Object.entries(o).reverse())) }),
  },
  extra_headers: {
    description: 'Answers carry extra response headers.',
    benign: true,
    caughtBy: [],
    catchers: [],
    respond: (reply) => ({ ...reply, headers: { ...reply.headers, 'x-request-id': 'sandbox', 'x-ratelimit-remaining': '999' } }),
  },
  esign_apart_from_signing: {
    description:
      'Sign › Refresh knows only the sign requests Sign › Initiate Esign made, not those of Signing › Initiate (the catalogue infers one kind of record for both).',
    benign: true,
    caughtBy: [],
    catchers: [],
  },
  accounts_list_refuses_status_filter: {
    description:
      'Accounts › List refuses a `status` filter with 400 (the catalogue infers one): no test filters by status, and the leftovers scan walks the list unfiltered.',
    benign: true,
    caughtBy: [],
    catchers: [],
  },
  lead_delete_waits_for_accounts: {
    description:
      'CRM › Delete Lead refuses (409) while an account of the lead is open: teardown deletes leads after their accounts are dropped, and leaves nothing behind.',
    benign: true,
    caughtBy: [],
    catchers: [],
  },
  latency: {
    description: 'Every answer is delayed by 40 ms (applied by the server, not by respond).',
    benign: true,
    caughtBy: [],
    catchers: [],
  },
} satisfies Record<string, FaultDefinition>;
