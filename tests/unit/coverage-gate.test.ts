import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { losOperations } from '../../schemas/catalogue';
import { buildSandbox } from '../../sandbox/server';
import { DEFAULT_TENANT_TOKENS } from '../../sandbox/tenants';
import { playwrightTest } from '../../scripts/child';

/**
 * The coverage gate counts the requests actually sent: a run in which one operation's test is
 * skipped or deleted fails, naming the operation, even though every test that ran passed.
 */
describe('coverage gate', () => {
  let sandbox: FastifyInstance;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    sandbox = buildSandbox();
    await sandbox.listen({ port: 0, host: '127.0.0.1' });
    dir = mkdtempSync(join(tmpdir(), 'los-gate-'));
    env = {
      ...process.env,
      CI: '',
      FORCE_COLOR: '0',
      COVERAGE_GATE: 'on',
      BASE_URL: `http://127.0.0.1:${(sandbox.server.address() as AddressInfo).port}`,
      API_TOKEN: DEFAULT_TENANT_TOKENS['tenant-a'],
      ISOLATION_TOKEN: DEFAULT_TENANT_TOKENS['tenant-b'],
      CONSOLE_REPORTER: 'dot',
      REPORTS_DIR: join(dir, 'reports'),
      ALLURE_RESULTS_DIR: join(dir, 'allure-results'),
    };
  });

  after(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes when every catalogued operation is exercised', async () => {
    const run = await playwrightTest(['tests/contract/every-operation.spec.ts'], { env, timeoutMs: 120_000 });
    assert.equal(run.code, 0, run.output);
    assert.ok(run.output.includes(`coverage: ${losOperations.length}/${losOperations.length} LOS operations exercised`), run.output);
  });

  it('fails, naming the operation, when the test of one operation is left out', async () => {
    const run = await playwrightTest(['tests/contract/every-operation.spec.ts', '--grep-invert', 'Mandate › Get Details'], { env, timeoutMs: 120_000 });
    assert.match(run.output, /\b38 passed\b/, 'every test that ran passed');
    assert.notEqual(run.code, 0, run.output);
    assert.match(run.output, /not exercised: mandates\.get \(Mandate › Get Details\)/);
    assert.match(run.output, /coverage gate: FAILED/);
  });
});
