import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { operation } from '../../schemas/catalogue';
import { RUN_GATES, writeGate } from '../../helpers/checks/allure-evidence';
import type { CallRecord } from '../../helpers/core/calls';
import { aggregate } from '../../helpers/triage/coverage';
import { triageGate } from '../../helpers/triage/triage';
import { leftoversGate } from '../../scripts/leftovers';
import { secretScanGate } from '../../scripts/scan-secrets';

/** The run's gates as Allure results: each with its verdict and its figures, under its own heading. */
interface Result {
  name: string;
  fullName: string;
  status: string;
  statusDetails: { message?: string };
  labels: { name: string; value: string }[];
}

const detail = (ms: number): CallRecord => ({ op: 'accounts.detail', purpose: 'valid', method: 'GET', status: 200, ms, test: 't' });

void test('the coverage gate and the latency budgets carry their figures, and are off when the gate only reports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'los-gates-'));
  try {
    const budgeted = [
      { ...operation('accounts.detail'), latencyBudgetMs: 50 },
      { ...operation('accounts.list'), latencyBudgetMs: 50 },
    ];
    const [coverage, latency] = aggregate(dir, [detail(40), detail(60)], true, budgeted).gates;
    assert.deepEqual(coverage, {
      name: 'coverage gate',
      verdict: 'failed',
      figures: '1/2 LOS operations exercised',
      details: 'not exercised: accounts.list (Accounts › List)',
    });
    assert.deepEqual(latency, {
      name: 'latency budgets',
      verdict: 'failed',
      figures: '0/1 timed operations within their p95 budget',
      details: 'Accounts › Detail p95 60.0 ms > 50 ms',
    });
    const passing = aggregate(dir, [detail(40)], true, budgeted.slice(0, 1)).gates;
    assert.deepEqual(
      passing.map((g) => [g.verdict, g.figures, g.details]),
      [
        ['passed', '1/1 LOS operations exercised', undefined],
        ['passed', '1/1 timed operations within their p95 budget', undefined],
      ],
    );
    const off = aggregate(dir, [detail(60)], false, budgeted).gates;
    assert.deepEqual(
      off.map((g) => g.verdict),
      ['off', 'off'],
    );
    assert.match(off[0].details ?? '', /reported only \(COVERAGE_GATE=off/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('triage, leftovers and the secret scan fail their gate exactly when they fail the run', () => {
  assert.deepEqual(triageGate({ causes: [], inconclusive: 2, unmasked: 0 }), {
    name: 'triage',
    verdict: 'passed',
    figures: '0 root cause(s), 2 inconclusive, 0 unmasked',
    details: undefined,
  });
  assert.equal(triageGate({ causes: [], inconclusive: 0, unmasked: 1 }).verdict, 'failed');

  const clean = { runId: 'r1', leftovers: [], scanned: 7, leadsRecorded: 3 };
  assert.deepEqual(leftoversGate(clean), {
    name: 'leftovers',
    verdict: 'passed',
    figures: '0 record(s) left behind (7 open accounts scanned, 3 leads recorded)',
    details: undefined,
  });
  const left = leftoversGate({ ...clean, leftovers: [{ kind: 'lead', tenant: 'API_TOKEN', id: 'l-1', detail: 'DELETE answered 204' }] });
  assert.equal(left.verdict, 'failed');
  assert.match(left.details ?? '', /lead l-1 on API_TOKEN: DELETE answered 204/);

  assert.deepEqual(secretScanGate([], 12, '2 token'), {
    name: 'secret scan',
    verdict: 'passed',
    figures: '0 finding(s) in 12 files (looked for 2 token)',
    details: undefined,
  });
  const found = secretScanGate([{ file: 'reports/junit.xml', kind: 'token' }], 12, '2 token');
  assert.deepEqual([found.verdict, found.details], ['failed', 'reports/junit.xml: token']);
});

void test('writeGate leaves one Allure result per gate under its own heading, its status the verdict', () => {
  const dir = mkdtempSync(join(tmpdir(), 'los-gates-'));
  try {
    writeGate(dir, { name: 'coverage gate', verdict: 'failed', figures: '36/37 LOS operations exercised', details: 'not exercised: Accounts › List' });
    writeGate(dir, { name: 'leftovers', verdict: 'passed', figures: '0 record(s) left behind' });
    writeGate(dir, { name: 'latency budgets', verdict: 'off', figures: '3/3 timed operations within their p95 budget', details: 'reported only' });
    const results = readdirSync(dir)
      .filter((f) => f.endsWith('-result.json'))
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Result)
      .sort((a, b) => a.name.localeCompare(b.name));
    assert.deepEqual(
      results.map((r) => [r.name, r.fullName, r.status, r.statusDetails.message]),
      [
        ['coverage gate: 36/37 LOS operations exercised', `${RUN_GATES} › coverage gate`, 'failed', 'not exercised: Accounts › List'],
        ['latency budgets: 3/3 timed operations within their p95 budget', `${RUN_GATES} › latency budgets`, 'skipped', 'reported only'],
        ['leftovers: 0 record(s) left behind', `${RUN_GATES} › leftovers`, 'passed', undefined],
      ],
    );
    for (const r of results) assert.deepEqual(r.labels.find((l) => l.name === 'epic')?.value, RUN_GATES);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
