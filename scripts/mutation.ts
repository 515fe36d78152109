/**
 * The suite's own proof (run by `npm test`): for every named sandbox fault, the specs that claim
 * to catch it must go red against a sandbox with that fault on, and red by what the fault names as
 * its catcher: a check failing in reports/checks.json or a cause in reports/triage.json. For every
 * benign variation, the whole suite must stay green. Prints a line per fault, which faults each
 * check alone catches, and `faults caught: K/N`, `false alarms: F/B`, `errors: E`.
 *
 *   tsx scripts/mutation.ts [fault ...]   (all faults when none is named)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { CHECKS } from '../helpers/checks';
// Defines the scenario checks, so that CHECKS holds every check.
import '../helpers/checks-conformance';
import type { CheckTally } from '../helpers/checks-reporter';
import { CAUSES } from '../helpers/triage-classify';
import { FAULTS, FAULT_NAMES, Faults, type FaultDefinition, type FaultName } from '../sandbox/faults/index';
import { buildSandbox } from '../sandbox/server';
import { DEFAULT_TENANT_TOKENS } from '../sandbox/tenants';
import { playwrightTest } from './child';

const CONCURRENCY = Number(process.env.MUTATION_CONCURRENCY || 3);
const RUN_TIMEOUT_MS = 600_000;
const definition = (fault: FaultName): FaultDefinition => FAULTS[fault];
const isBenign = (fault: FaultName): boolean => definition(fault).benign === true;

type Verdict = 'caught' | 'missed' | 'green' | 'false alarm' | 'error';

interface Outcome {
  fault: FaultName;
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

/** The checks that failed a case and the causes the triage named: `check:<name>` never collides with a cause. */
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

/**
 * A fault only has to turn its specs red, so its run stops at the first failed test: every failed
 * test costs Playwright a new worker process. One worker per fault run, as the runs themselves go
 * in parallel. The checks and triage reporters say what made it red. A benign variation runs the
 * whole suite with its coverage and latency gate, as `npm run conformance` does. The HTML, JUnit
 * and Allure reports of these throwaway runs are not written.
 */
