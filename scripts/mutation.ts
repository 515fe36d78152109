/**
 * The suite's own proof (run by `npm test`): for every named sandbox fault, the specs that claim
 * to catch it must go red against a sandbox with that fault on; for every benign variation, the
 * whole suite must stay green. Prints `faults caught: K/N` and `false alarms: F/B`.
 *
 *   tsx scripts/mutation.ts [fault ...]   (all faults when none is named)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { FAULTS, FAULT_NAMES, Faults, type FaultDefinition, type FaultName } from '../sandbox/faults';
import { buildSandbox } from '../sandbox/server';
import { DEFAULT_TENANT_TOKENS } from '../sandbox/tenants';

const CONCURRENCY = Number(process.env.MUTATION_CONCURRENCY || 3);

interface Outcome {
  fault: FaultName;
  benign: boolean;
  exitCode: number;
  ok: boolean;
  seconds: number;
  tail: string;
}

async function runAgainst(fault: FaultName): Promise<Outcome> {
  const definition: FaultDefinition = FAULTS[fault];
  const app = buildSandbox({ faults: new Faults([fault]) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const workDir = mkdtempSync(join(tmpdir(), `los-mutation-${fault}-`));
  const started = performance.now();
  const args = ['node_modules/@playwright/test/cli.js', 'test', '--workers=2', ...(definition.benign ? [] : definition.caughtBy)];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      BASE_URL: `http://127.0.0.1:${port}`,
      API_TOKEN: DEFAULT_TENANT_TOKENS['tenant-a'],
      ISOLATION_TOKEN: DEFAULT_TENANT_TOKENS['tenant-b'],
      COVERAGE_GATE: definition.benign ? 'on' : 'off',
      REPORTS_DIR: join(workDir, 'reports'),
      ALLURE_RESULTS_DIR: join(workDir, 'allure-results'),
      CI: '',
      FORCE_COLOR: '0',
      CONSOLE_REPORTER: 'line',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  await app.close();
  rmSync(workDir, { recursive: true, force: true });
  const benign = definition.benign === true;
  const tail = output
    .split('\n')
    .filter((l) => /✗|passed|failed|Error/.test(l))
    .slice(0, 4)
    .join('\n');
  return { fault, benign, exitCode, ok: benign ? exitCode === 0 : exitCode !== 0, seconds: (performance.now() - started) / 1000, tail };
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2) as FaultName[];
  const unknown = requested.filter((n) => !FAULT_NAMES.includes(n));
  if (unknown.length) throw new Error(`unknown fault(s): ${unknown.join(', ')}`);
  const queue = [...(requested.length ? requested : FAULT_NAMES)];
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
