import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig, FullResult, Reporter } from '@playwright/test/reporter';
import { losOperations, operations, title } from '../schemas/catalogue';
import { callsDir, type CallRecord } from './calls';

/** Purposes that don't count as exercising an operation. */
const NOT_EXERCISE = new Set(['cleanup']);

export interface OperationCoverage {
  operation: string;
  method: string;
  path: string;
  provenance: string;
  requests: number;
  statuses: Record<string, number>;
  purposes: Record<string, number>;
  exercised: boolean;
}

export function summarize(records: CallRecord[]): OperationCoverage[] {
  return operations.map((op) => {
    const mine = records.filter((r) => r.op === op.id && !NOT_EXERCISE.has(r.purpose));
    const count = (key: (r: CallRecord) => string) => mine.reduce<Record<string, number>>((acc, r) => ((acc[key(r)] = (acc[key(r)] ?? 0) + 1), acc), {});
    return {
      operation: `${op.id} (${title(op)})`,
      method: op.method,
      path: op.path,
      provenance: op.provenance,
      requests: mine.length,
      statuses: count((r) => String(r.status)),
      purposes: count((r) => r.purpose),
      exercised: mine.some((r) => r.status === op.success && r.method === op.method),
    };
  });
}

export function readCalls(reportsDir: string): CallRecord[] {
  const dir = callsDir(reportsDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean))
    .map((line) => JSON.parse(line) as CallRecord);
}

/**
 * Aggregates the calls every worker recorded into reports/coverage.json and a console summary,
 * and fails the run when a catalogued LOS operation was never answered with its success status
 * (COVERAGE_GATE=off, or a sharded run, only reports).
 */
export default class CoverageReporter implements Reporter {
  private reportsDir = process.env.REPORTS_DIR || 'reports';
  private gate = true;

  onBegin(config: FullConfig): void {
    this.gate = process.env.COVERAGE_GATE !== 'off' && !config.shard;
    rmSync(callsDir(this.reportsDir), { recursive: true, force: true });
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    const records = readCalls(this.reportsDir);
    const coverage = summarize(records);
    mkdirSync(this.reportsDir, { recursive: true });
    const los = coverage.filter((c) => losOperations.some((o) => c.operation.startsWith(`${o.id} `)));
    const missing = los.filter((c) => !c.exercised);
    writeFileSync(
      join(this.reportsDir, 'coverage.json'),
      JSON.stringify(
        {
          requests: records.length,
          losOperations: los.length,
          exercised: los.length - missing.length,
          missing: missing.map((m) => m.operation),
          operations: coverage,
        },
        null,
        2,
      ),
    );
    console.log(`\ncoverage: ${los.length - missing.length}/${los.length} LOS operations exercised, ${records.length} requests sent (reports/coverage.json)`);
    if (missing.length) console.log(`  not exercised: ${missing.map((m) => m.operation).join(', ')}`);
    if (this.gate && missing.length && result.status === 'passed') {
      console.log('coverage gate: FAILED (every catalogued operation must be exercised; COVERAGE_GATE=off to report only)');
      return { status: 'failed' };
    }
    return undefined;
  }

  printsToStdio(): boolean {
    return false;
  }
}
