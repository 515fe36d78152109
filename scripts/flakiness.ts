/**
 * Is the suite's verdict stable? Runs the whole suite N times (10 by default) against a fresh
 * sandbox each time, with a new random FAKER_SEED per run, and compares the verdicts: the exit
 * code and every test's outcome (from each run's JUnit file). Prints one line per run, then
 * whether all verdicts were identical, and writes reports/flakiness.json. Exits 1 when not.
 *
 *   tsx scripts/flakiness.ts [runs]      (FLAKY_WORKERS sets the workers per run)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportsDir } from '../helpers/core/config';

interface Run {
  index: number;
  exitCode: number;
  seconds: number;
  seed: string;
  outcomes: Map<string, 'passed' | 'failed' | 'skipped'>;
}

const runs = Number(process.argv[2] ?? 10);
if (!Number.isInteger(runs) || runs < 2 || runs > 100) {
  console.error('usage: tsx scripts/flakiness.ts [runs between 2 and 100]');
  process.exit(2);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const decode = (text: string): string =>
  text.replace(/&(lt|gt|quot|apos|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e] as string);

/** Every test case of a JUnit file and how it ended. */
export function junitOutcomes(xml: string): Map<string, 'passed' | 'failed' | 'skipped'> {
  const outcomes = new Map<string, 'passed' | 'failed' | 'skipped'>();
  for (const match of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const attribute = (name: string) => decode(new RegExp(`\\b${name}="([^"]*)"`).exec(match[1])?.[1] ?? '');
    const body = match[3] ?? '';
    outcomes.set(
      `${attribute('classname')} › ${attribute('name')}`,
      /<(failure|error)\b/.test(body) ? 'failed' : /<skipped\b/.test(body) ? 'skipped' : 'passed',
    );
  }
  return outcomes;
}

async function runOnce(index: number): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), `los-flaky-${index}-`));
  const seed = String(Math.floor(Math.random() * 2 ** 31));
  const started = performance.now();
  const args = ['node_modules/@playwright/test/cli.js', 'test', ...(process.env.FLAKY_WORKERS ? [`--workers=${process.env.FLAKY_WORKERS}`] : [])];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      BASE_URL: '',
      API_TOKEN: '',
      ISOLATION_TOKEN: '',
      LOS_RUN_ID: '',
      SANDBOX_PORT: String(await freePort()),
      FAKER_SEED: seed,
      REPORTS_DIR: join(dir, 'reports'),
      ALLURE_RESULTS_DIR: join(dir, 'allure-results'),
      CONSOLE_REPORTER: 'dot',
      FORCE_COLOR: '0',
    },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  const seconds = (performance.now() - started) / 1000;
  let outcomes = new Map<string, 'passed' | 'failed' | 'skipped'>();
  try {
    outcomes = junitOutcomes(readFileSync(join(dir, 'reports', 'junit.xml'), 'utf8'));
  } catch {
    // No JUnit file: the run stopped before any test; its exit code is the whole verdict.
  }
  rmSync(dir, { recursive: true, force: true });
  return { index, exitCode, seconds, seed, outcomes };
}

const count = (run: Run, outcome: string) => [...run.outcomes.values()].filter((o) => o === outcome).length;

async function main(): Promise<void> {
  const results: Run[] = [];
  for (let i = 1; i <= runs; i++) {
    const run = await runOnce(i);
    results.push(run);
    console.log(
      `run ${String(i).padStart(2)}: exit ${run.exitCode}, ${count(run, 'passed')} passed, ${count(run, 'failed')} failed, ${count(run, 'skipped')} skipped, ${run.seconds.toFixed(1)} s (FAKER_SEED=${run.seed})`,
    );
  }
  const [first] = results;
  const differing = new Set<string>();
  for (const run of results) {
    for (const name of new Set([...first.outcomes.keys(), ...run.outcomes.keys()])) {
      if (first.outcomes.get(name) !== run.outcomes.get(name)) differing.add(name);
    }
  }
  const exitCodes = new Set(results.map((r) => r.exitCode));
  const identical = differing.size === 0 && exitCodes.size === 1;
  const seconds = results.map((r) => r.seconds).sort((a, b) => a - b);
  const summary = {
    runs,
    identical,
    exitCodes: results.map((r) => r.exitCode),
    tests: first.outcomes.size,
    passed: results.map((r) => count(r, 'passed')),
    failed: results.map((r) => count(r, 'failed')),
    skipped: results.map((r) => count(r, 'skipped')),
    seconds: { min: seconds[0], median: seconds[Math.floor(seconds.length / 2)], max: seconds[seconds.length - 1] },
    seeds: results.map((r) => r.seed),
    differing: [...differing].map((name) => ({ test: name, outcomes: results.map((r) => r.outcomes.get(name) ?? 'absent') })),
  };
  mkdirSync(reportsDir(), { recursive: true });
  writeFileSync(join(reportsDir(), 'flakiness.json'), JSON.stringify(summary, null, 2));
  console.log(
    `flakiness: ${runs} runs of ${first.outcomes.size} tests, verdicts ${identical ? 'identical' : 'NOT identical'}; exit codes ${[...exitCodes].join('/')}; ` +
      `duration min ${summary.seconds.min.toFixed(1)} s, median ${summary.seconds.median.toFixed(1)} s, max ${summary.seconds.max.toFixed(1)} s`,
  );
  for (const d of summary.differing) console.log(`  differs: ${d.test}: ${d.outcomes.join(', ')}`);
  if (!identical) process.exitCode = 1;
}

await main();
