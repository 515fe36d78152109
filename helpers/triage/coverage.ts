import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { operations, title, type Operation } from '../../schemas/catalogue';
import type { Gate } from '../checks/allure-evidence';
import type { CallRecord } from '../core/calls';

/** Purposes that don't count as exercising an operation ('no-data': READ_ONLY found nothing to read, and sent nothing). */
const NOT_EXERCISE = new Set(['cleanup', 'no-data']);
/** Every other purpose (negative, auth, isolation, conflict, …) is a negative case of its operation. */
const POSITIVE = new Set(['valid', 'setup', 'cleanup', 'discovery']);

/** What the run leaves in the reports folder besides the raw call records. */
export const OUTPUTS = ['coverage.json', 'latency.json', 'coverage.md', 'latency.md', 'drift.md'] as const;

export interface OperationCoverage {
  operation: string;
  id: string;
  method: string;
  path: string;
  provenance: string;
  requests: number;
  statuses: Record<string, number>;
  purposes: Record<string, number>;
  /** Calls sent to provoke a refusal (any purpose but valid, setup and cleanup). */
  negative: number;
  exercised: boolean;
  /** Response fields the schema does not declare (drift warnings), array items as `*`. */
  undeclaredFields: string[];
}

export interface OperationLatency {
  operation: string;
  id: string;
  count: number;
  p50: number;
  p95: number;
  max: number;
  budgetMs: number | null;
  overBudget: boolean;
}

const tally = (records: CallRecord[], key: (r: CallRecord) => string): Record<string, number> =>
  records.reduce<Record<string, number>>((acc, r) => ((acc[key(r)] = (acc[key(r)] ?? 0) + 1), acc), {});

export function summarize(records: CallRecord[], ops: readonly Operation[] = operations): OperationCoverage[] {
  return ops.map((op) => {
    const all = records.filter((r) => r.op === op.id);
    const mine = all.filter((r) => !NOT_EXERCISE.has(r.purpose));
    return {
      operation: `${op.id} (${title(op)})`,
      id: op.id,
      method: op.method,
      path: op.path,
      provenance: op.provenance,
      requests: mine.length,
      statuses: tally(mine, (r) => String(r.status)),
      purposes: tally(mine, (r) => r.purpose),
      negative: mine.filter((r) => !POSITIVE.has(r.purpose)).length,
      exercised: mine.some((r) => r.status === op.success && r.method === op.method),
      undeclaredFields: [...new Set(all.flatMap((r) => r.drift ?? []))].sort(),
    };
  });
}

/** Nearest-rank percentile of an ascending list: the smallest value at least q of the samples reach. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1];
}

/**
 * Response times per operation over every call sent with the operation's own method (a call with
 * another method measures a different endpoint), setup and cleanup included: the server does the
 * same work whoever asks. p95 above the catalogue's `latencyBudgetMs` is a budget breach.
 */
export function latency(records: CallRecord[], ops: readonly Operation[] = operations): OperationLatency[] {
  return ops.flatMap((op) => {
    const times = records
      .filter((r) => r.op === op.id && r.method === op.method)
      .map((r) => r.ms)
      .sort((a, b) => a - b);
    if (times.length === 0) return [];
    const p95 = percentile(times, 0.95);
    const budgetMs = op.latencyBudgetMs ?? null;
    return [
      {
        operation: title(op),
        id: op.id,
        count: times.length,
        p50: percentile(times, 0.5),
        p95,
        max: times[times.length - 1],
        budgetMs,
        overBudget: budgetMs !== null && p95 > budgetMs,
      },
    ];
  });
}

const ms = (n: number): string => n.toFixed(1);
const statusList = (statuses: Record<string, number>): string =>
  Object.entries(statuses)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');

function table(header: string[], rows: string[][], numeric: boolean[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)];
}

