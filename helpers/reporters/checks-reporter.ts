import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter } from '@playwright/test/reporter';
import { CHECKS } from '../checks/checks';
// Defines the scenario checks, so that CHECKS holds every check.
import '../checks/checks-conformance';
import { checksDir, type CheckRecord } from '../checks/checks-record';
import { reportsDir } from '../core/config';
import { guarded } from './reporter-guard';

export interface CheckTally {
  check: string;
  /** What the check asserts, from its definition. */
  title: string;
  cases: number;
  failed: number;
  /** Cases per operation, so a check that never reached an operation shows up. */
  operations: Record<string, { cases: number; failed: number }>;
}

export function tally(records: CheckRecord[]): CheckTally[] {
  const byCheck = new Map<string, CheckTally>();
  for (const r of records) {
    const entry = byCheck.get(r.check) ?? { check: r.check, title: CHECKS.find((c) => c.name === r.check)?.title ?? '', cases: 0, failed: 0, operations: {} };
    const perOp = (entry.operations[r.op] ??= { cases: 0, failed: 0 });
    entry.cases++;
    perOp.cases++;
    if (!r.ok) {
      entry.failed++;
      perOp.failed++;
    }
    byCheck.set(r.check, entry);
  }
  return [...byCheck.values()].sort((a, b) => a.check.localeCompare(b.check));
}

export function readChecks(reportsDir: string): CheckRecord[] {
  const dir = checksDir(reportsDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean))
    .map((line) => JSON.parse(line) as CheckRecord);
}

/** Prints `check <name>: N cases, F failed` for every check the run applied, and writes reports/checks.json. */
class ChecksReporter implements Reporter {
  private readonly reportsDir = reportsDir();

  onBegin(): void {
    rmSync(checksDir(this.reportsDir), { recursive: true, force: true });
  }

  onEnd(): void {
    const tallies = tally(readChecks(this.reportsDir));
    if (!tallies.length) return;
    mkdirSync(this.reportsDir, { recursive: true });
    writeFileSync(join(this.reportsDir, 'checks.json'), JSON.stringify(tallies, null, 2));
    const width = Math.max(...tallies.map((t) => t.check.length));
    console.log(`\nchecks (${join(this.reportsDir, 'checks.json')}):`);
    for (const t of tallies) console.log(`  check ${t.check.padEnd(width)}: ${t.cases} cases, ${t.failed} failed`);
  }

  printsToStdio(): boolean {
    return false;
  }
}

export default guarded(ChecksReporter);
