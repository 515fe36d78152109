import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config, loadDotenv } from '../core/config';
import type { OperationCoverage, OperationLatency } from './coverage';
import type { Triage } from './triage';

/**
 * Memory across runs: each run is compared with the last green run against the same target, kept
 * in LOS_HISTORY_DIR (default .los-history next to the reports folder; CI keeps it in a cache next
 * to Allure's history): causes that are new, response fields the schemas don't declare that are
 * new, and operations whose p95 grew beyond the target's own noise. Printed, and written to
 * reports/changes.json. Another target's run is never the baseline: its latencies and its drift
 * say nothing about this one.
 */

/**
 * Who a run was against: the base URL without credentials, and a fingerprint of the catalogue and
 * the schemas it judged with (a changed contract starts a new baseline, as a new target does).
 */
export interface Target {
  url: string;
  catalogue: string;
}

interface Timing {
  p95: number;
  count: number;
}

interface Snapshot {
  at: string;
  target: Target;
  causes: string[];
  drift: Record<string, string[]>;
  latency: Record<string, Timing>;
}

export interface Changes {
  target: Target;
  baseline: string | null;
  new_causes: string[];
  new_drift_fields: Array<{ operation: string; fields: string[] }>;
  p95_regressions: Array<{ operation: string; baseline_ms: number; p95_ms: number; calls: number }>;
}

/** A p95 regression is at least this many times the baseline's p95: p95 of one target wanders by half between identical runs. */
export const REGRESSION_FACTOR = 2;
/** …and at least this many ms slower: doubling a 20 ms p95 is a busy machine, not a slower API. */
export const REGRESSION_MIN_MS = 50;
/** …over at least this many calls of the operation in both runs: the p95 of fewer calls is one of the slowest few. */
export const REGRESSION_MIN_CALLS = 20;

const SCHEMAS = fileURLToPath(new URL('../../schemas/', import.meta.url));

/** The base URL without credentials or trailing slash: the same target however the URL was written. */
export const targetUrl = (baseUrl: string): string => Object.assign(new URL(baseUrl), { username: '', password: '' }).href.replace(/\/+$/, '');

/** sha256 of schemas/catalogue.ts and every schemas/*.json, by name: cheap, and changes only when the contract does. */
export function catalogueFingerprint(dir = SCHEMAS): string {
  const hash = createHash('sha256');
  const files = ['catalogue.ts', ...readdirSync(dir).filter((f) => f.endsWith('.json'))].sort();
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(dir, file)))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}

/**
 * This run's target. BASE_URL is read on its own first: the workflow's report job knows the target
 * but holds no token, which the whole configuration would require.
 */
export function currentTarget(env: NodeJS.ProcessEnv = process.env): Target {
  loadDotenv();
  return { url: targetUrl(env.BASE_URL?.trim() || config().baseUrl), catalogue: catalogueFingerprint() };
}

/** Next to the reports folder: a run with its own REPORTS_DIR (a self-test) keeps its own history. */
const historyDir = (reportsDir: string): string => process.env.LOS_HISTORY_DIR || join(reportsDir, '..', '.los-history');
/** One baseline per target, named by a hash: the URL may not be a file name. */
const baselineFile = (reportsDir: string, target: Target): string =>
  join(historyDir(reportsDir), `last-green-${createHash('sha256').update(`${target.url}\0${target.catalogue}`).digest('hex').slice(0, 16)}.json`);
const readJson = <T>(file: string): T | undefined => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined);

function snapshot(reportsDir: string, found: Triage, target: Target): Snapshot {
  const coverage = readJson<{ operations: OperationCoverage[] }>(join(reportsDir, 'coverage.json'));
  const latency = readJson<{ operations: OperationLatency[] }>(join(reportsDir, 'latency.json'));
  return {
    at: new Date().toISOString(),
    target,
    causes: found.causes.map((c) => `${c.cause}: ${c.summary}`),
    drift: Object.fromEntries((coverage?.operations ?? []).filter((o) => o.undeclaredFields.length).map((o) => [o.id, o.undeclaredFields])),
    latency: Object.fromEntries((latency?.operations ?? []).map((o) => [o.id, { p95: o.p95, count: o.count }])),
  };
}