function markdown(header: string[], rows: string[][]): string[] {
  const escape = (c: string) => c.replace(/\|/g, '\\|');
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(escape).join(' | ')} |`)];
}

export interface Verdict {
  /** Why the run must fail (coverage gate, latency budgets); empty when it may pass. */
  failures: string[];
  lines: string[];
  /** The coverage gate and the latency budgets with their figures, for the Allure report. */
  gates: Gate[];
}

/**
 * Turns the recorded calls into reports/coverage.json, latency.json and the Markdown summaries the
 * Allure report shows as global attachments (allurerc.mjs), and says whether the gate holds.
 * Used by the reporter after a run, and by scripts/coverage.ts on the calls of all shards.
 */
export function aggregate(reportsDir: string, all: CallRecord[], gate: boolean, ops: readonly Operation[] = operations, readOnly = false): Verdict {
  // READ_ONLY judges reads only, and excuses a read that found nothing to read (it says so).
  const noData = new Set(all.filter((r) => r.purpose === 'no-data').map((r) => r.op));
  const records = all.filter((r) => r.purpose !== 'no-data');
  const coverage = summarize(records, ops);
  const los = coverage.filter((c) => {
    const op = ops.find((o) => o.id === c.id);
    return op?.los && (!readOnly || op.method === 'GET');
  });
  const unreached = readOnly ? los.filter((c) => !c.exercised && noData.has(c.id)) : [];
  const missing = los.filter((c) => !c.exercised && !unreached.includes(c));
  const timings = latency(records, ops);
  const overBudget = timings.filter((t) => t.overBudget);
  const drifting = coverage.filter((c) => c.undeclaredFields.length);
  const exercised = los.length - missing.length - unreached.length;

  mkdirSync(reportsDir, { recursive: true });
  const write = (file: (typeof OUTPUTS)[number], text: string) => writeFileSync(join(reportsDir, file), text);
  write(
    'coverage.json',
    JSON.stringify({ requests: records.length, losOperations: los.length, exercised, missing: missing.map((m) => m.operation), operations: coverage }, null, 2),
  );
  write('latency.json', JSON.stringify({ percentiles: 'nearest-rank', unit: 'ms', operations: timings }, null, 2));

  const timingOf = new Map(timings.map((t) => [t.id, t]));
  // requests and statuses leave cleanup calls out (as the gate does); latency times every call.
  const header = ['operation', 'requests', 'statuses seen', 'negative', 'timed', 'p50 ms', 'p95 ms', 'max ms', 'p95 budget'];
  const numeric = [false, true, false, true, true, true, true, true, true];
  const rows = coverage
    .filter((c) => c.requests > 0 || timingOf.has(c.id))
    .map((c) => {
      const t = timingOf.get(c.id);
      const budget = t?.budgetMs == null ? '—' : `${t.budgetMs}${t.overBudget ? ' ✗' : ''}`;
      const op = ops.find((o) => o.id === c.id) as Operation;
      return [
        title(op),
        String(c.requests),
        statusList(c.statuses) || '—',
        String(c.negative),
        String(t?.count ?? 0),
        t ? ms(t.p50) : '—',
        t ? ms(t.p95) : '—',
        t ? ms(t.max) : '—',
        budget,
      ];
    });

  write(
    'coverage.md',
    [
      `# Coverage: ${exercised}/${los.length} LOS operations exercised`,
      '',
      `${records.length} requests sent.${missing.length ? ` Not exercised: ${missing.map((m) => m.operation).join(', ')}.` : ''}`,
      '',
      ...markdown(
        ['operation', 'method', 'path', 'calls', 'statuses seen', 'negative cases'],
        coverage.map((c) => [c.operation, c.method, c.path, String(c.requests), statusList(c.statuses) || '—', String(c.negative)]),
      ),
      '',
    ].join('\n'),
  );
  write(
    'latency.md',
    [
      '# Latency per operation (ms, nearest-rank percentiles)',
      '',
      ...markdown(
        ['operation', 'calls', 'p50', 'p95', 'max', 'p95 budget'],
        timings.map((t) => [
          t.operation,
          String(t.count),
          ms(t.p50),
          ms(t.p95),
          ms(t.max),
          t.budgetMs === null ? '—' : `${t.budgetMs}${t.overBudget ? ' (exceeded)' : ''}`,
        ]),
      ),
      '',
    ].join('\n'),
  );
  write(
    'drift.md',
    [
      '# Drift warnings: response fields the schemas do not declare',
      '',
      drifting.length
        ? 'Warnings, not failures: the API may add fields. Teach the schemas in `schemas/` about them.'
        : 'None: every response field the run saw is declared by its schema.',
      '',
      ...(drifting.length
        ? markdown(
            ['operation', 'undeclared fields'],
            drifting.map((c) => [c.operation, c.undeclaredFields.join(', ')]),
          )
        : []),
      '',
    ].join('\n'),
  );

  const lines = [
    `coverage: ${exercised}/${los.length} ${readOnly ? 'LOS read operations' : 'LOS operations'} exercised, ${records.length} requests sent (${join(reportsDir, 'coverage.json')})`,
  ];
  if (missing.length) lines.push(`  not exercised: ${missing.map((m) => m.operation).join(', ')}`);
  if (unreached.length) lines.push(`  nothing to read on the tenant (READ_ONLY, skipped with the reason): ${unreached.map((m) => m.operation).join(', ')}`);
  if (rows.length) lines.push('', ...table(header, rows, numeric).map((l) => `  ${l}`), `  latency: ${join(reportsDir, 'latency.json')}`);
  if (drifting.length) {
    lines.push('', `drift warnings (not failures): ${drifting.length} operation(s) answered fields their schema does not declare`);
    for (const c of drifting) lines.push(`  ${c.operation}: ${c.undeclaredFields.join(', ')}`);
  }

  const failures: string[] = [];
  if (gate && missing.length) failures.push('coverage gate: FAILED (every catalogued operation must be exercised; COVERAGE_GATE=off to report only)');
  if (gate && overBudget.length) {
    failures.push(`latency budget: FAILED (${overBudget.map((t) => `${t.operation} p95 ${ms(t.p95)} ms > ${t.budgetMs} ms`).join('; ')})`);
  }
  const verdict = (failed: boolean): Gate['verdict'] => (!gate ? 'off' : failed ? 'failed' : 'passed');
  const off = gate ? undefined : 'reported only (COVERAGE_GATE=off, or a shard: `npm run coverage` applies the gate after the merge)';
  // Operations with a budget that the run timed: one never called has no p95 to judge.
  const budgeted = timings.filter((t) => t.budgetMs !== null);
  const gates: Gate[] = [
    {
      name: 'coverage gate',
      verdict: verdict(missing.length > 0),
      figures: `${exercised}/${los.length} ${readOnly ? 'LOS read operations' : 'LOS operations'} exercised`,
      details: off ?? (missing.length ? `not exercised: ${missing.map((m) => m.operation).join(', ')}` : undefined),
    },
    {
      name: 'latency budgets',
      verdict: verdict(overBudget.length > 0),
      figures: `${budgeted.length - overBudget.length}/${budgeted.length} timed operations within their p95 budget`,
      details: off ?? (overBudget.length ? overBudget.map((t) => `${t.operation} p95 ${ms(t.p95)} ms > ${t.budgetMs} ms`).join('\n') : undefined),
    },
  ];
  return { failures, lines, gates };
}
