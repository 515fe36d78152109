/**
 * The suite's own proof (run by `npm test`): for every named sandbox fault, the specs that claim
 * to catch it must go red against a sandbox with that fault on, and red by what the fault names as
 * its catcher: a check failing in reports/checks.json or a cause in reports/triage.json. For every
 * benign variation, the whole suite must stay green. Prints a line per fault, which faults each
 * check alone catches, and `faults caught: K/N`, `false alarms: F/B`, `errors: E`.
 *
 *   tsx scripts/mutation.ts [fault ...]   (all faults when none is named)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { CHECKS } from '../helpers/checks/checks';
// Defines the scenario checks, so that CHECKS holds every check.
import '../helpers/checks/checks-conformance';
import { CAUSES } from '../helpers/checks/diagnose';
import { FAULTS, FAULT_NAMES, Faults, type FaultDefinition, type FaultName } from '../sandbox/faults/index';
import { buildSandbox } from '../sandbox/server';
import { DEFAULT_TENANT_TOKENS } from '../sandbox/tenants';
import { playwrightTest } from './child';
import { definitionErrors, judge, soleCatchers, type Outcome } from './mutation-verdict';

const CONCURRENCY = Number(process.env.MUTATION_CONCURRENCY || 3);
const RUN_TIMEOUT_MS = 600_000;
const definition = (fault: FaultName): FaultDefinition => FAULTS[fault];
const isBenign = (fault: FaultName): boolean => definition(fault).benign === true;

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
  const reporter = `--reporter=line,./helpers/reporters/checks-reporter.ts,./helpers/reporters/triage-reporter.ts${benign ? ',./helpers/reporters/coverage-reporter.ts' : ''}`;
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
    return { fault, benign, seconds: run.seconds, ...judge(def, run, reportsDir) };
  } finally {
    await app.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2) as FaultName[];
  const unknown = requested.filter((n) => !FAULT_NAMES.includes(n));
  if (unknown.length) throw new Error(`unknown fault(s): ${unknown.join(', ')}`);
  const names = requested.length ? requested : [...FAULT_NAMES];
  const invalid = definitionErrors(Object.fromEntries(names.map((n) => [n, definition(n)])), new Set<string>([...CHECKS.map((c) => c.name), ...CAUSES]));
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
  if (faults.length)
    console.log(
      `\nchecks that alone reported a fault:\n${soleCatchers(
        outcomes,
        CHECKS.map((c) => c.name),
      ).join('\n')}\n`,
    );
  console.log(`faults caught: ${caught}/${faults.length}`);
  console.log(`false alarms: ${falseAlarms}/${benign.length}`);
  console.log(`errors: ${errors}`);
  if (caught !== faults.length || falseAlarms > 0 || errors > 0) process.exitCode = 1;
}

await main();
