import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Exchange } from '../../helpers/core/exchange';
import { verify, type Check, type Expectation } from '../../helpers/checks/checks';
import { ignored_auth, state_machine_conformance, tenant_isolation } from '../../helpers/checks/checks-conformance';
import type { ContractViolation } from '../../helpers/checks/violations';
import type { CallRecord } from '../../helpers/core/calls';
import { diagnose } from '../../helpers/checks/diagnose';
import type { FailureRecord } from '../../helpers/checks/cause-ledger';
import { triage } from '../../helpers/triage/triage';
import type { Transition } from '../../helpers/core/lifecycle';
import { operation as op, responseSchema, type OperationId } from '../../schemas/catalogue';

/** The root cause of one violation, from the exchange alone, for causes the faulted-sandbox runs (triage.test.ts) don't provoke. */
const account = {
  id: '8b9dbd9d-99d6-4373-8015-709de4a53100',
  created_at: 1795619930,
  updated_at: 1795619930,
  crm_lead_id: '8b9dbd9d-99d6-4373-8015-709de4a53100',
  program_id: '15676342-6603-4637-a83f-77feda9523e9',
  ref_id: 'r1',
  product_type: 'scf',
  tags: [],
  status: 'activation',
  drop_reason: null,
};

function diagnosis(
  id: OperationId,
  status: number,
  json: unknown,
  expected: number | number[],
  purpose = 'valid',
  checks?: Check[],
  more: Expectation = {},
  transition?: Transition,
) {
  const exchange: Exchange = {
    ...(transition ? { transition } : {}),
    op: op(id),
    purpose,
    request: { method: op(id).method, url: `http://127.0.0.1${op(id).path}`, headers: {} },
    status,
    schema: responseSchema(op(id), status),
    headers: { 'content-type': 'application/json' },
    text: JSON.stringify(json),
    json,
    ms: 1,
    curl: 'curl',
  };
  try {
    verify(exchange, { status: expected, ...more }, checks);
  } catch (error) {
    return diagnose(exchange, (error as ContractViolation).findings);
  }
  throw new Error('verify accepted the exchange');
}

const error = { detail: 'Not found.' };

void test('each cause is told from the status and the body, whatever the operation', () => {
  assert.equal(diagnosis('accounts.detail', 503, error, 200).cause, 'server_error');
  assert.equal(diagnosis('approvals.list', 401, error, 200).cause, 'auth_rejected');
  assert.equal(diagnosis('approvals.list', 401, error, 200, 'auth').cause, 'status_mismatch', 'a 401 to an auth check is no token problem');
  assert.equal(diagnosis('fees.create', 429, error, 201).cause, 'rate_limited');
  const status = diagnosis('accounts.create', 200, account, 201);
  assert.equal(status.cause, 'status_mismatch');
  assert.match(status.fix, /^schemas\/catalogue\.ts \('accounts\.create'\)/);
  const missing = diagnosis('accounts.detail', 200, { ...account, tags: undefined }, 200);
  assert.deepEqual([missing.cause, missing.subject], ['field_missing', 'schemas/accounts.json#/$defs/account/properties/tags']);
  const renamed = diagnosis('accounts.list', 200, { count: 1, next: null, previous: null, results: [{ ...account, tags: undefined, labels: [] }] }, 200);
  assert.deepEqual([renamed.cause, renamed.headline], ['field_renamed', 'renamed tags → labels?']);
  const unrelated = diagnosis('accounts.detail', 200, { ...account, tags: undefined, x_note: 'extra' }, 200);
  assert.equal(unrelated.cause, 'field_missing', 'an added field whose value the missing one could not hold is no rename');
  const typed = diagnosis('accounts.detail', 200, { ...account, updated_at: 'now' }, 200);
  assert.deepEqual([typed.cause, typed.subject], ['type_mismatch', 'schemas/common.json#/$defs/timestamp']);
  assert.equal(diagnosis('accounts.detail', 404, { error: { status: 404, message: 'Not found' } }, 404).cause, 'error_shape');
});

