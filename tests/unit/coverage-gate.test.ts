import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { losOperations } from '../../schemas/catalogue';
import { playwrightTest } from '../../scripts/child';
import { ownTarget, type OwnTarget } from './own-target';

/**
 * The coverage gate counts the requests actually sent: a run in which one operation's test is
 * skipped or deleted fails, naming the operation, even though every test that ran passed.
 */
describe('coverage gate', () => {
  let target: OwnTarget;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    target = await ownTarget('gate');
    env = target.env({ COVERAGE_GATE: 'on', CONSOLE_REPORTER: 'dot' });
  });

  after(() => target.close());

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
