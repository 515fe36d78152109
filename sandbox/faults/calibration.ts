import { operations } from '../../schemas/catalogue';
import { mapObjects, type FaultDefinition } from '../fault-kit';

/**
 * A target whose real API differs from the catalogue's inference, as calibrate and probe must find
 * it: routes at another path, a field under another name. The suite goes red on both.
 */
const ids = (prefix: string): string[] => operations.filter((op) => op.id.startsWith(prefix)).map((op) => op.id);

export const calibrationFaults = {
  approvals_paths_moved: {
    description: 'Approval routes answer under `approval/` (singular), not the catalogued `approvals/`.',
    caughtBy: ['tests/contract/approvals.spec.ts'],
    operations: ids('approvals.'),
    path: (path) => path.replace('/approvals/', '/approval/'),
  },
  accounts_ref_id_renamed: {
    description: 'Account bodies carry the caller’s reference as `reference_id`: `ref_id` is renamed.',
    caughtBy: ['tests/contract/accounts.spec.ts'],
    operations: ids('accounts.'),
    respond: (reply) => ({
      ...reply,
      body: mapObjects(reply.body, (o) => {
        if (!('ref_id' in o) || !('crm_lead_id' in o)) return o;
        const { ref_id, ...rest } = o;
        return { ...rest, reference_id: ref_id };
      }),
    }),
  },
} satisfies Record<string, FaultDefinition>;
