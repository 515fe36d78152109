import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { listTests } from '../../scripts/bench/listing';

/** The spec files of the suite on disk; tests/read-only/ only runs in READ_ONLY mode. */
const specFiles = (): string[] =>
  readdirSync('tests', { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.spec.ts') && !path.startsWith('read-only/'))
    .map((path) => join('tests', path))
    .sort();

void test('the bench’s listing finds every spec file and where each test is, and writes no report', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'los-bench-listing-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const reports = join(dir, 'reports');
  const allure = join(dir, 'allure-results');

  const tests = await listTests({ ...process.env, BASE_URL: '', READ_ONLY: '', FORCE_COLOR: '0', REPORTS_DIR: reports, ALLURE_RESULTS_DIR: allure });

  assert.deepEqual([...new Set(tests.map((listed) => listed.file))].sort(), specFiles());
  const [first] = tests;
  assert.match(`${first.file}:${first.line}`, /^tests\/[\w/-]+\.spec\.ts:\d+$/, 'a location the bench can hand to playwright test');
  for (const listed of tests) {
    const line = readFileSync(listed.file, 'utf8').split('\n')[listed.line - 1];
    assert.match(line, /\btest(\.\w+)*\(/, `${listed.file}:${listed.line} (${listed.title}) is where a test is declared`);
  }
  assert.ok(!existsSync(reports), 'the listing wrote reports (the suite’s reporters took part)');
  assert.ok(!existsSync(allure), 'the listing wrote Allure results (the suite’s reporters took part)');
});