/** Slower beyond the target's noise: both runs timed enough calls, and p95 is REGRESSION_FACTOR× and REGRESSION_MIN_MS ms slower. */
export const regressed = (before: Timing, now: Timing): boolean =>
  before.count >= REGRESSION_MIN_CALLS &&
  now.count >= REGRESSION_MIN_CALLS &&
  now.p95 >= before.p95 * REGRESSION_FACTOR &&
  now.p95 - before.p95 >= REGRESSION_MIN_MS;

/** A baseline of another target (or contract) is no baseline. */
export function compare(now: Snapshot, found: Snapshot | undefined): Changes {
  const last = found && found.target.url === now.target.url && found.target.catalogue === now.target.catalogue ? found : undefined;
  return {
    target: now.target,
    baseline: last?.at ?? null,
    new_causes: last ? now.causes.filter((c) => !last.causes.includes(c)) : [],
    new_drift_fields: last
      ? Object.entries(now.drift)
          .map(([operation, fields]) => ({ operation, fields: fields.filter((f) => !last.drift[operation]?.includes(f)) }))
          .filter((d) => d.fields.length)
      : [],
    p95_regressions: Object.entries(now.latency).flatMap(([operation, timing]) => {
      const before = last?.latency[operation];
      return before && regressed(before, timing) ? [{ operation, baseline_ms: before.p95, p95_ms: timing.p95, calls: timing.count }] : [];
    }),
  };
}

/**
 * Writes reports/changes.json, remembers this run as its target's baseline when it is green and
 * whole (every operation exercised: a partial or sharded run is no baseline), and returns the
 * console lines.
 */
export function compareWithLastGreen(reportsDir: string, found: Triage, passed: boolean, target: Target = currentTarget()): string[] {
  const file = baselineFile(reportsDir, target);
  const now = snapshot(reportsDir, found, target);
  const coverage = readJson<{ missing: string[] }>(join(reportsDir, 'coverage.json'));
  const green = passed && !found.causes.length && coverage?.missing.length === 0;
  const changes = compare(now, readJson<Snapshot>(file));
  writeFileSync(join(reportsDir, 'changes.json'), JSON.stringify(changes, null, 2));
  if (green) {
    mkdirSync(historyDir(reportsDir), { recursive: true });
    writeFileSync(file, JSON.stringify(now, null, 2));
  }
  if (!changes.baseline) {
    return [
      green
        ? `changes: first green run against ${target.url}; kept as the baseline`
        : `changes: no green run against ${target.url} to compare with yet (a whole green run becomes the baseline)`,
    ];
  }
  const lines = [
    `changes since the last green run against ${target.url} (${changes.baseline}): ${changes.new_causes.length} new cause(s), ${changes.new_drift_fields.reduce((n, d) => n + d.fields.length, 0)} new drift field(s), ${changes.p95_regressions.length} p95 regression(s) (≥ ${REGRESSION_FACTOR}× and +${REGRESSION_MIN_MS} ms over ≥ ${REGRESSION_MIN_CALLS} calls) (${join(reportsDir, 'changes.json')})`,
  ];
  for (const c of changes.new_causes.slice(0, 10)) lines.push(`  + cause ${c}`);
  for (const d of changes.new_drift_fields.slice(0, 10)) lines.push(`  + drift ${d.operation}: ${d.fields.join(', ')}`);
  for (const r of changes.p95_regressions.slice(0, 10)) lines.push(`  + p95 ${r.operation}: ${r.baseline_ms} → ${r.p95_ms} ms (${r.calls} calls)`);
  return lines;
}
