import { operations } from '../../schemas/catalogue';
import { schemaRef } from '../../schemas/catalogue';
import { componentName } from '../../schemas/openapi-export';
import { invalid, type FieldError } from '../errors';
import { mapObjects, type FaultDefinition } from '../fault-kit';

/** mobile_ten_digits: an Indian mobile number, as the target's serializers and OpenAPI have it. */
const TEN_DIGITS = '^[6-9]\\d{9}$';
const MOBILE_FIELDS = new Set(['primary_mobile', 'mobile']);

/** The mobile numbers a request body carries, each with its JSON pointer. */
function mobiles(value: unknown, path = ''): [string, unknown][] {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => [
    ...(MOBILE_FIELDS.has(key) && !Array.isArray(value) ? [[`${path}/${key}`, v] as [string, unknown]] : []),
    ...mobiles(v, `${path}/${key}`),
  ]);
}

/**
 * A target whose real API differs from the catalogue's inference, as calibrate and probe must find
 * it: routes at another path, a field under another name. The suite goes red on both.
 */
const ids = (prefix: string): string[] => operations.filter((op) => op.id.startsWith(prefix)).map((op) => op.id);

export const calibrationFaults = {
  approvals_paths_moved: {
    description: 'Approval routes answer under `approval/` (singular), not the catalogued `approvals/`.',
    caughtBy: ['tests/contract/approvals.spec.ts'],
    catchers: ['route_missing'],
    operations: ids('approvals.'),
    path: (path) => path.replace('/approvals/', '/approval/'),
  },
  mobile_ten_digits: {
    description:
      'Mobile numbers are 10 digits starting 6-9 (`^[6-9]\\d{9}$`), as the target’s OpenAPI says: a `+`, a country code or another length is refused with 400 and a field error.',
    caughtBy: ['tests/contract/accounts.spec.ts'],
    catchers: ['data_rejected'],
    hooks: {
      validate: (next) => (schema, body) => {
        next(schema, body);
        const wrong: FieldError[] = mobiles(body)
          .filter(([, v]) => typeof v !== 'string' || !new RegExp(TEN_DIGITS).test(v))
          .map(([path]) => ({ path, message: 'Enter a valid 10-digit mobile number.' }));
        if (wrong.length) throw invalid(wrong, body);
      },
    },
    document: (document) => {
      document.components.schemas[componentName(schemaRef('common', 'mobile'))].pattern = TEN_DIGITS;
    },
  },
  accounts_ref_id_renamed: {
    description: 'Account bodies carry the caller’s reference as `reference_id`: `ref_id` is renamed.',
    caughtBy: ['tests/contract/accounts.spec.ts'],
    catchers: ['field_renamed'],
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
