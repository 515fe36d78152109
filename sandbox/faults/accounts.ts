import { accountTransitions, schemaRef } from '../../schemas/catalogue';
import { componentName } from '../../schemas/openapi-export';
import { editBody, type FaultDefinition } from '../fault-kit';

/** lifecycle_renamed_status: the target's name for the status Accounts › Initiate leads to. */
export const RENAMED_STATUSES: Readonly<Record<string, string>> = { [accountTransitions['accounts.initiate'].to]: 'pending' };

const ACCOUNTS_CONTRACT = 'tests/contract/accounts.spec.ts';

export const accountFaults = {
  one_account_per_lead: {
    description:
      'Accounts › Create refuses (400) a second account under a lead that has one; the catalogue infers a lead holds many (Accounts › List filters by lead). The accounts made ahead then get a lead each, so only the tests that need two accounts under one lead go red.',
    caughtBy: [ACCOUNTS_CONTRACT],
    catchers: ['status_code_conformance'],
    operations: ['accounts.create'],
  },
  accounts_create_200: {
    description: 'Accounts > Create answers 200 instead of the documented 201.',
    caughtBy: [ACCOUNTS_CONTRACT],
    catchers: ['status_code_conformance'],
    operations: ['accounts.create'],
    respond: (reply) => ({ ...reply, status: reply.status === 201 ? 200 : reply.status }),
  },
  accounts_create_missing_tags: {
    description: 'Accounts > Create omits the required `tags` field.',
    caughtBy: [ACCOUNTS_CONTRACT],
    catchers: ['response_schema_conformance'],
    operations: ['accounts.create'],
    respond: editBody((body) => delete body.tags),
  },
  accounts_create_created_at_string: {
    description: 'Accounts > Create sends `created_at` as an ISO string instead of epoch seconds.',
    caughtBy: [ACCOUNTS_CONTRACT],
    catchers: ['response_schema_conformance'],
    operations: ['accounts.create'],
    respond: editBody((body) => {
      if (typeof body.created_at === 'number') body.created_at = new Date(body.created_at * 1000).toISOString();
    }),
  },
  accounts_list_ignores_page_size: {
    description: 'Accounts > List answers pages of 20 whatever page_size asks for.',
    caughtBy: [ACCOUNTS_CONTRACT],
    catchers: ['pagination_conformance'],
  },
  accounts_updated_before_created: {
    description: 'Accounts > Detail reports updated_at one second before created_at.',
    caughtBy: [ACCOUNTS_CONTRACT],
    catchers: ['timestamps_conformance'],
  },
  lifecycle_renamed_status: {
    description:
      'The target names the status Accounts › Initiate leads to `pending` instead of `initiated`, in every rule: Initiate moves to pending, Approve and Drop accept it.',
    caughtBy: ['tests/lifecycle/accounts.spec.ts'],
    catchers: ['transition_conformance'],
    // Its OpenAPI export says so: the status enum carries `pending` in the place of `initiated`.
    document: (document) => {
      const status = document.components.schemas[componentName(schemaRef('accounts', 'status'))];
      status.enum = (status.enum as string[]).map((s) => RENAMED_STATUSES[s] ?? s);
    },
  },
  approve_skips_to_active: {
    description: 'Accounts › Approve moves the account straight to the status Activate leads to, a status the enum has, by a move the table does not make.',
    caughtBy: ['tests/lifecycle/accounts.spec.ts'],
    catchers: ['transition_conformance'],
  },
  detail_as_text_json: {
    description: 'Accounts › Detail labels its JSON body `text/json`, a media type the catalogue does not document and JSON clients need not accept.',
    caughtBy: [ACCOUNTS_CONTRACT],
    catchers: ['content_type_conformance'],
    operations: ['accounts.detail'],
    respond: (reply) =>
      reply.status === 200 ? { ...reply, headers: { ...reply.headers, 'content-type': 'text/json' }, body: JSON.stringify(reply.body) } : reply,
  },
  accounts_drop_reason_not_persisted: {
    description: 'Accounts > Drop answers with the reason but stores none: the account re-read has drop_reason null.',
    caughtBy: ['tests/lifecycle/accounts.spec.ts'],
    catchers: ['state_persisted'],
  },
} satisfies Record<string, FaultDefinition>;
