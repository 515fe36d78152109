import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { runChild } from '../../scripts/child';
import { knownSecrets, scanArtifacts } from '../../scripts/scan-secrets';
import { buildSandbox } from '../../sandbox/server';

/**
 * A request that times out makes Playwright print its call log, request headers included. Against
 * a sandbox whose Accounts › Detail never answers, with a 700 ms request timeout, the token of the
 * run must appear nowhere: not in a console line, a report, an attachment or a result file.
 */
const TOKEN = 'leak-probe-token-7f3a9c21';
const OTHER = 'leak-probe-other-5be01d44';

function* everyFile(root: string): Generator<string> {
  for (const entry of readdirSync(root)) {
    const path = join(root, entry);
    if (statSync(path).isDirectory()) yield* everyFile(path);
    else yield path;
  }
}

describe('no token in any output', () => {
  let sandbox: FastifyInstance;
  let dir: string;

  before(async () => {
    sandbox = buildSandbox({ tenants: { [TOKEN]: 'tenant-a', [OTHER]: 'tenant-b' }, network: { hang: ['accounts.detail'] } });
    dir = mkdtempSync(join(tmpdir(), 'los-leak-'));
  });

  after(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a request timeout leaves the token in no console line, report, attachment or result file', async () => {
    const url = await sandbox.listen({ port: 0, host: '127.0.0.1' });
    const reports = join(dir, 'reports');
    const run = await runChild(
      process.execPath,
      ['node_modules/@playwright/test/cli.js', 'test', 'tests/contract/accounts.spec.ts', '--workers=1', '-g', 'Detail returns the account as created'],
      {
        env: {
          ...process.env,
          CI: '',
          FORCE_COLOR: '0',
          BASE_URL: url,
          API_TOKEN: TOKEN,
          ISOLATION_TOKEN: OTHER,
          REQUEST_TIMEOUT_MS: '700',
          NETWORK_RETRIES: '0',
          REPORTS_DIR: reports,
          ALLURE_RESULTS_DIR: join(dir, 'allure-results'),
          BLOB_REPORT: '1',
          COVERAGE_GATE: 'off',
        },
        timeoutMs: 120_000,
      },
    );
    // The hang was reached, and Playwright printed the call log that used to carry the header.
    assert.notEqual(run.code, 0, 'the hanging operation fails its tests');
    assert.match(run.output, /Timeout 700ms exceeded/);
    assert.match(run.output, /authorization: Bearer \[REDACTED\]/);
    assert.ok(!run.output.includes(TOKEN), 'the token is not in the console');
    assert.ok(!run.output.includes(OTHER), 'the second token is not in the console');

    // Every file the run wrote, zips (blob report) and the HTML report's embedded data included.
    const files = [...everyFile(dir)];
    assert.ok(files.some((f) => f.endsWith('error-context.md')) && files.some((f) => f.endsWith('junit.xml')) && files.some((f) => f.endsWith('.zip')));
    assert.deepEqual(
      files.filter((f) => readFileSync(f, 'latin1').includes(TOKEN)),
      [],
    );
    const secrets = knownSecrets(
      [
        ['API_TOKEN', TOKEN],
        ['ISOLATION_TOKEN', OTHER],
      ],
      reports,
    );
    const scan = scanArtifacts([dir], secrets, reports);
    assert.deepEqual(scan.findings, []);
    // The scan looked at what the console printed, too.
    assert.match(readFileSync(join(reports, 'console.log'), 'utf8'), /Timeout 700ms exceeded/);
  });

  it('the console guard redacts what any code prints, a library included, and keeps a copy', async () => {
    const copy = join(dir, 'guarded.log');
    const script = [
      `import { guardConsole } from './helpers/console-guard.ts';`,
      `import { registerSecret } from './helpers/redact.ts';`,
      `registerSecret(${JSON.stringify(TOKEN)});`,
      `guardConsole(${JSON.stringify(copy)});`,
      `console.log('library says: token=${TOKEN}');`,
      `console.error(new Error('header authorization: Bearer some-unregistered-token'));`,
      `process.stdout.write(Buffer.from('raw bytes ${TOKEN}\\n'));`,
    ].join('\n');
    const run = await runChild(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeoutMs: 30_000 });
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /library says: token=\[REDACTED\]/);
    assert.match(run.output, /Bearer \[REDACTED\]/);
    assert.match(run.output, /raw bytes \[REDACTED\]/);
    assert.ok(!run.output.includes(TOKEN) && !run.output.includes('some-unregistered-token'));
    assert.equal(readFileSync(copy, 'utf8').includes(TOKEN), false);
    assert.match(readFileSync(copy, 'utf8'), /library says/);
  });
});
