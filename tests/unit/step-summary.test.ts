import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Faults } from '../../sandbox/faults/index';
import { DEFAULT_TENANT_TOKENS } from '../../sandbox/tenants';
import { playwrightTest } from '../../scripts/child';
import { appendStepSummary, gateStates, type RunSummary } from '../../helpers/triage/step-summary';
import { ownTarget } from './own-target';

/** With GITHUB_STEP_SUMMARY set, the job page gets the verdict and why, the root causes, coverage and gates; never a token. */
void test('a red run appends its verdict, causes and coverage line to GITHUB_STEP_SUMMARY, without a token', { timeout: 240_000 }, async () => {
  const target = await ownTarget('step-summary', { faults: new Faults(['account_field_renamed']) });
  try {
    const summary = join(target.dir, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const run = await playwrightTest(['--workers=1', 'tests/contract/accounts.spec.ts'], {
      timeoutMs: 180_000,
      env: target.env({ CONSOLE_REPORTER: '', LOS_HISTORY_DIR: join(target.dir, 'history'), GITHUB_STEP_SUMMARY: summary }),
    });
    assert.notEqual(run.code, 0, run.output);
    const text = readFileSync(summary, 'utf8');
    assert.ok(text.startsWith('# earlier step\n## LOS conformance: failed\n'), `appended, verdict first:\n${text}`);
    assert.match(text, /^Failed: \d+ test\(s\) failed\.$/m);
    assert.match(text, /^- `field_renamed`: \d+ failure\(s\) in accounts\.\S+.*: renamed program_id → programme_id\?/m);
    assert.match(text, /^\*\*Coverage:\*\* \d+\/37 operations exercised, \d+ requests$/m);
    assert.match(text, /^- coverage gate, latency budget: not applied .*COVERAGE_GATE=off/m);
    assert.match(text, /^\*\*Changes:\*\* no green run against http:\/\/127\.0\.0\.1:\d+ to compare with yet/m);
    assert.match(text, /the `los-conformance-report` artifact/);
    for (const token of Object.values(DEFAULT_TENANT_TOKENS)) assert.ok(!text.includes(token), `no ${token} in the summary`);
  } finally {
    await target.close();
  }
});

void test('the merged run’s summary: gates from the merged reports, a token in a cause redacted, REPORT_ARTIFACT named; nothing without GITHUB_STEP_SUMMARY', () => {
  const dir = mkdtempSync(join(tmpdir(), 'los-summary-'));
  const reportsDir = join(dir, 'reports');
  mkdirSync(reportsDir);
  try {
    writeFileSync(
      join(reportsDir, 'coverage.json'),
      JSON.stringify({ requests: 812, losOperations: 37, exercised: 36, missing: ['leads.delete (Delete Lead)'] }),
    );
    writeFileSync(
      join(reportsDir, 'latency.json'),
      JSON.stringify({
        operations: [{ operation: 'List Accounts', id: 'accounts.list', count: 40, p50: 80, p95: 900, max: 950, budgetMs: 800, overBudget: true }],
      }),
    );
    const { gates, reasons } = gateStates(reportsDir, true);
    assert.deepEqual(reasons, ['coverage gate: 1 operation(s) not exercised', 'latency budget: 1 operation(s) over their p95 budget']);
    const summary = join(dir, 'summary.md');
    const run: RunSummary = {
      title: 'LOS conformance (all shards merged)',
      passed: false,
      reasons,
      triage: {
        causes: [{ cause: 'auth_not_enforced', operations: ['accounts.list'], failures: 1, summary: 'echoed Bearer s3cret-token-value', fix: 'the target' }],
        inconclusive: 0,
        unmasked: 0,
      },
      changes: ['changes: first green run against https://a.example.test; kept as the baseline'],
      gates,
    };
    appendStepSummary(reportsDir, run, { API_TOKEN: 's3cret-token-value' });
    assert.throws(() => readFileSync(summary), /ENOENT/, 'no GITHUB_STEP_SUMMARY, no file');
    appendStepSummary(reportsDir, run, { GITHUB_STEP_SUMMARY: summary, API_TOKEN: 's3cret-token-value', REPORT_ARTIFACT: 'my-report' });
    const text = readFileSync(summary, 'utf8');
    assert.match(text, /^## LOS conformance \(all shards merged\): failed$/m);
    assert.match(text, /^Failed: coverage gate: 1 operation\(s\) not exercised; latency budget: 1 operation\(s\) over their p95 budget\.$/m);
    assert.match(text, /^\*\*Coverage:\*\* 36\/37 operations exercised, 812 requests$/m);
    assert.match(text, /^- coverage gate: FAILED: not exercised: leads\.delete \(Delete Lead\)$/m);
    assert.match(text, /^- latency budget: FAILED: List Accounts p95 900 ms > 800 ms$/m);
    assert.match(text, /^\*\*Changes:\*\* first green run against https:\/\/a\.example\.test; kept as the baseline$/m);
    assert.match(text, /the `my-report` artifact/);
    assert.ok(!text.includes('s3cret-token-value'), text);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
