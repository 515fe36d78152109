import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OperationCoverage, OperationLatency } from './coverage';
import type { Triage } from './triage';

/**
 * Memory across runs: each run is compared with the last green one, kept in LOS_HISTORY_DIR
 * (default .los-history next to the reports folder; CI keeps it in a cache next to Allure's history): causes that are new,
 * response fields the schemas don't declare that are new, and operations whose p95 grew by more
 * than half. Printed, and written to reports/changes.json.
 */
interface Snapshot {
  at: string;
  causes: string[];
  drift: Record<string, string[]>;
  p95: Record<string, number>;
}

export interface Changes {
  baseline: string | null;
  new_causes: string[];
  new_drift_fields: Array<{ operation: string; fields: string[] }>;
  p95_regressions: Array<{ operation: string; baseline_ms: number; p95_ms: number }>;
}

/** p95 moves by a few ms between identical runs on a busy machine: a regression must be both +50 % and this many ms. */
const MIN_REGRESSION_MS = 5;

/** Next to the reports folder: a run with its own REPORTS_DIR (a self-test) keeps its own history. */
const historyDir = (reportsDir: string): string => process.env.LOS_HISTORY_DIR || join(reportsDir, '..', '.los-history');
const readJson = <T>(file: string): T | undefined => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined);

function snapshot(reportsDir: string, found: Triage): Snapshot {
  const coverage = readJson<{ operations: OperationCoverage[] }>(join(reportsDir, 'coverage.json'));
  const latency = readJson<{ operations: OperationLatency[] }>(join(reportsDir, 'latency.json'));
  return {
    at: new Date().toISOString(),
    causes: found.causes.map((c) => `${c.cause}: ${c.summary}`),
    drift: Object.fromEntries((coverage?.operations ?? []).filter((o) => o.undeclaredFields.length).map((o) => [o.id, o.undeclaredFields])),
    p95: Object.fromEntries((latency?.operations ?? []).map((o) => [o.id, o.p95])),
  };
}

export function compare(now: Snapshot, last: Snapshot | undefined): Changes {
  return {
    baseline: last?.at ?? null,
    new_causes: now.causes.filter((c) => !last?.causes.includes(c)),
    new_drift_fields: Object.entries(now.drift)
      .map(([operation, fields]) => ({ operation, fields: fields.filter((f) => !last?.drift[operation]?.includes(f)) }))
      .filter((d) => last && d.fields.length),
    p95_regressions: Object.entries(now.p95).flatMap(([operation, p95]) => {
      const before = last?.p95[operation];
      return before !== undefined && p95 > before * 1.5 && p95 - before >= MIN_REGRESSION_MS ? [{ operation, baseline_ms: before, p95_ms: p95 }] : [];
    }),
  };
}

/**
 * Writes reports/changes.json, remembers this run when it is green and whole (every operation
 * exercised: a partial or sharded run is no baseline), and returns the console lines.
 */
export function compareWithLastGreen(reportsDir: string, found: Triage, passed: boolean): string[] {
  const file = join(historyDir(reportsDir), 'last-green.json');
  const now = snapshot(reportsDir, found);
  const coverage = readJson<{ missing: string[] }>(join(reportsDir, 'coverage.json'));
  const green = passed && !found.causes.length && coverage?.missing.length === 0;
  const changes = compare(now, readJson<Snapshot>(file));
  writeFileSync(join(reportsDir, 'changes.json'), JSON.stringify(changes, null, 2));
  if (green) {
    mkdirSync(historyDir(reportsDir), { recursive: true });
    writeFileSync(file, JSON.stringify(now, null, 2));
  }
  if (!changes.baseline) return [`changes: no green run to compare with yet${green ? ' (this one is kept as the baseline)' : ''}`];
  const lines = [
    `changes since the last green run (${changes.baseline}): ${changes.new_causes.length} new cause(s), ${changes.new_drift_fields.reduce((n, d) => n + d.fields.length, 0)} new drift field(s), ${changes.p95_regressions.length} p95 regression(s) over 50% (${join(reportsDir, 'changes.json')})`,
  ];
  for (const c of changes.new_causes.slice(0, 10)) lines.push(`  + cause ${c}`);
  for (const d of changes.new_drift_fields.slice(0, 10)) lines.push(`  + drift ${d.operation}: ${d.fields.join(', ')}`);
  for (const r of changes.p95_regressions.slice(0, 10)) lines.push(`  + p95 ${r.operation}: ${r.baseline_ms} → ${r.p95_ms} ms`);
  return lines;
}