void test('a security check failing on a served request or leaked data is a security defect, never a catalogue fix', () => {
  const served = diagnosis('mandates.get', 200, account, 401, 'auth', [ignored_auth]);
  assert.equal(served.cause, 'auth_not_enforced');
  assert.match(served.fix, /authentication on GET \/v1\/los\/accounts\/\{account_id\}\/mandates\/\{mandate_id\}\/: a security defect/);
  assert.doesNotMatch(served.fix, /catalogue\.ts/);
  const read = diagnosis('accounts.detail', 200, account, [403, 404], 'isolation', [tenant_isolation]);
  assert.deepEqual([read.cause, read.subject], ['isolation_breach', 'accounts.detail']);
  const list = { count: 1, next: null, previous: null, results: [account] };
  const leaked = diagnosis('accounts.list', 200, list, [200, 403, 404], 'isolation', [tenant_isolation], { absentIds: [account.id] });
  assert.equal(leaked.cause, 'isolation_breach');
  assert.match(leaked.headline, /crossed tenants: \/results\/0\/id/);
  // Refused, only not with the status the catalogue names: that is a status question, not a breach.
  assert.equal(diagnosis('mandates.get', 403, error, 401, 'auth', [ignored_auth]).cause, 'status_mismatch');
  assert.equal(diagnosis('accounts.detail', 422, error, [403, 404], 'isolation', [tenant_isolation]).cause, 'status_mismatch');
});

/** An error body no catalogue's error definition takes: another framework's shape. */
const foreign = { error: { status: 401, message: 'Authentication credentials were not provided.' } };

void test('a refusal in another body or with another status is never a security cause: one error_shape or status_mismatch for every operation', () => {
  const auth = diagnosis('mandates.get', 401, foreign, 401, 'auth', [ignored_auth]);
  assert.equal(auth.cause, 'error_shape', 'a correct 401 in another body shape is no hole in authentication');
  const refused = diagnosis('accounts.create', 400, { program_id: [{ nested: 1 }], ...foreign }, [400, 403, 404, 422], 'isolation', [tenant_isolation]);
  assert.equal(refused.cause, 'error_shape', "the other tenant's refused create is isolation, whatever the body says");
  const [one, two] = [
    diagnosis('mandates.get', 403, error, 401, 'auth', [ignored_auth]),
    diagnosis('accounts.detail', 403, error, 401, 'auth', [ignored_auth]),
  ];
  assert.equal(one.subject, two.subject, 'the same refusal status on two operations is one cause');
  assert.match(
    one.fix,
    /^the 401 of ignored_auth \(helpers\/checks\/checks-conformance\.ts\) if the target's 403 is right/,
    'the fix names where the expected status is written',
  );
  assert.equal(
    diagnosis('accounts.detail', 404, foreign, [403, 404], 'isolation', [tenant_isolation]).subject,
    diagnosis('approvals.get', 404, foreign, [403, 404], 'isolation', [tenant_isolation]).subject,
  );
});

