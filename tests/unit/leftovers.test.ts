import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ledgerFile } from '../../helpers/factory';
import { Faults } from '../../sandbox/faults/index';
import { accountTransitions, INITIAL_ACCOUNT_STATUS, OPEN_ACCOUNT_STATUSES, TABLE_STATUSES } from '../../schemas/catalogue';
import { playwrightTest, runChild } from '../../scripts/child';
import { DEFAULT_TENANT_TOKENS, SANDBOX_PROGRAM } from '../../sandbox/tenants';
import { ownTarget, type OwnTarget } from './own-target';

/**
 * Runs the deliberately failing cleanup spec against a sandbox of its own, then looks at what the
 * run left: its accounts dropped (the active one stays active), those made ahead that no test took
 * dropped too, its leads gone, and the leftovers check green; then plants an open record of the same run and shows the check going red, both as a
 * script and as the run's globalTeardown.
 */
const TOKEN = DEFAULT_TENANT_TOKENS['tenant-a'];
/** Accounts the worker makes at once (CONCURRENCY): the spec takes one per status but the drop's, the rest stay unused. */
const AHEAD = 6;

describe('cleanup and leftovers', () => {
  let target: OwnTarget;
  let env: NodeJS.ProcessEnv;
  const runId = `rtest${randomBytes(4).toString('hex')}`;

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${target.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: response.status === 204 ? undefined : ((await response.json()) as Record<string, unknown>) };
  };
  const accountsOfRun = async (status: string) =>
    ((await call('GET', `/v1/los/accounts/?status=${status}&page_size=100`)).json?.results as Array<{ ref_id: string }>).filter((a) =>
      a.ref_id.startsWith(runId),
    );
  const playwright = () => playwrightTest(['tests/reliability/cleanup.spec.ts', '--workers=1'], { env, timeoutMs: 90_000 });

  before(async () => {
    target = await ownTarget('leftovers');
    env = target.env({ LOS_RUN_ID: runId, CONCURRENCY: String(AHEAD) });
  });

  after(() => target.close());

  it('a test that fails midway has its records cleaned up, and the run ends with no leftovers', { timeout: 90_000 }, async () => {
    const result = await playwright();
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /1 passed/, 'the failing test counts as an expected failure');
    // One batch of AHEAD accounts, all under the one lead they share.
    assert.match(result.output, new RegExp(`leftovers: none \\(run ${runId}: \\d+ open accounts scanned, 1 leads recorded\\)`), result.output);

    for (const status of OPEN_ACCOUNT_STATUSES) assert.deepEqual(await accountsOfRun(status), [], `no ${status} account of the run is left`);
    const dropped = accountTransitions['accounts.drop'].to;
    const taken = TABLE_STATUSES.length - 1;
    assert.equal(
      (await accountsOfRun(dropped)).length,
      OPEN_ACCOUNT_STATUSES.length + AHEAD - taken,
      `the ${OPEN_ACCOUNT_STATUSES.join(', ')} accounts and the ${AHEAD - taken} made ahead that no test took were dropped`,
    );
    for (const status of TABLE_STATUSES.filter((s) => s !== dropped && !OPEN_ACCOUNT_STATUSES.includes(s))) {
      assert.equal((await accountsOfRun(status)).length, 1, `the ${status} account stays ${status}: the table cannot drop it`);
    }
  });

  it('reports an open account and an undeleted lead of the run, from the script and as the run teardown', { timeout: 90_000 }, async () => {
    const lead = await call('POST', '/v1/crm/leads/', {
      program_id: SANDBOX_PROGRAM.id,
      primary_mobile: '+919811111111',
      applicants: [{ applicant_type: 'individual', is_primary: true, full_name: 'Left Over' }],
    });
    const leadId = lead.json?.id as string;
    const account = await call('POST', '/v1/los/accounts/', { crm_lead_id: leadId, ref_id: `${runId}-PLANTED`, program_id: SANDBOX_PROGRAM.id });
    assert.equal(account.status, 201);
    appendFileSync(ledgerFile(env.REPORTS_DIR!, runId), `${JSON.stringify({ kind: 'lead', id: leadId })}\n`);
    // A lead whose DELETE the run saw answer 204, yet still there: the spot-check of deleted leads finds it.
    const kept = await call('POST', '/v1/crm/leads/', {
      program_id: SANDBOX_PROGRAM.id,
      primary_mobile: '+919822222222',
      applicants: [{ applicant_type: 'individual', is_primary: true, full_name: 'Not Deleted' }],
    });
    const keptId = kept.json?.id as string;
    appendFileSync(
      ledgerFile(env.REPORTS_DIR!, runId),
      [
        { kind: 'lead', id: keptId },
        { kind: 'lead-deleted', id: keptId },
      ]
        .map((e) => `${JSON.stringify(e)}\n`)
        .join(''),
    );

    const script = await runChild(process.execPath, ['--import', 'tsx', 'scripts/leftovers.ts', runId], { env: { ...env, LOS_RUN_ID: '' }, timeoutMs: 90_000 });
    assert.equal(script.code, 1, script.output);
    assert.match(script.output, /leftovers: 3 /);
    assert.match(script.output, new RegExp(`account ${account.json?.id as string} on API_TOKEN: ref_id ${runId}-PLANTED is still ${INITIAL_ACCOUNT_STATUS}`));
    // Named, with the way to remove it by hand (the token read from the shell, never printed).
    assert.match(
      script.output,
      new RegExp(`remove it with: curl -sS -X PUT '${target.url}/v1/los/accounts/${account.json?.id as string}/drop/' -H "Authorization: Bearer \\$API_TOKEN"`),
    );
    assert.match(script.output, new RegExp(`lead ${leadId} on API_TOKEN: was left behind \\(a second DELETE answered 204, so it is gone now\\)`));
    assert.match(script.output, new RegExp(`lead ${keptId} on API_TOKEN: was left behind \\(.*the run’s own DELETE had answered 204 without deleting it\\)`));

    const teardown = await playwright();
    assert.notEqual(teardown.code, 0, 'the run fails when its teardown finds leftovers');
    assert.match(teardown.output, /leftovers: 1 /, teardown.output);
    assert.match(teardown.output, /the run left 1 record\(s\) behind/);
  });
});

