import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { runChild } from '../../scripts/child';
import { buildSandbox } from '../../sandbox/server';
import { DEFAULT_TENANT_TOKENS } from '../../sandbox/tenants';

/**
 * Cleanup that holds: behind a flaky gateway that answers 502 to every second teardown write
 * (Accounts › Drop, CRM › Delete Lead), the deliberately failing cleanup spec still has all its
 * records removed, because teardown asks again with backoff, and the run ends with no leftovers.
 */
const TOKEN = DEFAULT_TENANT_TOKENS['tenant-a'];

describe('cleanup behind a flaky gateway', () => {
  let sandbox: FastifyInstance;
  let dir: string;
  const runId = `rflaky${randomBytes(3).toString('hex')}`;

  before(async () => {
    sandbox = buildSandbox({ network: { failEvery: 2 } });
    dir = mkdtempSync(join(tmpdir(), 'los-flaky-cleanup-'));
  });
  after(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('retries teardown writes the gateway failed, and leaves nothing behind', async () => {
    const url = await sandbox.listen({ port: 0, host: '127.0.0.1' });
    const run = await runChild(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', 'tests/reliability/cleanup.spec.ts', '--workers=1'], {
      env: {
        ...process.env,
        CI: '',
        FORCE_COLOR: '0',
        BASE_URL: url,
        API_TOKEN: TOKEN,
        ISOLATION_TOKEN: DEFAULT_TENANT_TOKENS['tenant-b'],
        LOS_RUN_ID: runId,
        REPORTS_DIR: join(dir, 'reports'),
        ALLURE_RESULTS_DIR: join(dir, 'allure-results'),
        COVERAGE_GATE: 'off',
      },
      timeoutMs: 120_000,
    });
    assert.equal(run.code, 0, run.output.slice(-3000));
    assert.match(run.output, new RegExp(`leftovers: none \\(run ${runId}: \\d+ open accounts scanned, 4 leads recorded\\)`));
    const dropped = await fetch(`${url}/v1/los/accounts/?status=dropped&page_size=100`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const accounts = ((await dropped.json()) as { results: Array<{ ref_id: string }> }).results.filter((a) => a.ref_id.startsWith(runId));
    assert.equal(accounts.length, 3, 'the activation, initiated and approved accounts were dropped despite the 502s');
  });
});
