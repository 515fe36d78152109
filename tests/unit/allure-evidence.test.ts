import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { operations, title } from '../../schemas/catalogue';
import { matchTemplate } from '../../schemas/paths';
import { playwrightTest } from '../../scripts/child';
import { ownTarget } from './own-target';

/**
 * helpers/reporters/allure-reporter.ts reads allure-playwright's private state to file each call's evidence
 * in the call's own step. If a new allure-playwright moved that state, the evidence would land on
 * the test, or nowhere, without an error: this runs one real test (setup calls made two at a time, as
 * the factory makes accounts ahead, then one call in the test) and reads the Allure results it leaves;
 * with it, one test of a spec with a heading of its own and one security test, for the report tree's labels.
 */
interface Step {
  name: string;
  steps?: Step[];
  attachments?: { name: string; source: string }[];
}

interface Result extends Step {
  fullName: string;
  labels: { name: string; value: string }[];
}

const byTitle = new Map(operations.map((o) => [title(o), o]));
const operationOf = (step: Step) => byTitle.get(step.name.replace(/ \[[a-z-]+\]$/, ''));

const callSteps = (steps: Step[] = []): Step[] => steps.flatMap((s) => [...(operationOf(s) ? [s] : []), ...callSteps(s.steps)]);

void test("each call's exchange and curl attachments sit in that call's step of the Allure results", { timeout: 60_000 }, async () => {
  const target = await ownTarget('allure');
  try {
    // The first test of the worker makes CONCURRENCY accounts ahead, their calls in flight together.
    const env = target.env({ CONSOLE_REPORTER: 'line', CONCURRENCY: '2' });
    const results = env.ALLURE_RESULTS_DIR!;
    const run = await playwrightTest(
      [
        'tests/contract/accounts.spec.ts',
        'tests/reliability/cleanup.spec.ts',
        'tests/security/auth.spec.ts',
        '-g',
        'Detail returns the account as created|fails midway|Accounts › Detail \\(GET',
        '--workers=1',
      ],
      { env },
    );
    assert.equal(run.code, 0, run.output);

    const all = readdirSync(results)
      .filter((f) => f.endsWith('-result.json'))
      .map((f) => JSON.parse(readFileSync(join(results, f), 'utf8')) as Result);
    const labelsOf = (spec: string) => {
      const found = all.filter((r) => r.labels.some((l) => l.name === 'suite' && l.value === spec));
      assert.equal(found.length, 1, `one test result of ${spec}: ${all.map((r) => r.fullName).join(', ')}`);
      const [{ labels }] = found;
      return ['epic', 'feature', 'story', 'severity'].map((name) => [name, labels.filter((l) => l.name === name).map((l) => l.value)]);
    };
    // The report's tree (allurerc.mjs groupBy): the operation the test is about, not its setup or cleanup calls.
    assert.deepEqual(labelsOf('contract/accounts.spec.ts'), [
      ['epic', ['LOS']],
      ['feature', ['Accounts']],
      ['story', ['Accounts › Detail']],
      ['severity', ['normal']],
    ]);
    assert.deepEqual(labelsOf('reliability/cleanup.spec.ts'), [
      ['epic', ['LOS']],
      ['feature', ['Cleanup']],
      ['story', []],
      ['severity', ['normal']],
    ]);
    assert.deepEqual(labelsOf('security/auth.spec.ts'), [
      ['epic', ['LOS']],
      ['feature', ['Accounts']],
      ['story', ['Accounts › Detail']],
      ['severity', ['critical']],
    ]);

    const result = all.find((r) => r.labels.some((l) => l.value === 'contract/accounts.spec.ts')) as Result;
    assert.deepEqual(result.attachments, [], 'no call evidence falls back onto the test itself');

    const calls = callSteps(result.steps);
    assert.deepEqual(
      calls.map((s) => s.name),
      // The setup makes a batch of accounts ahead under the one lead they share.
      ['CRM › Create Lead [setup]', 'Accounts › Create [setup]', 'Accounts › Create [setup]', 'Accounts › Detail'],
      'the setup and the test each leave their calls as steps; cleanup, handed to the janitor, leaves none',
    );
    for (const call of calls) {
      const op = operationOf(call)!;
      const parts = Object.fromEntries((call.steps ?? []).map((s) => [s.name, s.attachments ?? []]));
      assert.deepEqual(Object.keys(parts).sort(), ['curl', 'exchange'], `${call.name} holds its exchange and curl steps`);
      const [exchange] = parts.exchange;
      const [curl] = parts.curl;
      const sent = (JSON.parse(readFileSync(join(results, exchange.source), 'utf8')) as { request: { method: string; url: string } }).request;
      assert.equal(sent.method, op.method, `${call.name}: the exchange is of this call`);
      assert.ok(matchTemplate(op.path, new URL(sent.url).pathname), `${call.name}: the exchange is of this call (${sent.url})`);
      assert.ok(
        readFileSync(join(results, curl.source), 'utf8').startsWith(`curl -sS -X ${op.method} '${sent.url}'`),
        `${call.name}: the curl line replays this call`,
      );
    }
  } finally {
    await target.close();
  }
});
