/**
 * The suite's own proof (run by `npm test`): for every named sandbox fault, the specs that claim
 * to catch it must go red against a sandbox with that fault on; for every benign variation, the
 * whole suite must stay green. Prints `faults caught: K/N` and `false alarms: F/B`.
 *
 *   tsx scripts/mutation.ts [fault ...]   (all faults when none is named)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { FAULTS, FAULT_NAMES, Faults, type FaultDefinition, type FaultName } from '../sandbox/faults/index';
import { buildSandbox } from '../sandbox/server';
import { DEFAULT_TENANT_TOKENS } from '../sandbox/tenants';
import { playwrightTest } from './child';

const CONCURRENCY = Number(process.env.MUTATION_CONCURRENCY || 3);
const RUN_TIMEOUT_MS = 600_000;
const isBenign = (fault: FaultName): boolean => (FAULTS[fault] as FaultDefinition).benign === true;

interface Outcome {
  fault: FaultName;
  benign: boolean;
  exitCode: number;
  ok: boolean;
  seconds: number;
  tail: string;
}

/**
 * A fault only has to turn its specs red, so its run stops at the first failure: every failed test
 * costs Playwright a new worker process, and a fault that breaks all 117 tests of a spec took a
 * minute to fail them all. One worker per fault run, as the runs themselves go in parallel. A benign
 * variation runs the whole suite with its coverage and latency gate, as `npm run conformance` does.
 * The verdict is the exit code (and the gate), so the HTML, JUnit and Allure reports of these
 * throwaway runs are not written.
 */
async function runAgainst(fault: FaultName): Promise<Outcome> {
  const definition: FaultDefinition = FAULTS[fault];
  const benign = isBenign(fault);
  const app = buildSandbox({ faults: new Faults([fault]) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const workDir = mkdtempSync(join(tmpdir(), `los-mutation-${fault}-`));
  const args = benign
    ? ['--reporter=line,./helpers/coverage-reporter.ts', '--workers=2']
    : ['--reporter=line', '--workers=1', '--max-failures=1', ...definition.caughtBy];
  const run = await playwrightTest(args, {
    timeoutMs: RUN_TIMEOUT_MS,
    env: {
      ...process.env,
      BASE_URL: `http://127.0.0.1:${port}`,
      API_TOKEN: DEFAULT_TENANT_TOKENS['tenant-a'],
      ISOLATION_TOKEN: DEFAULT_TENANT_TOKENS['tenant-b'],
      COVERAGE_GATE: benign ? 'on' : 'off',
      REPORTS_DIR: join(workDir, 'reports'),
      ALLURE_RESULTS_DIR: join(workDir, 'allure-results'),
      CI: '',
      FORCE_COLOR: '0',
    },
  });
  await app.close();
  rmSync(workDir, { recursive: true, force: true });
  const exitCode = run.code ?? 1;
  const tail = run.output
    .split('\n')
    .filter((l) => /✗|passed|failed|Error/.test(l))
    .slice(0, 4)
    .join('\n');
  return { fault, benign, exitCode, ok: benign ? exitCode === 0 : exitCode !== 0, seconds: run.seconds, tail };
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2) as FaultName[];
  const unknown = requested.filter((n) => !FAULT_NAMES.includes(n));
  if (unknown.length) throw new Error(`unknown fault(s): ${unknown.join(', ')}`);
  // The full-suite runs of the benign variations first, so the short fault runs fill in around them.
  const queue = [...(requested.length ? requested : FAULT_NAMES)].sort((a, b) => Number(isBenign(b)) - Number(isBenign(a)));
  for (const name of queue) {
    const def: FaultDefinition = FAULTS[name];
    if (!def.benign && def.caughtBy.length === 0) throw new Error(`fault ${name} names no spec that catches it`);
  }
  const outcomes: Outcome[] = [];
  const worker = async (): Promise<void> => {
    for (let fault = queue.shift(); fault; fault = queue.shift()) {
      const outcome = await runAgainst(fault);
      outcomes.push(outcome);
      const verdict = outcome.benign ? (outcome.ok ? 'green as it should be' : 'FALSE ALARM') : outcome.ok ? 'caught' : 'MISSED';
      console.log(`${outcome.ok ? '✓' : '✗'} ${outcome.fault.padEnd(40)} ${verdict} (${outcome.seconds.toFixed(1)} s)`);
      if (!outcome.ok) console.log(outcome.tail.replace(/^/gm, '    '));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const faults = outcomes.filter((o) => !o.benign);
  const benign = outcomes.filter((o) => o.benign);
  const caught = faults.filter((o) => o.ok).length;
  const falseAlarms = benign.filter((o) => !o.ok).length;
  console.log(`faults caught: ${caught}/${faults.length}`);
  console.log(`false alarms: ${falseAlarms}/${benign.length}`);
  if (caught !== faults.length || falseAlarms > 0) process.exitCode = 1;
}

await main();