void test("a valid request refused with field errors names the field, the target's message and the schema the builders follow", () => {
  const rejected = diagnosis('leads.create', 400, { primary_mobile: ['Enter a valid 10-digit mobile number.'] }, 201, 'setup');
  assert.equal(rejected.cause, 'data_rejected');
  assert.match(rejected.subject, /^schemas\/(common|leads)\.json#.* \/primary_mobile$/);
  assert.match(rejected.headline, /primary_mobile .*Enter a valid 10-digit mobile number\./);
  assert.match(rejected.fix, /pattern, format, enum, lengths/);
  const nested = diagnosis('leads.create', 400, { applicants: [{}, { is_primary: ['This field is required.'] }] }, 201);
  assert.match(nested.headline, /\/applicants\/\*\/is_primary/);
  const listed = diagnosis('leads.create', 422, { code: 'invalid', message: 'x', errors: [{ path: 'primary_mobile', message: 'bad' }] }, 201);
  assert.equal(listed.cause, 'data_rejected');
  assert.equal(diagnosis('leads.create', 400, { detail: 'JSON parse error' }, 201).cause, 'status_mismatch', 'no field named: not a refusal of our data');
});

const record = (over: Partial<FailureRecord>): FailureRecord => ({
  cause: 'route_missing',
  subject: 'mandates.get',
  headline: 'h',
  fix: 'f',
  testId: 't1',
  test: 't',
  op: 'mandates.get',
  purpose: 'valid',
  method: 'GET',
  status: 404,
  findings: [],
  outcome: 'failed',
  ...over,
});
const call = (status: number, purpose = 'valid'): CallRecord => ({ op: 'mandates.get', purpose, method: 'GET', status, ms: 1, test: 't' });

void test('a 404 is a missing route only when every call of the operation got one; dependent checks of a missing route are inconclusive', () => {
  const missing = triage([record({}), record({ testId: 't2', purpose: 'auth', outcome: 'inconclusive' })], [call(404), call(404, 'auth')], []);
  assert.deepEqual(
    missing.causes.map((c) => c.cause),
    ['route_missing'],
  );
  assert.equal(missing.inconclusive, 1);
  assert.equal(missing.unmasked, 0);

  const answered = triage([record({}), record({ testId: 't2', purpose: 'auth', outcome: 'inconclusive' })], [call(404), call(200), call(404, 'auth')], []);
  assert.deepEqual(
    answered.causes.map((c) => c.cause),
    ['status_mismatch', 'status_mismatch'],
  );
  assert.equal(answered.unmasked, 1, 'the auth case hid a real failure: the run must fail for it');

  const group = triage(
    [record({}), record({ testId: 't2', op: 'mandates.create', purpose: 'auth', outcome: 'inconclusive' })],
    [call(404), { ...call(404, 'auth'), op: 'mandates.create', method: 'POST' }],
    [],
  );
  assert.deepEqual(
    group.causes.map((c) => [c.cause, c.operations]),
    [['route_missing', ['mandates.create', 'mandates.get']]],
    'every operation whose calls met a missing route, also one only an auth case reached',
  );

  const refusedElse = triage(
    [
      record({
        purpose: 'isolation',
        outcome: 'inconclusive',
        answered: { cause: 'error_shape', subject: 'error', headline: '404 bodies fail the error schema', fix: 'schemas/common.json' },
      }),
    ],
    [call(200), call(404, 'isolation')],
    [],
  );
  assert.deepEqual(
    refusedElse.causes.map((c) => c.cause),
    ['error_shape'],
    'a right refusal status with another body, on a route that answers, is the error body',
  );

  const timeout = triage(
    [],
    [call(200)],
    [{ testId: 't3', test: 'x', message: 'Error: apiRequestContext.fetch: Timeout 1000ms exceeded.', cause: 'timeout', op: 'mandates.get' }],
  );
  assert.deepEqual(
    timeout.causes.map((c) => [c.cause, c.operations]),
    [['timeout', ['mandates.get']]],
  );
});

void test('a move the transition table does not predict is lifecycle_differs, pointing at the table; a race or teardown is not judged', () => {
  const moved = diagnosis('accounts.initiate', 200, { ...account, status: 'approved' }, 200, 'valid', undefined, {}, { from: 'activation', to: 'approved' });
  assert.deepEqual([moved.cause, moved.subject], ['lifecycle_differs', 'accountTransitions']);
  assert.match(moved.headline, /accounts\.initiate: activation → approved \(table: initiated\)$/);
  assert.match(moved.fix, /^schemas\/catalogue\.ts \(accountTransitions, the transition table\)/);
  const accepted = diagnosis(
    'accounts.activate',
    200,
    { ...account, status: 'active' },
    409,
    'state',
    [state_machine_conformance],
    {},
    { from: 'dropped', to: 'active' },
  );
  assert.match(accepted.headline, /accounts\.activate: dropped → active \(table: refused from dropped\)$/);
  const refused = diagnosis('accounts.approve', 409, error, 200, 'valid', undefined, {}, { from: 'initiated' });
  assert.match(refused.headline, /accounts\.approve: initiated → refused 409 \(table: approved\)$/);
  assert.equal(diagnosis('accounts.approve', 409, error, 200, 'concurrency', undefined, {}, { from: 'initiated' }).cause, 'status_mismatch');
  assert.equal(
    diagnosis('accounts.approve', 409, error, 200, 'valid', undefined, {}, { from: 'approved' }).cause,
    'status_mismatch',
    'refused where the table refuses too',
  );
});

void test('the triage names one lifecycle_differs cause with every transition the calls showed', () => {
  const failure = record({ cause: 'lifecycle_differs', subject: 'accountTransitions', op: 'accounts.initiate', status: 200 });
  const action = (op: string, status: number, transition: Transition, purpose = 'setup'): CallRecord => ({
    op,
    purpose,
    method: 'PUT',
    status,
    ms: 1,
    test: 't',
    transition,
  });
  const result = triage(
    [failure, record({ ...failure, testId: 't2', outcome: 'consequence' })],
    [
      action('accounts.initiate', 200, { from: 'activation', to: 'pending' }),
      action('accounts.initiate', 200, { from: 'activation', to: 'pending' }, 'valid'),
      action('accounts.approve', 200, { from: 'pending', to: 'approved' }),
      action('accounts.approve', 409, { from: 'initiated' }, 'concurrency'),
    ],
    [],
  );
  assert.equal(result.causes.length, 1);
  assert.deepEqual(result.causes[0].operations, ['accounts.approve', 'accounts.initiate']);
  assert.match(
    result.causes[0].summary,
    /^the target's account lifecycle differs from the transition table: accounts\.initiate: activation → pending \(table: initiated\); accounts\.approve: pending → approved \(table: refused from pending\); the target's pending not in schemas\/accounts\.json#\/\$defs\/status \(2 operations\)$/,
  );
});