describe('leftovers on a target whose list refuses a status filter', () => {
  it('walks the list unfiltered, says so once, and still finds a planted open account of the run', { timeout: 90_000 }, async () => {
    const target = await ownTarget('leftovers-unfiltered', { faults: new Faults(['accounts_list_refuses_status_filter']) });
    try {
      const runId = `rtest${randomBytes(4).toString('hex')}`;
      const call = async (path: string, body: unknown) =>
        (await fetch(`${target.url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then((r) => r.json())) as { id: string };
      const lead = await call('/v1/crm/leads/', {
        program_id: SANDBOX_PROGRAM.id,
        primary_mobile: '+919833333333',
        applicants: [{ applicant_type: 'individual', is_primary: true, full_name: 'Left Over' }],
      });
      const account = await call('/v1/los/accounts/', { crm_lead_id: lead.id, ref_id: `${runId}-PLANTED`, program_id: SANDBOX_PROGRAM.id });
      // Another run's open account on the same list: not this run's leftover.
      const other = await call('/v1/crm/leads/', {
        program_id: SANDBOX_PROGRAM.id,
        primary_mobile: '+919844444444',
        applicants: [{ applicant_type: 'individual', is_primary: true, full_name: 'Someone Else' }],
      });
      await call('/v1/los/accounts/', { crm_lead_id: other.id, ref_id: `other${runId}`, program_id: SANDBOX_PROGRAM.id });

      const script = await runChild(process.execPath, ['--import', 'tsx', 'scripts/leftovers.ts', runId], {
        env: target.env({ LOS_RUN_ID: '' }),
        timeoutMs: 60_000,
      });
      assert.equal(script.code, 1, script.output);
      assert.equal(script.output.match(/answered 400; walking the unfiltered list instead/g)?.length, 1, script.output);
      assert.match(script.output, /leftovers: 1 \(run \S+: 2 open accounts scanned/);
      assert.match(script.output, new RegExp(`account ${account.id} on API_TOKEN: ref_id ${runId}-PLANTED is still ${INITIAL_ACCOUNT_STATUS}`));
    } finally {
      await target.close();
    }
  });
});
