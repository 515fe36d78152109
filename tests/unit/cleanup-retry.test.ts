import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { playwrightTest } from '../../scripts/child';
import { DEFAULT_TENANT_TOKENS } from '../../sandbox/tenants';
import { ownTarget, type OwnTarget } from './own-target';

/**
 * Cleanup that holds: behind a flaky gateway that answers 502 to every second teardown write
 * (Accounts › Drop, CRM › Delete Lead), the deliberately failing cleanup spec still has all its
 * records removed, because teardown asks again with backoff, and the run ends with no leftovers.
 */
const TOKEN = DEFAULT_TENANT_TOKENS['tenant-a'];

describe('cleanup behind a flaky gateway', () => {
  let target: OwnTarget;
  const runId = `rflaky${randomBytes(3).toString('hex')}`;

  before(async () => {
    target = await ownTarget('flaky-cleanup', { network: { failEvery: 2 } });
  });
  after(() => target.close());

  it('retries teardown writes the gateway failed, and leaves nothing behind', async () => {
    // One account made at a time: the spec's four, no spare.
    const run = await playwrightTest(['tests/reliability/cleanup.spec.ts', '--workers=1'], {
      env: target.env({ LOS_RUN_ID: runId, CONCURRENCY: '1' }),
      timeoutMs: 120_000,
    });
    assert.equal(run.code, 0, run.output.slice(-3000));
    assert.match(run.output, new RegExp(`leftovers: none \\(run ${runId}: \\d+ open accounts scanned, 4 leads recorded\\)`));
    const dropped = await fetch(`${target.url}/v1/los/accounts/?status=dropped&page_size=100`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const accounts = ((await dropped.json()) as { results: Array<{ ref_id: string }> }).results.filter((a) => a.ref_id.startsWith(runId));
    assert.equal(accounts.length, 3, 'the activation, initiated and approved accounts were dropped despite the 502s');
  });
});
