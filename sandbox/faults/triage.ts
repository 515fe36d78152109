import { operation, operations } from '../../schemas/catalogue';
import { matchTemplate } from '../../schemas/paths';
import { DJANGO_NOT_FOUND, errorBody } from '../errors';
import { mapObjects, type FaultDefinition } from '../fault-kit';

/**
 * Faults that break the target the way real environments differ from our reading of the contract,
 * one per root cause the triage (helpers/triage/triage.ts) must name: a group whose routes live elsewhere,
 * 4xx bodies in another framework's shape, a documented field renamed, a shared type changed,
 * throttling and an answer that never comes in time. tests/unit/triage.test.ts runs the suite
 * against each and asserts on reports/triage.json and the console.
 */
const CHARGES = 'tests/contract/charges.spec.ts';
const ACCOUNTS = 'tests/contract/accounts.spec.ts';

const MANDATE_PATHS = operations.filter((o) => o.group === 'Mandate').map((o) => o.path);
const MANDATE_DETAIL = operation('mandates.get').path;

/** Longer than any request timeout the suite's self-tests use, shorter than the default 15 s would be wasteful to wait for. */
export const TIMEOUT_FAULT_DELAY_MS = 16_000;

export const triageFaults = {
  route_removed: {
    description: "Every Mandate route answers Django's HTML 404 page, whatever the method or token: no route matches, the group lives elsewhere.",
    caughtBy: [CHARGES],
    catchers: ['route_missing'],
    intercept: ({ path }) => (MANDATE_PATHS.some((template) => matchTemplate(template, path)) ? DJANGO_NOT_FOUND : undefined),
  },
  error_body_swapped: {
    description: 'Every JSON 4xx body is another framework\'s {"error": {"status", "message"}} instead of the catalogue\'s error body.',
    caughtBy: [ACCOUNTS],
    catchers: ['error_shape'],
    respond: (reply) =>
      reply.status >= 400 && reply.status < 500 && reply.body && typeof reply.body === 'object'
        ? { ...reply, body: { error: { status: reply.status, message: (reply.body as { detail?: unknown }).detail ?? 'Invalid input.' } } }
        : reply,
  },
  account_field_renamed: {
    description: 'Every account object carries the documented `program_id` as `programme_id`.',
    caughtBy: [ACCOUNTS],
    catchers: ['field_renamed'],
    operations: operations.filter((o) => o.group === 'Accounts').map((o) => o.id),
    respond: (reply) => ({
      ...reply,
      body: mapObjects(reply.body, (o) => {
        if (!('program_id' in o) || !('ref_id' in o)) return o;
        const { program_id, ...rest } = o;
        return { ...rest, programme_id: program_id };
      }),
    }),
  },
  timestamps_as_strings: {
    description: 'The shared timestamp type changed: every created_at is an ISO string instead of epoch seconds.',
    caughtBy: [ACCOUNTS],
    catchers: ['type_mismatch'],
    respond: (reply) => ({
      ...reply,
      body: mapObjects(reply.body, (o) => (typeof o.created_at === 'number' ? { ...o, created_at: new Date(o.created_at * 1000).toISOString() } : o)),
    }),
  },
  fee_throttled: {
    description: 'Fee > Create always answers 429 with Retry-After: 0 (the tenant is throttled).',
    caughtBy: [CHARGES],
    catchers: ['rate_limited'],
    operations: ['fees.create'],
    respond: () => ({
      status: 429,
      body: errorBody({ status: 429, code: 'throttled', message: 'Request was throttled. Expected available in 0 seconds.' }),
      headers: { 'retry-after': '0' },
    }),
  },
  lead_answer_flawed: {
    description: 'CRM › Create Lead creates the lead and answers 201 with its id, but primary_mobile as a number: every setup still gets its record.',
    caughtBy: [ACCOUNTS],
    catchers: ['type_mismatch'],
    operations: ['leads.create'],
    respond: (reply) => ({
      ...reply,
      body: mapObjects(reply.body, (o) => (typeof o.primary_mobile === 'string' ? { ...o, primary_mobile: Number(o.primary_mobile.replace(/\D/g, '')) } : o)),
    }),
  },
  mandate_get_hangs: {
    description: `Mandate > Get Details answers only after ${TIMEOUT_FAULT_DELAY_MS / 1000} s, past the request timeout.`,
    caughtBy: [CHARGES],
    catchers: ['timeout'],
    intercept: async ({ method, path }) => {
      if (method === 'GET' && matchTemplate(MANDATE_DETAIL, path)) await new Promise((resolve) => setTimeout(resolve, TIMEOUT_FAULT_DELAY_MS));
      return undefined;
    },
  },
} satisfies Record<string, FaultDefinition>;
