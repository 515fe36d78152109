import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Faults, type FaultName } from '../../sandbox/faults/index';
import { playwrightTest } from '../../scripts/child';
import type { TriageCause } from '../../helpers/triage/triage';
import { ownTarget } from './own-target';

/**
 * The triage names the root cause of a red run, whatever the target got wrong: the suite runs
 * against a sandbox with one fault of sandbox/faults/triage.ts on, and reports/triage.json and the
 * console's last lines must name that cause, with the file to correct, and nothing else.
 */
async function redRun(
  fault: FaultName,
  args: string[],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ causes: TriageCause[]; output: string; code: number | null }> {
  const target = await ownTarget(`triage-${fault}`, { faults: new Faults([fault]) });
  try {
    const run = await playwrightTest(['--workers=1', ...args], {
      timeoutMs: 180_000,
      env: target.env({ CONSOLE_REPORTER: '', LOS_HISTORY_DIR: join(target.dir, 'history'), ...extraEnv }),
    });
    const { causes } = JSON.parse(readFileSync(join(target.dir, 'reports', 'triage.json'), 'utf8')) as { causes: TriageCause[] };
    return { causes, output: run.output, code: run.code };
  } finally {
    await target.close();
  }
}

const only = (causes: TriageCause[], cause: string): TriageCause => {
  assert.deepEqual(
    causes.map((c) => c.cause),
    [cause],
    `one root cause, ${cause}: ${JSON.stringify(causes, null, 2)}`,
  );
  return causes[0];
};

