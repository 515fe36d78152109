import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { playwrightTest, runChild } from '../../scripts/child';
import { knownSecrets, scanArtifacts } from '../../scripts/scan-secrets';
import { ownTarget, type OwnTarget } from './own-target';

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
  let target: OwnTarget;
  let dir: string;

  before(async () => {
    target = await ownTarget('leak', { tenants: { [TOKEN]: 'tenant-a', [OTHER]: 'tenant-b' }, network: { hang: ['accounts.detail'] } });
    dir = target.dir;
  });

  after(() => target.close());

  it('a request timeout leaves the token in no console line, report, attachment or result file', async () => {
    const env = target.env({ API_TOKEN: TOKEN, ISOLATION_TOKEN: OTHER, REQUEST_TIMEOUT_MS: '700', NETWORK_RETRIES: '0', BLOB_REPORT: '1' });
    const reports = env.REPORTS_DIR!;
    const run = await playwrightTest(['tests/contract/accounts.spec.ts', '--workers=1', '-g', 'Detail returns the account as created'], {
      env,
      timeoutMs: 120_000,
    });
    // The hang was reached, and Playwright printed its call log, which carries the request headers.
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
      `import { guardConsole } from './helpers/reporters/console-guard.ts';`,
      `import { registerSecret } from './helpers/core/redact.ts';`,
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
