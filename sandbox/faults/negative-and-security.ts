import { schemaAt, validator } from '../../schemas/registry';
import { ApiError, invalid } from '../errors';
import type { FaultDefinition, Result, Seams } from '../fault-kit';
import type { Collection, CollectionName, Records, Tenant } from '../store';

/**
 * Faults that prove the conformance checks beyond the happy path (helpers/checks/checks-conformance.ts)
 * can fail. Behaviour faults have no `respond`: they hook into the router's seams
 * (authenticate, validate, dispatch) or the Accounts and CRM routes test `faults.has(name)`, and
 * `operations` names the operations the fault breaks (all when omitted).
 */
/** validation_500: a field of the wrong JSON type crashes the handler instead of being refused. */
function crashOnWrongType(next: Seams['validate']): Seams['validate'] {
  return (schema, body) => {
    const validate = validator(schema);
    if (!validate(body) && validate.errors?.some((e) => e.keyword === 'type'))
      throw new TypeError('validation_500 fault: a field of the wrong type reached the handler');
    next(schema, body);
  };
}

/** valid_data_rejected: validation stricter than the contract, refusing every optional field. */
function refuseOptionalFields(next: Seams['validate']): Seams['validate'] {
  return (schema, body) => {
    next(schema, body);
    const required = new Set((schemaAt(schema).required as string[] | undefined) ?? []);
    const optional = Object.keys(body as Record<string, unknown>).filter((key) => !required.has(key));
    if (optional.length) throw invalid(optional.map((key) => ({ path: `/${key}`, message: 'This field is not accepted.' })));
  };
}

const AUTH = 'tests/security/auth.spec.ts';
const ISOLATION = 'tests/security/isolation.spec.ts';
const METHOD = 'tests/security/unsupported-method.spec.ts';
const NEGATIVE = 'tests/negative/negative-data.spec.ts';
const STATE = 'tests/negative/state-machine.spec.ts';
const AVAILABILITY = 'tests/negative/availability.spec.ts';
const CONCURRENCY = 'tests/negative/concurrency.spec.ts';

export const checkFaults = {
  auth_not_enforced: {
    description: 'Mandate > Get Details answers a request without an Authorization header as if it came from the first tenant.',
    caughtBy: [AUTH],
    catchers: ['ignored_auth'],
    operations: ['mandates.get'],
    hooks: { authenticate: (next, tenants) => (authorization) => (authorization ? next(authorization) : tenants[0]) },
  },
  wrong_token_accepted: {
    description: 'Any well-formed bearer token is accepted as the first tenant: the token is never checked against a tenant.',
    caughtBy: [AUTH],
    catchers: ['ignored_auth'],
    hooks: {
      authenticate: (next, tenants) => (authorization) => {
        try {
          return next(authorization);
        } catch (error) {
          if (error instanceof ApiError && error.status === 401 && /^Bearer ([^\s]+)$/.test(authorization ?? '')) return tenants[0];
          throw error;
        }
      },
    },
  },
  cross_tenant_read: {
    description: "Accounts > Detail falls through to the other tenants when the caller's tenant has no such account.",
    caughtBy: [ISOLATION],
    catchers: ['tenant_isolation'],
    operations: ['accounts.detail'],
    hooks: { dispatch: (_next, tenants) => (run, tenant) => readAcrossTenants(run, tenant, tenants) },
  },
  list_leaks_other_tenant: {
    description: "Accounts > List answers every tenant's accounts that match the filters, not only the caller's.",
    caughtBy: [ISOLATION],
    catchers: ['tenant_isolation'],
    operations: ['accounts.list'],
    hooks: { dispatch: (_next, tenants) => (run, tenant) => listAcrossTenants(run, tenant, tenants) },
  },
  negative_data_accepted: {
    description: 'Accounts > Drop skips request validation and accepts any body (a missing or non-string drop_reason included).',
    caughtBy: [NEGATIVE],
    catchers: ['negative_data_rejection'],
    operations: ['accounts.drop'],
    hooks: { validate: () => () => undefined },
  },
  ref_id_length_unchecked: {
    description: 'Accounts › Create takes a ref_id of any length: its 64-character limit is not enforced (everything else is).',
    caughtBy: [NEGATIVE],
    catchers: ['negative_data_rejection'],
    operations: ['accounts.create'],
    hooks: {
      validate: (next) => (schema, body) => {
        const sent = body as { ref_id?: unknown } | null;
        next(schema, typeof sent?.ref_id === 'string' ? { ...sent, ref_id: sent.ref_id.slice(0, 64) } : body);
      },
    },
  },
  validation_500: {
    description: 'Approval > Create answers 500 instead of 400 when a field has the wrong JSON type.',
    caughtBy: [NEGATIVE],
    catchers: ['not_a_server_error'],
    operations: ['approvals.create'],
    hooks: { validate: crashOnWrongType },
  },
  valid_data_rejected: {
    description: 'Fee > Create is stricter than the contract: it refuses the optional fields (currency, due_date) with 400.',
    caughtBy: [NEGATIVE],
    catchers: ['positive_data_acceptance'],
    operations: ['fees.create'],
    hooks: { validate: refuseOptionalFields },
  },
  illegal_transition_accepted: {
    description: 'Accounts > Activate also activates a dropped account (the transition table allows it only from approved).',
    caughtBy: [STATE],
    catchers: ['state_machine_conformance'],
  },
  refused_transition_touches_account: {
    description: 'An account action refused with 409 still stamps the account: updated_at moves though nothing changed.',
    caughtBy: [STATE],
    catchers: ['state_machine_conformance'],
  },
  method_405_without_allow: {
    description: 'A method the path does not support gets 405 without the Allow header.',
    caughtBy: [METHOD],
    catchers: ['response_headers_conformance'],
    operations: ['error'],
    respond: (reply) =>
      reply.status === 405 ? { ...reply, headers: Object.fromEntries(Object.entries(reply.headers).filter(([k]) => k !== 'allow')) } : reply,
  },
  method_allow_incomplete: {
    description: "A 405's Allow names only the first of the methods the path supports.",
    caughtBy: [METHOD],
    catchers: ['unsupported_method'],
    operations: ['error'],
    respond: (reply) =>
      reply.status === 405 && reply.headers.allow ? { ...reply, headers: { ...reply.headers, allow: reply.headers.allow.split(',')[0] } } : reply,
  },
  auth_challenge_missing: {
    description: 'A 401 comes without its WWW-Authenticate challenge (body and status as DRF answers them).',
    caughtBy: [AUTH],
    catchers: ['response_headers_conformance'],
    operations: ['error'],
    respond: (reply) =>
      reply.status === 401
        ? { ...reply, headers: Object.fromEntries(Object.entries(reply.headers).filter(([k]) => k.toLowerCase() !== 'www-authenticate')) }
        : reply,
  },
  deleted_resource_readable: {
    description: 'CRM > Delete Lead answers 204 but keeps the lead: it can be deleted again and still backs new accounts.',
    caughtBy: [AVAILABILITY],
    catchers: ['use_after_free'],
  },
  read_after_create_lag: {
    description: 'Accounts > Detail answers 404 for an account during its first second (a read replica that lags behind the write).',
    caughtBy: [AVAILABILITY],
    catchers: ['ensure_resource_availability'],
  },
  concurrent_double_approve: {
    description: 'Approve checks the status, pauses, then writes: parallel approves of one approval (or account) all succeed, the last overwriting the rest.',
    caughtBy: [CONCURRENCY],
    catchers: ['concurrency_conformance'],
    operations: ['approvals.approve', 'accounts.approve'],
    hooks: { dispatch: staleAfterPause },
  },
  duplicate_ref_id_accepted: {
    description: 'Accounts > Create checks ref_id uniqueness, pauses, then inserts: two parallel creates with one ref_id both succeed.',
    caughtBy: [CONCURRENCY],
    catchers: ['concurrency_conformance'],
    operations: ['accounts.create'],
    hooks: { dispatch: staleAfterPause },
  },
} satisfies Record<string, FaultDefinition>;

