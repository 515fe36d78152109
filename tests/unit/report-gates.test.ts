import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gateFullName } from '../../helpers/checks/allure-evidence';
import { qualityGateResults } from '../../helpers/reporters/report-gates';

void test('the Quality Gates tab says what the run decided: a failed gate fails with its figures, an unreached one is not run', () => {
  const results = [
    { id: 'a', fullName: gateFullName('coverage gate'), name: 'coverage gate: 36/37 LOS operations exercised', status: 'failed' },
    { id: 'b', fullName: gateFullName('latency budgets'), name: 'latency budgets: 37/37 timed operations within their p95 budget', status: 'skipped' },
    { id: 'c', fullName: gateFullName('triage'), name: 'triage: 0 root cause(s), 0 inconclusive, 0 unmasked', status: 'passed' },
    { id: 'd', fullName: 'LOS › Accounts › Create answers 201', name: 'Create answers 201', status: 'failed' },
  ];
  const gates = qualityGateResults(results);
  assert.deepEqual(
    gates.map((g) => [g.rule, g.success, g.message, g.testResults]),
    [
      ['coverage gate', false, 'coverage gate: 36/37 LOS operations exercised', ['a']],
      ['latency budgets', true, 'latency budgets: 37/37 timed operations within their p95 budget (reported only)', ['b']],
      ['leftovers', true, 'leftovers: not run', []],
      ['secret scan', true, 'secret scan: not run', []],
      ['triage', true, 'triage: 0 root cause(s), 0 inconclusive, 0 unmasked', ['c']],
    ],
  );
});