async function runAgainst(fault: FaultName): Promise<Outcome> {
  const def = definition(fault);
  const benign = isBenign(fault);
  const app = buildSandbox({ faults: new Faults([fault]) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const workDir = mkdtempSync(join(tmpdir(), `los-mutation-${fault}-`));
  const reportsDir = join(workDir, 'reports');
  const reporter = `--reporter=line,./helpers/checks-reporter.ts,./helpers/triage-reporter.ts${benign ? ',./helpers/coverage-reporter.ts' : ''}`;
  const args = benign ? [reporter, '--workers=2'] : [reporter, '--workers=1', '--max-failures=1', ...def.caughtBy];
  try {
    const run = await playwrightTest(args, {
      timeoutMs: RUN_TIMEOUT_MS,
      env: {
        ...process.env,
        BASE_URL: `http://127.0.0.1:${port}`,
        API_TOKEN: DEFAULT_TENANT_TOKENS['tenant-a'],
        ISOLATION_TOKEN: DEFAULT_TENANT_TOKENS['tenant-b'],
        COVERAGE_GATE: benign ? 'on' : 'off',
        REPORTS_DIR: reportsDir,
        ALLURE_RESULTS_DIR: join(workDir, 'allure-results'),
        LOS_HISTORY_DIR: join(workDir, 'history'),
        CI: '',
        FORCE_COLOR: '0',
      },
    });
    const outcome = (verdict: Verdict, reportedBy: string[], detail = ''): Outcome => ({ fault, benign, verdict, seconds: run.seconds, reportedBy, detail });
    const error = runError(run.code, run.output, run.seconds);
    if (error) return outcome('error', [], error);
    const { checks, causes, written } = reporters(reportsDir);
    const reportedBy = [...checks, ...causes];
    const summary = reportedBy.length ? `reported by ${reportedBy.join(', ')}` : 'no check failed and no cause was named';
    if (benign) return run.code === 0 ? outcome('green', []) : outcome('false alarm', reportedBy, `${summary}\n${failureLines(run.output)}`);
    if (run.code === 0) return outcome('missed', [], `the run is green; expected ${def.catchers.join(' or ')}`);
    if (!written) return outcome('error', [], `red, but neither reports/checks.json nor reports/triage.json was written\n${failureLines(run.output)}`);
    return def.catchers.some((c) => reportedBy.includes(c))
      ? outcome('caught', reportedBy)
      : outcome('missed', reportedBy, `red, but ${summary}; expected ${def.catchers.join(' or ')}\n${failureLines(run.output)}`);
  } finally {
    await app.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

const failureLines = (output: string): string =>
  output
    .split('\n')
    .filter((l) => /✗|passed|failed|Error/.test(l))
    .slice(0, 4)
    .join('\n');

/** Definitions that cannot be judged: no catcher, a catcher that is no check or cause, a caughtBy path that does not exist. */
function definitionErrors(names: FaultName[]): string[] {
  const known = new Set<string>([...CHECKS.map((c) => c.name), ...CAUSES]);
  return names.flatMap((name) => {
    const def = definition(name);
    if (def.benign) return [];
    return [
      ...(def.caughtBy.length ? [] : [`${name}: names no spec that catches it (caughtBy)`]),
      ...def.caughtBy.filter((path) => !existsSync(path)).map((path) => `${name}: caughtBy ${path} does not exist`),
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
function soleCatchers(outcomes: Outcome[]): string[] {
  const checkNames = new Set(CHECKS.map((c) => c.name));
  const alone = new Map<string, FaultName[]>(CHECKS.map((c) => [c.name, []]));
  for (const o of outcomes.filter((x) => x.verdict === 'caught')) {
    const checks = o.reportedBy.filter((r) => checkNames.has(r));
    if (checks.length === 1) alone.get(checks[0])!.push(o.fault);
  }
  const width = Math.max(...[...alone.keys()].map((k) => k.length));
  return [...alone].map(([check, faults]) =>
    faults.length ? `  ${check.padEnd(width)}  ${faults.length} alone: ${faults.join(', ')}` : `  ${check.padEnd(width)}  catches no fault alone`,
  );
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2) as FaultName[];
  const unknown = requested.filter((n) => !FAULT_NAMES.includes(n));
  if (unknown.length) throw new Error(`unknown fault(s): ${unknown.join(', ')}`);
  const names = requested.length ? requested : [...FAULT_NAMES];
  const invalid = definitionErrors(names);
  if (invalid.length) {
    console.error(`fault definitions that cannot be judged (sandbox/faults/):\n${invalid.map((l) => `  ${l}`).join('\n')}`);
    process.exit(2);
  }
  // The full-suite runs of the benign variations first, so the short fault runs fill in around them.
  const queue = names.sort((a, b) => Number(isBenign(b)) - Number(isBenign(a)));
  const outcomes: Outcome[] = [];
  const worker = async (): Promise<void> => {
    for (let fault = queue.shift(); fault; fault = queue.shift()) {
      const o = await runAgainst(fault);
      outcomes.push(o);
      const ok = o.verdict === 'caught' || o.verdict === 'green';
      const by =
        o.verdict === 'caught'
          ? ` by ${definition(fault)
              .catchers.filter((c) => o.reportedBy.includes(c))
              .join(', ')}`
          : '';
      console.log(`${ok ? '✓' : '✗'} ${o.fault.padEnd(40)} ${ok ? o.verdict : o.verdict.toUpperCase()}${by} (${o.seconds.toFixed(1)} s)`);
      if (o.detail) console.log(o.detail.replace(/^/gm, '    '));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const faults = outcomes.filter((o) => !o.benign);
  const benign = outcomes.filter((o) => o.benign);
  const caught = faults.filter((o) => o.verdict === 'caught').length;
  const falseAlarms = benign.filter((o) => o.verdict === 'false alarm').length;
  const errors = outcomes.filter((o) => o.verdict === 'error').length;
  if (faults.length) console.log(`\nchecks that alone reported a fault:\n${soleCatchers(outcomes).join('\n')}\n`);
  console.log(`faults caught: ${caught}/${faults.length}`);
  console.log(`false alarms: ${falseAlarms}/${benign.length}`);
  console.log(`errors: ${errors}`);
  if (caught !== faults.length || falseAlarms > 0 || errors > 0) process.exitCode = 1;
}

await main();
