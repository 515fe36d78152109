import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { catalogueFingerprint, compareWithLastGreen, targetUrl, type Changes, type Target } from '../../helpers/triage/triage-changes';
import type { Triage } from '../../helpers/triage/triage';

const A: Target = { url: 'https://a.example.test', catalogue: 'c1' };
const B: Target = { url: 'https://b.example.test', catalogue: 'c1' };
const none: Triage = { causes: [], inconclusive: 0, unmasked: 0 };
const red: Triage = {
  causes: [{ cause: 'field_renamed', operations: ['accounts.detail'], failures: 3, summary: 'renamed a → b?', fix: 'schemas/accounts.json#/x' }],
  inconclusive: 0,
  unmasked: 0,
};

/** A reports folder (history next to it) and a writer of the coverage and latency a run leaves. */
function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'los-changes-'));
  const reportsDir = join(dir, 'reports');
  mkdirSync(reportsDir);
  const write = (drift: string[], p95: number, { missing = [] as string[], count = 30 } = {}) => {
    writeFileSync(join(reportsDir, 'coverage.json'), JSON.stringify({ missing, operations: [{ id: 'accounts.detail', undeclaredFields: drift }] }));
    writeFileSync(
      join(reportsDir, 'latency.json'),
      JSON.stringify({
        operations: [
          { id: 'accounts.detail', p95, count },
          { id: 'accounts.list', p95: 10, count },
        ],
      }),
    );
  };
  const changes = (): Changes => JSON.parse(readFileSync(join(reportsDir, 'changes.json'), 'utf8')) as Changes;
  return { reportsDir, write, changes, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Each run is compared with the last whole green run against its target: new causes, new drift fields, p95 regressions. */
void test('a red run after a green one lists its new causes, new drift fields and p95 regressions, and does not become the baseline', () => {
  const { reportsDir, write, changes, done } = workspace();
  try {
    write(['/x'], 100, { missing: ['accounts.list'] });
    assert.match(
      compareWithLastGreen(reportsDir, none, true, A)[0],
      /no green run against https:\/\/a\.example\.test to compare with yet/,
      'a partial run is no baseline',
    );
    write(['/x'], 100);
    assert.equal(compareWithLastGreen(reportsDir, none, true, A)[0], 'changes: first green run against https://a.example.test; kept as the baseline');

    write(['/x', '/y'], 250);
    const lines = compareWithLastGreen(reportsDir, red, false, A);
    assert.match(lines[0], /against https:\/\/a\.example\.test .*1 new cause\(s\), 1 new drift field\(s\), 1 p95 regression\(s\)/);
    const found = changes();
    assert.deepEqual(found.new_causes, ['field_renamed: renamed a → b?']);
    assert.deepEqual(found.new_drift_fields, [{ operation: 'accounts.detail', fields: ['/y'] }]);
    assert.deepEqual(
      found.p95_regressions,
      [{ operation: 'accounts.detail', baseline_ms: 100, p95_ms: 250, calls: 30 }],
      '100 → 250 ms over 30 calls is a regression',
    );

    write(['/x'], 190);
    compareWithLastGreen(reportsDir, none, true, A);
    assert.deepEqual(changes().p95_regressions, [], 'the red run did not replace the baseline; 1.9× is no regression');
  } finally {
    done();
  }
});

void test('a run against another target is never compared with the first: it says it is that target’s baseline', () => {
  const { reportsDir, write, changes, done } = workspace();
  try {
    write(['/x'], 22);
    compareWithLastGreen(reportsDir, none, true, A);
    write(['/x', '/y'], 596);
    assert.deepEqual(compareWithLastGreen(reportsDir, red, true, B), [
      'changes: no green run against https://b.example.test to compare with yet (a whole green run becomes the baseline)',
    ]);
    assert.deepEqual(
      changes(),
      { target: B, baseline: null, new_causes: [], new_drift_fields: [], p95_regressions: [] },
      '22 → 596 ms across targets is no change',
    );
    assert.deepEqual(compareWithLastGreen(reportsDir, none, true, B), ['changes: first green run against https://b.example.test; kept as the baseline']);

    write(['/x'], 22);
    assert.match(
      compareWithLastGreen(reportsDir, none, true, A)[0],
      /^changes since the last green run against https:\/\/a\.example\.test .* 0 p95 regression/,
      'A kept its own baseline',
    );
    assert.deepEqual(
      compareWithLastGreen(reportsDir, none, true, { ...A, catalogue: 'c2' }),
      ['changes: first green run against https://a.example.test; kept as the baseline'],
      'a changed contract starts a new baseline',
    );
  } finally {
    done();
  }
});

void test('a latency change is reported only at 2× and +50 ms, over enough calls in both runs', () => {
  const { reportsDir, write, changes, done } = workspace();
  const regressions = (before: number, after: number, count = 30) => {
    write([], before, { count });
    compareWithLastGreen(reportsDir, none, true, A);
    write([], after, { count });
    compareWithLastGreen(reportsDir, none, false, A);
    return changes().p95_regressions.map((r) => `${r.baseline_ms}→${r.p95_ms}`);
  };
  try {
    assert.deepEqual(regressions(20, 60), [], '3× but only +40 ms');
    assert.deepEqual(regressions(100, 250), ['100→250']);
    assert.deepEqual(regressions(100, 199), [], '+99 ms but under 2×');
    assert.deepEqual(regressions(100, 250, 19), [], 'too few calls to tell');
  } finally {
    done();
  }
});

void test('the target is the base URL without credentials; the fingerprint follows the schemas', () => {
  assert.equal(targetUrl('https://user:secret@api.example.test/v1/'), 'https://api.example.test/v1');
  const dir = mkdtempSync(join(tmpdir(), 'los-schemas-'));
  try {
    writeFileSync(join(dir, 'catalogue.ts'), 'export const operations = [];');
    writeFileSync(join(dir, 'accounts.json'), '{}');
    const before = catalogueFingerprint(dir);
    assert.equal(catalogueFingerprint(dir), before);
    writeFileSync(join(dir, 'accounts.json'), '{"type":"object"}');
    assert.notEqual(catalogueFingerprint(dir), before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
