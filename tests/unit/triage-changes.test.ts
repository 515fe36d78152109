import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { compareWithLastGreen, type Changes } from '../../helpers/triage/triage-changes';
import type { Triage } from '../../helpers/triage/triage';

/** Each run is compared with the last whole green run: new causes, new drift fields, p95 regressions over 50 %. */
void test('a red run after a green one lists its new causes, new drift fields and p95 regressions, and does not become the baseline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'los-changes-'));
  const reportsDir = join(dir, 'reports');
  mkdirSync(reportsDir);
  const write = (drift: string[], p95: number, missing: string[] = []) => {
    writeFileSync(join(reportsDir, 'coverage.json'), JSON.stringify({ missing, operations: [{ id: 'accounts.detail', undeclaredFields: drift }] }));
    writeFileSync(
      join(reportsDir, 'latency.json'),
      JSON.stringify({
        operations: [
          { id: 'accounts.detail', p95 },
          { id: 'accounts.list', p95: 10 },
        ],
      }),
    );
  };
  const none: Triage = { causes: [], inconclusive: 0, unmasked: 0 };
  const red: Triage = {
    causes: [{ cause: 'field_renamed', operations: ['accounts.detail'], failures: 3, summary: 'renamed a → b?', fix: 'schemas/accounts.json#/x' }],
    inconclusive: 0,
    unmasked: 0,
  };
  const changes = (): Changes => JSON.parse(readFileSync(join(reportsDir, 'changes.json'), 'utf8')) as Changes;
  try {
    write(['/x'], 10, ['accounts.list']);
    assert.match(compareWithLastGreen(reportsDir, none, true)[0], /no green run to compare with yet$/, 'a partial run is no baseline');
    write(['/x'], 10);
    assert.match(compareWithLastGreen(reportsDir, none, true)[0], /this one is kept as the baseline/);

    write(['/x', '/y'], 40);
    const lines = compareWithLastGreen(reportsDir, red, false);
    assert.match(lines[0], /1 new cause\(s\), 1 new drift field\(s\), 1 p95 regression\(s\) over 50%/);
    const found = changes();
    assert.deepEqual(found.new_causes, ['field_renamed: renamed a → b?']);
    assert.deepEqual(found.new_drift_fields, [{ operation: 'accounts.detail', fields: ['/y'] }]);
    assert.deepEqual(found.p95_regressions, [{ operation: 'accounts.detail', baseline_ms: 10, p95_ms: 40 }]);

    write(['/x'], 12);
    compareWithLastGreen(reportsDir, none, true);
    assert.deepEqual(changes().p95_regressions, [], 'the red run did not replace the baseline; +20 % is no regression');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