describe('triage of a red run', { concurrency: 3 }, () => {
  it('a group whose routes are missing is route_missing, pointing at the catalogue entry; its auth and method checks are inconclusive', async () => {
    const { causes, output, code } = await redRun('route_removed', [
      'tests/contract/charges.spec.ts',
      'tests/security/auth.spec.ts',
      'tests/security/unsupported-method.spec.ts',
      '--grep',
      'Mandate|mandates',
    ]);
    assert.notEqual(code, 0, output);
    const cause = only(causes, 'route_missing');
    assert.deepEqual(cause.operations, ['mandates.create', 'mandates.get'], 'Get Details too: only its auth and method cases reached it');
    assert.match(cause.fix, /^schemas\/catalogue\.ts, the paths of these 2 operations on the target: `npm run probe`/);
    assert.match(
      output,
      /^ {2}✗ route_missing +\d+ failure\(s\) in mandates\.create, mandates\.get: POST \/v1\/los\/accounts\/\{account_id\}\/mandates\/ answered 404/m,
    );
    assert.match(output, /inconclusive: \d+ auth\/isolation\/method case\(s\)/);
    assert.match(output, /skipped: setup: mandates\.create failed \(route_missing\)/);
    assert.doesNotMatch(output, /ignored_auth at/, 'no auth check blamed for the missing route');
  });

  it('4xx bodies in another shape are one error_shape cause across operations, pointing at the error schema', async () => {
    const { causes, output } = await redRun('error_body_swapped', [
      'tests/contract/accounts.spec.ts',
      'tests/contract/charges.spec.ts',
      '--grep',
      '404|409|refuses',
    ]);
    const cause = only(causes, 'error_shape');
    assert.ok(cause.operations.length > 1, `several operations: ${cause.operations.join(', ')}`);
    assert.match(cause.fix, /^schemas\/common\.json#\/\$defs\/error /);
    assert.match(output, /^ {2}✗ error_shape .*fail the error schema/m);
  });

  it('a documented field renamed is field_renamed, saying "renamed X → Y?" with the schema pointer; setups that need it skip with one line', async () => {
    const { causes, output } = await redRun('account_field_renamed', ['tests/contract/accounts.spec.ts']);
    const cause = only(causes, 'field_renamed');
    assert.equal(cause.summary.split(' (')[0], 'renamed program_id → programme_id?');
    assert.match(cause.fix, /^schemas\/accounts\.json#\/\$defs\/account\/properties\/program_id /);
    assert.match(output, /^ {2}✗ field_renamed .*renamed program_id → programme_id\?/m);
    assert.match(output, /skipped: accounts\.[a-z]+: field_renamed, renamed program_id → programme_id\? \(triaged in an earlier test\)/);
    assert.equal(output.match(/Response 201 body:/g)?.length, 1, 'the violation is shown in full once');
    assert.ok(output.split('\n').length < 150, `a short console: ${output.split('\n').length} lines`);
  });

  it('a case checked softly that meets a cause already triaged is skipped, not failed as "other"', async () => {
    const { causes, output } = await redRun('account_field_renamed', [
      'tests/contract/accounts.spec.ts',
      'tests/negative/negative-data.spec.ts',
      '--grep',
      'Detail returns the account as created|Accounts › Create refuses',
    ]);
    only(causes, 'field_renamed');
    assert.match(output, /skipped: accounts\.create: field_renamed, renamed program_id → programme_id\? \(triaged in an earlier test\)/);
    assert.doesNotMatch(output, /✗ \[other\]|Error: Test is skipped/);
  });

  it('an account lifecycle other than the transition table is one lifecycle_differs cause, listing the transitions the target showed', async () => {
    const { causes, output } = await redRun('lifecycle_renamed_status', ['tests/lifecycle/accounts.spec.ts', 'tests/negative/state-machine.spec.ts']);
    const cause = only(causes, 'lifecycle_differs');
    assert.match(cause.summary, /accounts\.initiate: activation → pending \(table: initiated\)/);
    assert.match(cause.summary, /the target's pending not in schemas\/accounts\.json#\/\$defs\/status/);
    assert.match(output, /\b1 failed, \d+ skipped\b/, 'the first test that meets it fails; the others skip as its consequences');
    assert.match(cause.fix, /^schemas\/catalogue\.ts \(accountTransitions, the transition table\)/);
    assert.match(output, /skipped: setup: accounts\.initiate failed \(lifecycle_differs\)/);
  });

  it('a setup that got its record goes on: its flaw is one cause against its own operation, and the tests that needed it run', async () => {
    const { causes, output } = await redRun('lead_answer_flawed', ['tests/contract/accounts.spec.ts']);
    const cause = only(causes, 'type_mismatch');
    assert.deepEqual(cause.operations, ['leads.create']);
    assert.match(output, /^1 failed$|\b1 failed\b/m, 'the first test to meet it fails, once');
    assert.doesNotMatch(output, /skipped: setup: leads\.create failed/, 'no test skips behind a setup that produced its record');
    const passed = Number(/(\d+) passed/.exec(output)?.[1] ?? 0);
    assert.ok(passed >= 5, `the tests that needed a lead ran: ${passed} passed`);
  });

  it('a shared type changed is type_mismatch, pointing at the shared definition', async () => {
    const { causes, output } = await redRun('timestamps_as_strings', ['tests/contract/accounts.spec.ts']);
    const cause = only(causes, 'type_mismatch');
    assert.match(cause.fix, /^schemas\/common\.json#\/\$defs\/timestamp /);
    assert.match(output, /^ {2}✗ type_mismatch /m);
  });

  it('another tenant served or shown the first tenant’s records is isolation_breach, with the target to fix, never the catalogue', async () => {
    const { causes, output } = await redRun('cross_tenant_read', ['tests/security/isolation.spec.ts', '--grep', 'Accounts › Detail']);
    const cause = only(causes, 'isolation_breach');
    assert.deepEqual(cause.operations, ['accounts.detail']);
    assert.match(cause.fix, /^the target's tenant scoping on GET \/v1\/los\/accounts\/\{account_id\}\/: a security defect/);
    assert.match(output, /^ {2}✗ isolation_breach .*served another tenant's request/m);
  });

  it('a request without valid credentials that is served is auth_not_enforced', async () => {
    const { causes } = await redRun('wrong_token_accepted', ['tests/security/auth.spec.ts', '--grep', 'Accounts › List']);
    const cause = only(causes, 'auth_not_enforced');
    assert.deepEqual(cause.operations, ['accounts.list']);
    assert.match(cause.summary, /served a request without valid credentials \(200\)/);
    assert.match(cause.fix, /authentication on GET \/v1\/los\/accounts\/: a security defect/);
  });

  it('an operation that keeps answering 429 is rate_limited', async () => {
    const { causes, output } = await redRun('fee_throttled', ['tests/contract/charges.spec.ts', '--grep', 'Fee']);
    const cause = only(causes, 'rate_limited');
    assert.deepEqual(cause.operations, ['fees.create']);
    assert.match(output, /^ {2}✗ rate_limited /m);
  });

  it('an operation that never answers in time is timeout, and later calls of it do not wait again', async () => {
    const { causes, output } = await redRun('mandate_get_hangs', ['tests/contract/charges.spec.ts', '--grep', 'Mandate'], { REQUEST_TIMEOUT_MS: '1000' });
    const cause = only(causes, 'timeout');
    assert.deepEqual(cause.operations, ['mandates.get']);
    assert.equal(cause.failures, 1, 'one call waited; the others were skipped');
    assert.match(output, /^ {2}✗ timeout .*Mandate › Get Details did not answer in time/m);
    assert.match(output, /skipped: mandates\.get: timeout/);
  });
});
