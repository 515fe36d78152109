import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { operations, title } from '../../schemas/catalogue';
import { playwrightTest } from '../../scripts/child';
import { ownTarget } from './own-target';

/**
 * A call is one step in the reports, the call's own (helpers/net/api.ts withoutStepOfItsOwn): Playwright's
 * "GET http://…" step would sit inside it, thousands of times a run, telling nothing more. That rests
 * on a private method of Playwright's; if a release changed it, the inner steps would come back (or
 * the call's error would lose its name and call log) without a word. One real test, whose last call
 * never answers, is run with a reporter that writes down every step and its category.
 */
interface Seen {
  title: string;
  category: string;
  parent?: string;
}

const RECORDER = `import { writeFileSync } from 'node:fs';
const seen = [];
export default class {
  onStepBegin(test, result, step) { seen.push({ title: step.title, category: step.category, parent: step.parent?.title }); }
  onEnd() { writeFileSync(process.env.STEPS_FILE, JSON.stringify(seen)); }
}
`;

const callTitles = new Set(operations.map((o) => title(o)));
const isCall = (stepTitle: string | undefined): boolean => !!stepTitle && callTitles.has(stepTitle.replace(/ \[[a-z-]+\]$/, ''));

void test("a call is one step of the suite's own, and a failed call still names the fetch and shows its call log", { timeout: 120_000 }, async () => {
  const target = await ownTarget('call-steps', { network: { hang: ['accounts.detail'] } });
  try {
    const recorder = join(target.dir, 'step-recorder.mjs');
    const stepsFile = join(target.dir, 'steps.json');
    writeFileSync(recorder, RECORDER);
    const env = target.env({ STEPS_FILE: stepsFile, REQUEST_TIMEOUT_MS: '700', NETWORK_RETRIES: '0', CONCURRENCY: '1' });
    const run = await playwrightTest(
      ['tests/contract/accounts.spec.ts', '--workers=1', '-g', 'Detail returns the account as created', `--reporter=line,${recorder}`],
      { env },
    );
    assert.notEqual(run.code, 0, 'the hanging Accounts › Detail fails the test');
    assert.match(run.output, /apiRequestContext\.fetch: Timeout 700ms exceeded/, 'the error names the fetch');
    assert.match(run.output, /authorization: Bearer \[REDACTED\]/, 'and carries its (redacted) call log');

    const seen = JSON.parse(readFileSync(stepsFile, 'utf8')) as Seen[];
    const calls = seen.filter((s) => isCall(s.title));
    assert.ok(calls.some((s) => s.title.startsWith('Accounts › Create')) && calls.some((s) => s.title.startsWith('Accounts › Detail')), 'the calls were made');
    assert.deepEqual(
      seen.filter((s) => s.category === 'pw:api' && isCall(s.parent)),
      [],
      "no step of Playwright's own inside a call's step",
    );
  } finally {
    await target.close();
  }
});
