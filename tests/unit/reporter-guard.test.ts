import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { HttpExchange } from 'allure-js-commons/http';
import { guarded } from '../../helpers/reporters/reporter-guard';
import { playwrightTest, type ChildRun } from '../../scripts/child';
import { knownSecrets, scanArtifacts } from '../../scripts/scan-secrets';
import { ownTarget, type OwnTarget } from './own-target';

/**
 * A reporter never ends a run. Django REST Framework answers every 401 with `WWW-Authenticate:
 * Bearer realm="api"`; redacting the serialized evidence once turned that into invalid JSON, the
 * Allure reporter threw reading it back, and Node exited with no verdict, no triage and no
 * leftovers scan. Runs against a sandbox of the test's own whose 401s carry the challenge.
 */
const CHALLENGE = 'Bearer realm="api", error="invalid_token"';
const TOKEN = 'guard-probe-token-51c0e7a2';
const OTHER = 'guard-probe-other-0d93b6f4';
/** One test whose calls all answer 401, one whose setup and cleanup create and remove records. */
const SPECS = ['tests/security/auth.spec.ts', 'tests/contract/accounts.spec.ts'];
const GREP = ['-g', '(Accounts › Detail \\(GET|Detail returns the account as created)', '--workers=1'];

/** What a run must always print at its end, whatever a reporter did: the leftovers scan and the verdict. */
function assertReachedTheEnd(run: ChildRun, reports: string): void {
  assert.match(run.output, /^leftovers: none /m, run.output);
  assert.match(run.output, /^\d+ passed, \d+ failed, \d+ skipped \([\d.]+ s, (passed|failed)\)$/m, run.output);
  assert.ok(existsSync(join(reports, 'triage.json')), 'the triage wrote its report');
}

describe('a reporter never ends a run', () => {
  let target: OwnTarget;

  before(async () => {
    target = await ownTarget('guard', { tenants: { [TOKEN]: 'tenant-a', [OTHER]: 'tenant-b' } }, (app) =>
      app.addHook('onSend', async (_request, reply, payload) => {
        if (reply.statusCode !== 401) return payload;
        reply.header('www-authenticate', CHALLENGE);
        // A body no error dialect allows, quoting the challenge: the auth test fails, so the challenge also
        // goes through every failure report (console, JUnit, HTML, triage), not only the evidence.
        return JSON.stringify({ challenge: CHALLENGE });
      }),
    );
  });

  after(() => target.close());

  it('a 401 with WWW-Authenticate: Bearer realm="api", error="invalid_token" goes through every reporter intact', { timeout: 120_000 }, async () => {
    const env = target.env({
      API_TOKEN: TOKEN,
      ISOLATION_TOKEN: OTHER,
      ALLURE_RESULTS_DIR: join(target.dir, 'challenge', 'allure'),
      REPORTS_DIR: join(target.dir, 'challenge', 'reports'),
    });
    const reports = env.REPORTS_DIR!;
    const results = env.ALLURE_RESULTS_DIR!;
    const run = await playwrightTest([...SPECS, ...GREP], { env, timeoutMs: 120_000 });

    assert.equal(run.code, 1, 'the auth test fails on the 401 body, and nothing else ends the run');
    assert.doesNotMatch(run.output, /reporter \w+ failed in/, 'no reporter failed');
    assertReachedTheEnd(run, reports);
    assert.match(run.output, /^triage: \d+ root cause\(s\)/m);
    // The failure quotes the body as the target sent it, in the console and in JUnit.
    const quoted = JSON.stringify({ challenge: CHALLENGE });
    assert.ok(run.output.includes(quoted), 'the console quotes the body intact');
    assert.ok(readFileSync(join(reports, 'junit.xml'), 'utf8').includes(quoted), 'JUnit quotes the body intact');

    // Allure's HTTP exchange of each 401 is JSON again and carries the challenge as sent.
    const exchanges = readdirSync(results)
      .filter((f) => f.endsWith('-attachment.httpexchange'))
      .map((f) => JSON.parse(readFileSync(join(results, f), 'utf8')) as HttpExchange)
      .filter((e) => e.response?.status === 401);
    assert.equal(exchanges.length, 5, 'one exchange per credential the auth test tried');
    for (const e of exchanges) assert.deepEqual(e.response?.headers?.find((h) => h.name === 'www-authenticate')?.value, CHALLENGE);

    const scan = scanArtifacts(
      [target.dir],
      knownSecrets(
        [
          ['API_TOKEN', TOKEN],
          ['ISOLATION_TOKEN', OTHER],
        ],
        reports,
      ),
      reports,
    );
    assert.deepEqual(scan.findings, [], 'no token in any artifact');
    assert.ok(!run.output.includes(TOKEN) && !run.output.includes(OTHER), 'no token in the console');
  });

  it('a reporter that cannot write (its results folder lies under a file) is named once, and the run reaches its verdict', { timeout: 120_000 }, async () => {
    const blocker = join(target.dir, 'not-a-folder');
    writeFileSync(blocker, '');
    const env = target.env({
      API_TOKEN: TOKEN,
      ISOLATION_TOKEN: OTHER,
      ALLURE_RESULTS_DIR: join(blocker, 'allure'),
      REPORTS_DIR: join(target.dir, 'blocked', 'reports'),
    });
    const run = await playwrightTest(['tests/contract/accounts.spec.ts', ...GREP], { env, timeoutMs: 120_000 });

    const lines = run.output.split('\n').filter((l) => l.startsWith('reporter LosAllureReporter failed'));
    assert.equal(lines.length, 1, run.output);
    assert.match(lines[0], /ENOTDIR/);
    assertReachedTheEnd(run, env.REPORTS_DIR!);
    assert.equal(run.code, 0, 'a reporter that failed does not fail a run whose tests passed');
  });

  it('guarded() reports what a hook throws or rejects with once per reporter, and passes results through', async () => {
    class Flaky {
      onBegin(): void {
        throw new Error(`cannot begin: Bearer ${TOKEN}`);
      }
      onTestEnd(): Promise<void> {
        return Promise.reject(new Error('cannot write'));
      }
      onEnd(): { status: 'failed' } {
        return { status: 'failed' };
      }
    }
    const printed: string[] = [];
    const original = console.error;
    console.error = (line: string) => void printed.push(line);
    try {
      const reporter = new (guarded(Flaky))();
      assert.equal(reporter.onBegin(), undefined);
      assert.equal(await reporter.onTestEnd(), undefined);
      assert.deepEqual(reporter.onEnd(), { status: 'failed' });
    } finally {
      console.error = original;
    }
    assert.deepEqual(printed, ['\nreporter Flaky failed in onBegin: Error: cannot begin: Bearer [REDACTED] (its later errors are not shown; the run goes on)']);
  });
});