const RACE_PAUSE_MS = 1000;

/**
 * The race faults: the handler reads a snapshot taken before a pause and writes to the live records.
 * The tenant as it was when the request arrived, handed to the handler after a pause: every
 * request of a parallel burst passes the handler's checks on the same stale state, and each one's
 * write lands, as in a handler that reads, checks and writes without a lock or a conditional update.
 */
function staleAfterPause(next: Seams['dispatch']): Seams['dispatch'] {
  return async (run, tenant) => next(run, await staleView(tenant));
}

async function staleView(tenant: Tenant): Promise<Tenant> {
  const snapshot = new Map(Object.entries(tenant.collections).map(([name, live]) => [name, new Map(live.where().map((r) => [r.id, structuredClone(r)]))]));
  await new Promise((resolve) => setTimeout(resolve, RACE_PAUSE_MS));
  const collection = <N extends CollectionName>(name: N): Collection<Records[N]> => {
    const live = tenant.collection(name);
    const frozen = (snapshot.get(name) ?? new Map()) as Map<string, Records[N]>;
    const view: Pick<Collection<Records[N]>, 'insert' | 'get' | 'update' | 'delete' | 'where' | 'findBy'> = {
      insert: (fields) => live.insert(fields),
      get: (id) => frozen.get(id),
      update: (record, changes) => live.update(live.get(record.id) ?? record, changes),
      delete: (id) => live.delete(id),
      where: (predicate = () => true) => [...frozen.values()].filter(predicate),
      findBy: (field, value) => [...frozen.values()].filter((r) => r[field] === value),
    };
    return view as Collection<Records[N]>;
  };
  return { name: tenant.name, collections: tenant.collections, collection } as Tenant;
}

/** cross_tenant_read: a lookup that misses in the caller's tenant is retried in the others (a query without its tenant filter). */
async function readAcrossTenants(run: (tenant: Tenant) => Promise<Result>, own: Tenant, all: Iterable<Tenant>): Promise<Result> {
  try {
    return await run(own);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    for (const other of all) {
      if (other === own) continue;
      const found = await run(other).catch(() => undefined);
      if (found) return found;
    }
    throw error;
  }
}

/** list_leaks_other_tenant: the list query drops its tenant filter, so the records of every tenant come back. */
async function listAcrossTenants(run: (tenant: Tenant) => Promise<Result>, own: Tenant, all: Iterable<Tenant>): Promise<Result> {
  const result = await run(own);
  const body = result.body as { count: number; results: unknown[] };
  for (const other of all) {
    if (other === own) continue;
    const more = (await run(other)).body as typeof body;
    body.results.push(...more.results);
    body.count += more.count;
  }
  return result;
}
