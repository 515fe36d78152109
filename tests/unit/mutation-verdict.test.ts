import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FaultDefinition } from '../../sandbox/fault-kit';
import { definitionErrors, judge, soleCatchers, type Outcome } from '../../scripts/mutation-verdict';

/** The fault proof counts a catch only by the catcher a fault names; a run that came to no verdict is an error. */
const fault: FaultDefinition = {
  description: 'Accounts › Create answers 200',
  caughtBy: ['tests/contract/accounts.spec.ts'],
  catchers: ['status_code_conformance'],
};
const benign: FaultDefinition = { description: 'extra fields', benign: true, caughtBy: [], catchers: [] };

function reportsWith(failedChecks: string[], causes: string[] | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'los-verdict-'));
  mkdirSync(dir, { recursive: true });
  const tally = (check: string, failed: number) => ({ check, title: '', cases: 3, failed, operations: {} });
  writeFileSync(join(dir, 'checks.json'), JSON.stringify([tally('not_a_server_error', 0), ...failedChecks.map((c) => tally(c, 1))]));
  if (causes) writeFileSync(join(dir, 'triage.json'), JSON.stringify({ causes: causes.map((cause) => ({ cause })) }));
  return dir;
}
const red = { code: 1, output: '1 failed', seconds: 5 };

void test('a red run is a catch only when the fault’s catcher reported it', (t) => {
  const caught = reportsWith(['status_code_conformance'], ['status_mismatch']);
  const other = reportsWith(['response_schema_conformance'], ['field_missing']);
  t.after(() => [caught, other].forEach((d) => rmSync(d, { recursive: true, force: true })));
  assert.equal(judge(fault, red, caught).verdict, 'caught');
  const missed = judge(fault, red, other);
  assert.equal(missed.verdict, 'missed', 'red by another check is no catch');
  assert.match(missed.detail, /red, but reported by response_schema_conformance, field_missing; expected status_code_conformance/);
  assert.equal(judge({ ...fault, catchers: ['field_missing'] }, red, other).verdict, 'caught', 'a triage cause is a catcher too');
  assert.equal(judge(fault, { ...red, code: 0 }, caught).verdict, 'missed', 'a green run misses');
});

void test('a run that came to no verdict is an error, never a catch', (t) => {
  const reports = reportsWith(['status_code_conformance'], ['status_mismatch']);
  const none = mkdtempSync(join(tmpdir(), 'los-verdict-'));
  t.after(() => [reports, none].forEach((d) => rmSync(d, { recursive: true, force: true })));
  assert.match(judge(fault, { code: null, output: '', seconds: 600 }, reports).detail, /killed after 600 s/);
  assert.equal(judge(fault, { code: null, output: '', seconds: 600 }, reports).verdict, 'error');
  assert.equal(judge(fault, { code: 1, output: 'Error: No tests found.', seconds: 1 }, reports).verdict, 'error');
  assert.equal(judge(fault, { code: 2, output: 'BASE_URL is not a URL', seconds: 1 }, reports).verdict, 'error');
  assert.match(judge(fault, red, none).detail, /neither reports\/checks\.json nor reports\/triage\.json was written/);
  assert.equal(judge(fault, red, none).verdict, 'error', 'red without a report: a crash, not a catch');
});

void test('a benign variation is green or a false alarm', (t) => {
  const reports = reportsWith(['response_schema_conformance'], ['other']);
  t.after(() => rmSync(reports, { recursive: true, force: true }));
  assert.equal(judge(benign, { code: 0, output: '', seconds: 9 }, reports).verdict, 'green');
  assert.equal(judge(benign, red, reports).verdict, 'false alarm');
});

void test('a definition without a catcher, with an unknown catcher or a caughtBy path that does not exist cannot be judged', () => {
  const known = new Set(['status_code_conformance', 'route_missing']);
  const exists = (path: string) => path === 'tests/contract/accounts.spec.ts';
  assert.deepEqual(definitionErrors({ fault, benign }, known, exists), []);
  assert.deepEqual(
    definitionErrors(
      {
        none: { ...fault, catchers: [] },
        typo: { ...fault, catchers: ['status_code_conformence'] },
        gone: { ...fault, caughtBy: ['tests/contract/gone.spec.ts'] },
        nothing: { ...fault, caughtBy: [] },
      },
      known,
      exists,
    ),
    [
      'none: names no check or cause that must report it (catchers)',
      'typo: catcher status_code_conformence is neither a check nor a triage cause',
      'gone: caughtBy tests/contract/gone.spec.ts does not exist',
      'nothing: names no spec that catches it (caughtBy)',
    ],
  );
});

void test('the summary names, per check, the faults it alone reported, and a check that reported none alone', () => {
  const outcome = (name: string, reportedBy: string[]): Outcome => ({ fault: name, benign: false, verdict: 'caught', seconds: 1, reportedBy, detail: '' });
  const lines = soleCatchers(
    [outcome('a', ['status_code_conformance', 'status_mismatch']), outcome('b', ['status_code_conformance', 'response_schema_conformance'])],
    ['status_code_conformance', 'response_schema_conformance', 'unsupported_method'],
  );
  assert.match(lines[0], /status_code_conformance +1 alone: a$/);
  assert.match(lines[1], /response_schema_conformance +catches no fault alone$/);
  assert.match(lines[2], /unsupported_method +catches no fault alone$/);
});
