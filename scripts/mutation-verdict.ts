import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckTally } from '../helpers/reporters/checks-reporter';
import type { FaultDefinition } from '../sandbox/fault-kit';

/**
 * How the fault proof (scripts/mutation.ts) judges one run: what reported the fault, whether the
 * run came to a verdict at all, whether a fault's definition can be judged, and which faults each
 * check alone reported.
 */

export type Verdict = 'caught' | 'missed' | 'green' | 'false alarm' | 'error';

export interface Outcome {
  fault: string;
  benign: boolean;
  verdict: Verdict;
  seconds: number;
  /** The checks with a failed case and the triage's causes: what reported the fault. */
  reportedBy: string[];
  /** Why the verdict is what it is, when that is not plain. */
  detail: string;
}

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

/** The checks with a failed case (reports/checks.json) and the causes the triage named (reports/triage.json); whether either was written. */
function reporters(reportsDir: string): { checks: string[]; causes: string[]; written: boolean } {
  const tallies = readJson<CheckTally[]>(join(reportsDir, 'checks.json'));
  const triage = readJson<{ causes: { cause: string }[] }>(join(reportsDir, 'triage.json'));
  return {
    checks: (tallies ?? []).filter((t) => t.failed > 0).map((t) => t.check),
    causes: [...new Set((triage?.causes ?? []).map((c) => c.cause))],
    written: tallies !== undefined || triage !== undefined,
  };
}

/** What the run's exit says before its reports are read: a run that did not come to a verdict is an error, never a catch. */
function runError(code: number | null, output: string, seconds: number): string | undefined {
  if (code === null) return `killed after ${seconds.toFixed(0)} s (time limit or signal)`;
  if (/No tests found/.test(output)) return 'Playwright found no tests: a caughtBy path or filter matches nothing';
  if (code !== 0 && code !== 1) return `exit code ${code} (a configuration or setup error, not a verdict)`;
  return undefined;
}

const failureLines = (output: string): string =>
  output
    .split('\n')
    .filter((l) => /✗|passed|failed|Error/.test(l))
    .slice(0, 4)
    .join('\n');

/**
 * The verdict on one finished run of the suite against a sandbox with one fault on (or a benign
 * variation): a run that came to no verdict is an error; a fault is caught only when one of its
 * catchers is among what reported it; a benign variation must leave the run green.
 */
export function judge(
  def: FaultDefinition,
  run: { code: number | null; output: string; seconds: number },
  reportsDir: string,
): Pick<Outcome, 'verdict' | 'reportedBy' | 'detail'> {
  const outcome = (verdict: Verdict, reportedBy: string[] = [], detail = '') => ({ verdict, reportedBy, detail });
  const error = runError(run.code, run.output, run.seconds);
  if (error) return outcome('error', [], error);
  const { checks, causes, written } = reporters(reportsDir);
  const reportedBy = [...checks, ...causes];
  const summary = reportedBy.length ? `reported by ${reportedBy.join(', ')}` : 'no check failed and no cause was named';
  if (def.benign) return run.code === 0 ? outcome('green') : outcome('false alarm', reportedBy, `${summary}\n${failureLines(run.output)}`);
  if (run.code === 0) return outcome('missed', [], `the run is green; expected ${def.catchers.join(' or ')}`);
  if (!written) return outcome('error', [], `red, but neither reports/checks.json nor reports/triage.json was written\n${failureLines(run.output)}`);
  return def.catchers.some((c) => reportedBy.includes(c))
    ? outcome('caught', reportedBy)
    : outcome('missed', reportedBy, `red, but ${summary}; expected ${def.catchers.join(' or ')}\n${failureLines(run.output)}`);
}

/** Definitions that cannot be judged: no catcher, a catcher that is no check or cause, a caughtBy path that does not exist. */
export function definitionErrors(
  faults: Readonly<Record<string, FaultDefinition>>,
  known: ReadonlySet<string>,
  exists: (path: string) => boolean = existsSync,
): string[] {
  return Object.entries(faults).flatMap(([name, def]) => {
    if (def.benign) return [];
    return [
      ...(def.caughtBy.length ? [] : [`${name}: names no spec that catches it (caughtBy)`]),
      ...def.caughtBy.filter((path) => !exists(path)).map((path) => `${name}: caughtBy ${path} does not exist`),
      ...(def.catchers.length ? [] : [`${name}: names no check or cause that must report it (catchers)`]),
      ...def.catchers.filter((c) => !known.has(c)).map((c) => `${name}: catcher ${c} is neither a check nor a triage cause`),
    ];
  });
}

/**
 * Per check, the faults it alone reported (the run stopped at the first failed test, so this is
 * what that test's checks saw): a check no fault needs alone is named, as a candidate to fold into
 * another or to give a fault of its own.
 */
export function soleCatchers(outcomes: Outcome[], checks: readonly string[]): string[] {
  const checkNames = new Set(checks);
  const alone = new Map<string, string[]>(checks.map((c) => [c, []]));
  for (const o of outcomes.filter((x) => x.verdict === 'caught')) {
    const failed = o.reportedBy.filter((r) => checkNames.has(r));
    if (failed.length === 1) alone.get(failed[0])!.push(o.fault);
  }
  const width = Math.max(...[...alone.keys()].map((k) => k.length));
  return [...alone].map(([check, faults]) =>
    faults.length ? `  ${check.padEnd(width)}  ${faults.length} alone: ${faults.join(', ')}` : `  ${check.padEnd(width)}  catches no fault alone`,
  );
}
