import { editBody, type FaultDefinition } from '../fault-kit';

const ACCOUNTS_CONTRACT = 'tests/contract/accounts.spec.ts';

export const accountFaults = {
  accounts_create_200: {
    description: 'Accounts > Create answers 200 instead of the documented 201.',
    caughtBy: [ACCOUNTS_CONTRACT],
    operations: ['accounts.create'],
    respond: (reply) => ({ ...reply, status: reply.status === 201 ? 200 : reply.status }),
  },
  accounts_create_missing_tags: {
    description: 'Accounts > Create omits the required `tags` field.',
    caughtBy: [ACCOUNTS_CONTRACT],
    operations: ['accounts.create'],
    respond: editBody((body) => delete body.tags),
  },
  accounts_create_created_at_string: {
    description: 'Accounts > Create sends `created_at` as an ISO string instead of epoch seconds.',
    caughtBy: [ACCOUNTS_CONTRACT],
    operations: ['accounts.create'],
    respond: editBody((body) => {
      if (typeof body.created_at === 'number') body.created_at = new Date(body.created_at * 1000).toISOString();
    }),
  },
} satisfies Record<string, FaultDefinition>;
