/**
 * `npm run bench`: how fast the suite and the sandbox are, measured in one run on this machine.
 * Prints a table and, as its last line, `BENCH {json}`; the JSON is also saved to bench.json in REPORTS_DIR (reports).
 * Never part of `npm test`: it takes a few minutes and its figures depend on the machine.
 *
 * - full run: `playwright test` against the bundled sandbox, sandbox start included, as a user
 *   runs it (default workers), BENCH_RUNS times (3); the median wall time, the requests it sent
 *   (reports/coverage.json) and the CPU time it used (Linux).
 * - latency: the full run against a sandbox that delays every answer by 100 ms (SANDBOX_LATENCY_MS),
 *   reached through BASE_URL as a remote target is (its default workers and CONCURRENCY), and its
 *   ratio to the direct full run (target ≤ 1.5×).
 * - scaling: the same run with 1, 2 and 4 workers, as two shards (`--shard=1/2`, `--shard=2/2`, one
 *   runner each), and a one-test run that is the fixed cost (start, sandbox, workers, reports).
 * - catalogue: the full run with the catalogue's LOS operations doubled and tripled (synthetic
 *   copies under their own paths, LOS_CATALOGUE_COPIES, served by the sandbox as the originals),
 *   how the run grows per added operation and whether it grows linearly, and the doubled run in
 *   two shards (what one more CI runner buys).
 * - red: the full run against a sandbox fault that breaks the account body (account_field_renamed),
 *   as `red_run_ratio` = red wall time / green wall time (target ≤ 1.5).
 * - overhead: what the suite adds to a request on top of the HTTP round trip (LosClient.send's
 *   step, redaction, evidence attachment and call records, verify()'s checks), measured inside a
 *   Playwright worker (scripts/bench/in-runner.bench.ts), against the same requests sent bare.
 * - validators: compiling every schema once in a fresh process, and validations per second of each
 *   response schema on a valid body the sandbox answered.
 * - load: requests per second of the sandbox and of Stoplight Prism's mock server (on the exported
 *   OpenAPI document) on the same request mix, same connections, back to back, with autocannon.
 *   Prism is installed on first use into node_modules/.cache (BENCH_PRISM_DIR), not a dependency.
 *
 * - profile: one more full run with every process under the CPU profiler
 *   (scripts/bench/cpu-profile-hook.mjs): the CPU per request of each part of the work (Playwright's
 *   request API, steps and their stack traces, the test runner and its IPC, evidence and redaction,
 *   validation and checks, test data, reporters, module loading, garbage collection) and of the sandbox.
 *
 *   npm run bench [-- full profile latency scaling catalogue red overhead load]   (all sections when none is named)
 *   BENCH_RUNS (3), BENCH_DURATION_S (10), BENCH_CONNECTIONS (10)
 *
 * Ports come from 4700–4799 (BENCH_PORTS=from-to). Servers listen on 127.0.0.1 only and are stopped
 * before the script ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { accountRequest, leadRequest, seededFaker } from '../../fixtures/builders';
import { losOperations, operation } from '../../schemas/catalogue';
import { DEFAULT_TENANT_TOKENS, SANDBOX_PROGRAM } from '../../sandbox/tenants';
import { reportsDir } from '../../helpers/core/config';
import { playwrightTest, runChild, type ChildRun } from '../child';
import { buildOpenApi } from '../../schemas/openapi-export';
import { ensurePrism, PRISM_VERSION } from '../prism';
import { listTests } from './listing';
import { PARTS, perRequestMs, round, summarizeProfiles } from './profile';
import type { RunMoments, RunOutcome } from './outcome-reporter';

/** The fault the red run is measured against: a documented field of the account body renamed. */
const RED_FAULT = 'account_field_renamed';
const RUNS = Number(process.env.BENCH_RUNS || 3);
const LOAD_SECONDS = Number(process.env.BENCH_DURATION_S || 10);
const WARMUP_SECONDS = 3;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 10);
const [PORT_FROM, PORT_TO] = (process.env.BENCH_PORTS || '4700-4799').split('-').map(Number);
const RUN_TIMEOUT_MS = 300_000;
/** Empty, not absent: .env values must not turn a run or the listing towards another target. */
const SANDBOX_TARGET = {
  BASE_URL: '',
  API_TOKEN: '',
  ISOLATION_TOKEN: '',
  READ_ONLY: '',
  PROTECTED_HOSTS: '',
  WORKERS: '',
  LOS_RUN_ID: '',
  SANDBOX_FAULTS: '',
  SANDBOX_TOKENS: '',
  LOS_CATALOGUE_COPIES: '',
};
const work = mkdtempSync(join(tmpdir(), 'los-bench-'));

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const taken = new Set<number>();
/** The next port of the range nothing listens on (and this run has not handed out yet). */
async function freePort(): Promise<number> {
  for (let port = PORT_FROM; port <= PORT_TO; port++) {
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>((done) => {
      const probe = createServer()
        .once('error', () => done(false))
        .listen(port, '127.0.0.1', () => probe.close(() => done(true)));
    });
    taken.add(port);
    if (free) return port;
  }
  throw new Error(`no free port in ${PORT_FROM}-${PORT_TO}`);
}

/** CPU seconds of this process's finished children (Linux: cutime + cstime, in USER_HZ = 100 ticks/s). */
function childCpuSeconds(): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

interface SuiteRun {
  label: string;
  args: string[];
  seconds: number;
  requests: number;
  tests: number;
  workers: number;
  cpuSeconds: number | null;
  /** CPU of all the run's processes per request, in ms (Linux). */
  cpuMsPerRequest: number | null;
  failed: number;
  skipped: number;
  phases: Phases;
}

/**
 * Where a run's wall time went, in seconds: Playwright's start, the sandbox's, the preflight and
 * loading every spec (until the tests are listed); the workers' start (until the first test
 * begins); the tests (until the last one ends); and what follows (workers' and global teardown,
 * reports, exit, and the launch before the runner's clock starts).
 */
interface Phases {
  start: number;
  workers_start: number;
  tests: number;
  after: number;
}

const phasesOf = (m: RunMoments, seconds: number): Phases => ({
  start: round(m.begin),
  workers_start: round(m.first_test - m.begin),
  tests: round(m.last_test_end - m.first_test),
  after: round(seconds - m.last_test_end),
});

const phasesText = (p: Phases): string =>
  `start ${p.start.toFixed(2)} s, workers' start ${p.workers_start.toFixed(2)} s, tests ${p.tests.toFixed(2)} s, after ${p.after.toFixed(2)} s`;

/**
 * One `playwright test` against a sandbox it starts itself, its reports in a folder of its own. CI=1
 * so it refuses a port someone else's server took instead of testing that server. Its counts come
 * from the outcome file of the bench's console reporter, its requests from reports/coverage.json.
 */
async function suiteRun(label: string, args: string[], env: NodeJS.ProcessEnv = {}, red = false): Promise<SuiteRun> {
  const dir = mkdtempSync(join(work, 'run-'));
  const cpuBefore = childCpuSeconds();
  const run: ChildRun = await playwrightTest(args, {
    timeoutMs: RUN_TIMEOUT_MS,
    env: {
      ...process.env,
      ...SANDBOX_TARGET,
      SANDBOX_PORT: String(await freePort()),
      REPORTS_DIR: join(dir, 'reports'),
      ALLURE_RESULTS_DIR: join(dir, 'allure-results'),
      CONSOLE_REPORTER: './scripts/bench/outcome-reporter.ts',
      BENCH_OUTCOME_FILE: join(dir, 'outcome.json'),
      CI: '1',
      FORCE_COLOR: '0',
      ...env,
    },
  });
  const cpuAfter = childCpuSeconds();
  if ((run.code !== 0) !== red) throw new Error(`${label} (playwright test ${args.join(' ')}) failed with exit code ${run.code}:\n${run.output.slice(-3000)}`);
  const coverage = JSON.parse(readFileSync(join(dir, 'reports', 'coverage.json'), 'utf8')) as { requests: number };
  const outcome = JSON.parse(readFileSync(join(dir, 'outcome.json'), 'utf8')) as RunOutcome;
  rmSync(dir, { recursive: true, force: true });
  const result = {
    label,
    args,
    seconds: round(run.seconds),
    requests: coverage.requests,
    tests: outcome.passed,
    workers: outcome.workers,
    cpuSeconds: cpuBefore === null || cpuAfter === null ? null : round(cpuAfter - cpuBefore),
    cpuMsPerRequest: cpuBefore === null || cpuAfter === null ? null : round(((cpuAfter - cpuBefore) * 1000) / coverage.requests),
    failed: outcome.failed,
    skipped: outcome.skipped,
    phases: phasesOf(outcome.moments, run.seconds),
  };
  console.log(`  ${label.padEnd(28)} ${result.seconds.toFixed(2).padStart(7)} s  ${String(result.requests).padStart(5)} requests  ${result.tests} tests`);
  return result;
}

/** A server process on loopback, ready when `readyUrl` answers anything; stopped with SIGTERM, then SIGKILL. */
async function startServer(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, readyUrl: string): Promise<{ stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited before it answered (code ${child.exitCode}):\n${stderr}`);
    try {
      await fetch(readyUrl, { signal: AbortSignal.timeout(1_000) });
      return { stop };
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`${name} did not answer ${readyUrl} within 60 s:\n${stderr}`);
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  }
}

interface LoadResult {
  rps: number;
  requests: number;
  p50_ms: number;
  p99_ms: number;
  non2xx: number;
  errors: number;
}

/**
 * The request mix both servers get: an account list, an account's detail, a lead create and an
 * account create (ref_id unique per request). The account and lead are the sandbox's, so its
 * answers are real; Prism only needs well-formed ids.
 */
function requestMix(accountId: string, leadId: string): autocannon.Request[] {
  const f = seededFaker(1, 'bench');
  const json = { 'content-type': 'application/json' };
  const account = { ...accountRequest(f, leadId, SANDBOX_PROGRAM.id, 'bench'), ref_id: 'bench-[<id>]' };
  return [
    { method: 'GET', path: `${operation('accounts.list').path}?page_size=10` },
    { method: 'GET', path: operation('accounts.detail').path.replace('{account_id}', accountId) },
    { method: 'POST', path: operation('leads.create').path, headers: json, body: JSON.stringify(leadRequest(f, SANDBOX_PROGRAM.id)) },
    { method: 'POST', path: operation('accounts.create').path, headers: json, body: JSON.stringify(account) },
  ];
}

async function load(url: string, requests: autocannon.Request[], seconds: number): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization: `Bearer ${DEFAULT_TENANT_TOKENS['tenant-a']}`, accept: 'application/json' },
    requests,
    idReplacement: true,
  });
  return {
    rps: round(result.requests.average, 0),
    requests: result.requests.total,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function loadBench(): Promise<{ sandbox: LoadResult; prism: LoadResult; mix: string[] }> {
  const prism = await ensurePrism();
  const openapi = join(work, 'openapi.json');
  writeFileSync(openapi, JSON.stringify(buildOpenApi()));

  const sandboxPort = await freePort();
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const sandbox = await startServer(
    'sandbox',
    process.execPath,
    ['--import', 'tsx', 'sandbox/main.ts'],
    { SANDBOX_PORT: String(sandboxPort), SANDBOX_HOST: '127.0.0.1', SANDBOX_FAULTS: '', SANDBOX_TOKENS: '' },
    `${sandboxUrl}/`,
  );
  let mix: autocannon.Request[];
  let sandboxResult: LoadResult;
  try {
    const headers = { authorization: `Bearer ${DEFAULT_TENANT_TOKENS['tenant-a']}`, 'content-type': 'application/json', accept: 'application/json' };
    const f = seededFaker(2, 'bench setup');
    const post = async (path: string, body: unknown): Promise<string> => {
      const response = await fetch(`${sandboxUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      if (response.status !== 201) throw new Error(`setting up the load mix: POST ${path} answered ${response.status}`);
      return ((await response.json()) as { id: string }).id;
    };
    const leadId = await post(operation('leads.create').path, leadRequest(f, SANDBOX_PROGRAM.id));
    const accountId = await post(operation('accounts.create').path, accountRequest(f, leadId, SANDBOX_PROGRAM.id, 'bench'));
    mix = requestMix(accountId, leadId);
    await load(sandboxUrl, mix, WARMUP_SECONDS);
    sandboxResult = await load(sandboxUrl, mix, LOAD_SECONDS);
  } finally {
    await sandbox.stop();
  }

  const prismPort = await freePort();
  const prismUrl = `http://127.0.0.1:${prismPort}`;
  const mock = await startServer(
    'Prism',
    process.execPath,
    [prism, 'mock', '--host', '127.0.0.1', '--port', String(prismPort), '--verboseLevel', 'error', openapi],
    {},
    `${prismUrl}/`,
  );
  let prismResult: LoadResult;
  try {
    await load(prismUrl, mix, WARMUP_SECONDS);
    prismResult = await load(prismUrl, mix, LOAD_SECONDS);
  } finally {
    await mock.stop();
  }
  return { sandbox: sandboxResult, prism: prismResult, mix: mix.map((r) => `${r.method} ${r.path}`) };
}

interface Overhead {
  suite: { calls: number; sendMs: number; httpMs: number; verifyMs: number; cpuMs: number };
  raw: { calls: number; ms: number; cpuMs: number };
}

/** The in-runner measurements: per-request overhead, and a valid body per response schema. */
async function inRunner(): Promise<{ overhead: Record<string, number>; samplesFile: string }> {
  const out = join(work, 'in-runner');
  await suiteRun('in-runner measurements', ['--config', 'playwright.bench.config.ts'], { BENCH_OUT: out, COVERAGE_GATE: 'off' });
  const rows = readFileSync(`${out}.overhead.jsonl`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Overhead);
  const sum = (pick: (o: Overhead) => number): number => rows.reduce((total, o) => total + pick(o), 0);
  const calls = sum((o) => o.suite.calls);
  const reporting = (sum((o) => o.suite.sendMs) - sum((o) => o.suite.httpMs)) / calls;
  const validation = sum((o) => o.suite.verifyMs) / calls;
  const bare = round(sum((o) => o.raw.ms) / sum((o) => o.raw.calls), 3);
  return {
    overhead: {
      calls,
      overhead_ms_per_request: round(reporting + validation, 3),
      reporting_ms_per_request: round(reporting, 3),
      validation_ms_per_request: round(validation, 3),
      round_trip_ms: round(sum((o) => o.suite.httpMs) / calls, 3),
      bare_round_trip_ms: bare,
      // The wider view: a whole call through the suite (send + verify) against the same request sent bare.
      added_vs_bare_ms_per_request: round((sum((o) => o.suite.sendMs) + sum((o) => o.suite.verifyMs)) / calls - bare, 3),
      worker_cpu_ms_per_request: round(sum((o) => o.suite.cpuMs) / calls, 3),
      bare_worker_cpu_ms_per_request: round(sum((o) => o.raw.cpuMs) / sum((o) => o.raw.calls), 3),
    },
    samplesFile: `${out}.samples.json`,
  };
}

async function validators(samplesFile: string): Promise<Record<string, unknown>> {
  const run = await runChild(process.execPath, ['--import', 'tsx', 'scripts/bench/validators.ts', samplesFile], { timeoutMs: 120_000 });
  if (run.code !== 0) throw new Error(`validator benchmark failed:\n${run.output.slice(-2000)}`);
  return JSON.parse(run.output.trim().split('\n').pop() as string) as Record<string, unknown>;
}

/**
 * A fixed single-thread workload (JSON round trips of an account-sized object), timed: this
 * virtual machine's speed drifts with its host's load, which `loadavg` does not show. Runs of the
 * bench compare only when their calibration is close.
 */
function calibrate(): number {
  const record = { id: '8b9dbd9d-99d6-4373-8015-709de4a53100', ref_id: 'bench-ABCDEFGH', status: 'activation', tags: ['a', 'b'], created_at: 1795619930 };
  const started = performance.now();
  let size = 0;
  for (let i = 0; i < 100_000; i++) size += (JSON.parse(JSON.stringify({ ...record, i })) as { i: number }).i;
  if (size <= 0) throw new Error('calibration did not run');
  return round(performance.now() - started, 0);
}

function table(rows: Array<[string, string | null]>): string {
  const shown = rows.filter((row): row is [string, string] => row[1] !== null);
  const width = Math.max(...shown.map(([k]) => k.length));
  return shown.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
}

const SECTIONS = ['full', 'profile', 'latency', 'scaling', 'catalogue', 'red', 'overhead', 'load'] as const;
/** The added delay per answer of the slow-target figure: a real preprod answers in 50–300 ms. */
const SLOW_MS = 100;
type Section = (typeof SECTIONS)[number];

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((a) => !(SECTIONS as readonly string[]).includes(a));
  if (unknown.length) throw new Error(`unknown section(s) ${unknown.join(', ')}: choose from ${SECTIONS.join(', ')} (all when none is named)`);
  const wanted = (section: Section): boolean => asked.length === 0 || asked.includes(section);
  const load1 = loadavg()[0];
  console.log(`npm run bench on ${availableParallelism()} CPUs, node ${process.version}, load average ${load1.toFixed(2)} (figures vary with what else runs)`);
  const calibration = calibrate();
  const result: Record<string, unknown> = {
    started_at: new Date().toISOString(),
    cpus: availableParallelism(),
    node: process.version,
    load_average_at_start: round(load1),
    calibration_ms: [calibration],
  };
  const rows: Array<[string, string | null]> = [];
  // Also fills Playwright's transform cache, so the first measured run is not the only one that transpiles.
  const [first] = await listTests({ ...process.env, ...SANDBOX_TARGET, FORCE_COLOR: '0' });

  let fullSeconds: number | null = null;
  let defaultWorkers = 0;
  if (wanted('full') || wanted('scaling')) {
    console.log(`\nfull run, default workers (${RUNS}×):`);
    const full: SuiteRun[] = [];
    for (let i = 1; i <= (wanted('full') ? RUNS : 1); i++) full.push(await suiteRun(`full run ${i}`, []));
    fullSeconds = median(full.map((r) => r.seconds));
    const medianRun = full.find((r) => r.seconds === fullSeconds) ?? full[0];
    defaultWorkers = full[0].workers;
    const requests = full[0].requests;
    const cpu = full.map((r) => r.cpuSeconds).filter((c): c is number => c !== null);
    Object.assign(result, {
      full_run_s: fullSeconds,
      full_runs_s: full.map((r) => r.seconds),
      requests,
      tests: full[0].tests,
      workers: defaultWorkers,
      req_per_s: round(requests / fullSeconds, 1),
      cpu_s: cpu.length ? median(cpu) : null,
      cpu_ms_per_request: cpu.length ? round((median(cpu) * 1000) / requests, 2) : null,
      full_run_phases_s: medianRun.phases,
    });
    rows.push(
      [`full run (median of ${full.length}, ${defaultWorkers} workers)`, `${fullSeconds.toFixed(2)} s  (${full.map((r) => r.seconds).join(', ')})`],
      ['  where its time went', phasesText(medianRun.phases)],
      ['requests / tests', `${requests} / ${full[0].tests}  → ${result.req_per_s} req/s`],
      ['CPU per run', cpu.length ? `${result.cpu_s} s on ${availableParallelism()} CPUs (${result.cpu_ms_per_request} ms per request, all processes)` : null],
    );
  }

  if (wanted('profile')) {
    console.log('\nprofiled full run (every process under the CPU profiler):');
    // The profiler costs CPU of its own: the parts' shares come from the profiled run, the CPU they share out from a plain one.
    const plainCpuPerRequest = (result.cpu_ms_per_request as number | null | undefined) ?? (await suiteRun('full run (plain)', [])).cpuMsPerRequest;
    const dir = mkdtempSync(join(work, 'profile-'));
    const hook = new URL('./cpu-profile-hook.mjs', import.meta.url).pathname;
    const run = await suiteRun('profiled run', [], {
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${hook}`.trim(),
      BENCH_PROFILE_DIR: dir,
    });
    const summary = summarizeProfiles(dir, run.requests);
    const perRequest = plainCpuPerRequest === null ? null : perRequestMs(summary, plainCpuPerRequest);
    result.profile = { ...summary, cpu_ms_per_request: plainCpuPerRequest, per_request_ms: perRequest };
    rows.push(
      ['CPU per request', plainCpuPerRequest === null ? null : `${plainCpuPerRequest} ms, all processes, shared out by the profile:`],
      ...[...PARTS, 'sandbox' as const].map((part): [string, string] => [
        `  ${part === 'sandbox' ? 'the sandbox' : part}`,
        `${perRequest ? `${perRequest[part]} ms` : 'n/a'} (${Math.round(summary.share[part] * 1000) / 10} %)`,
      ]),
    );
  }

  if (wanted('latency')) {
    console.log(`\nfull run against a target that answers ${SLOW_MS} ms late:`);
    const direct = fullSeconds ?? (await suiteRun('full run (direct)', [])).seconds;
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const sandbox = await startServer(
      'slow sandbox',
      process.execPath,
      ['--import', 'tsx', 'sandbox/main.ts'],
      { SANDBOX_PORT: String(port), SANDBOX_LATENCY_MS: String(SLOW_MS), SANDBOX_FAULTS: '', SANDBOX_TOKENS: '' },
      `${url}/`,
    );
    let slow: SuiteRun;
    try {
      slow = await suiteRun(`+${SLOW_MS} ms per answer`, [], {
        BASE_URL: url,
        API_TOKEN: DEFAULT_TENANT_TOKENS['tenant-a'],
        ISOLATION_TOKEN: DEFAULT_TENANT_TOKENS['tenant-b'],
      });
    } finally {
      await sandbox.stop();
    }
    Object.assign(result, {
      latency_ms: SLOW_MS,
      slow_run_s: slow.seconds,
      slow_workers: slow.workers,
      slow_vs_direct: round(slow.seconds / direct, 2),
      slow_run_phases_s: slow.phases,
    });
    rows.push(
      [
        `full run at +${SLOW_MS} ms per answer`,
        `${slow.seconds} s, ${slow.workers} workers: ${result.slow_vs_direct}× the direct run (${direct} s; target ≤ 1.5×)`,
      ],
      ['  where its time went', phasesText(slow.phases)],
    );
  }

  if (wanted('scaling') && fullSeconds !== null) {
    console.log('\nscaling:');
    const workers1 = await suiteRun('--workers=1', ['--workers=1']);
    const workers2 = await suiteRun('--workers=2', ['--workers=2']);
    const workers4 = await suiteRun('--workers=4', ['--workers=4']);
    const shard1 = await suiteRun('--shard=1/2', ['--shard=1/2']);
    const shard2 = await suiteRun('--shard=2/2', ['--shard=2/2']);
    const fixed = await suiteRun('one test (fixed cost)', [`${first.file}:${first.line}`], { COVERAGE_GATE: 'off' });
    const losCount = losOperations.length;
    const scaling = {
      workers_1_s: workers1.seconds,
      workers_2_s: workers2.seconds,
      workers_4_s: workers4.seconds,
      default_workers: defaultWorkers,
      workers_default_s: fullSeconds,
      shard_1_of_2_s: shard1.seconds,
      shard_2_of_2_s: shard2.seconds,
      two_runners_s: Math.max(shard1.seconds, shard2.seconds),
      shard_requests: [shard1.requests, shard2.requests],
      fixed_s: fixed.seconds,
      per_los_operation_s: round((fullSeconds - fixed.seconds) / losCount, 3),
    };
    result.scaling = scaling;
    rows.push(
      ['1 / 2 / 4 workers', `${workers1.seconds} / ${workers2.seconds} / ${workers4.seconds} s (default here: ${defaultWorkers})`],
      ['shards 1/2, 2/2', `${shard1.seconds} s + ${shard2.seconds} s → ${scaling.two_runners_s} s on two runners`],
      ['fixed cost + per operation', `${fixed.seconds} s + ${scaling.per_los_operation_s} s × ${losCount} LOS operations`],
    );
  }

  if (wanted('catalogue')) {
    console.log('\nthe catalogue doubled and tripled (synthetic copies of every LOS operation):');
    // Interleaved, BENCH_RUNS times: the machine's speed drifts over minutes, and each size should meet the same drift.
    const sizes = [1, 2, 3];
    const runs: SuiteRun[][] = sizes.map(() => []);
    for (let i = 1; i <= RUNS; i++) {
      for (const [k, copies] of sizes.entries()) runs[k].push(await suiteRun(`${copies}× catalogue (${i})`, [], { LOS_CATALOGUE_COPIES: String(copies) }));
    }
    const [base, doubled, tripled] = runs.map((r) => ({ seconds: median(r.map((x) => x.seconds)), requests: r[0].requests, tests: r[0].tests }));
    const shard1 = await suiteRun('2× catalogue, --shard=1/2', ['--shard=1/2'], { LOS_CATALOGUE_COPIES: '2', COVERAGE_GATE: 'off' });
    const shard2 = await suiteRun('2× catalogue, --shard=2/2', ['--shard=2/2'], { LOS_CATALOGUE_COPIES: '2', COVERAGE_GATE: 'off' });
    const losCount = losOperations.length;
    const firstStep = doubled.seconds - base.seconds;
    const secondStep = tripled.seconds - doubled.seconds;
    const catalogue = {
      los_operations: [losCount, 2 * losCount, 3 * losCount],
      seconds: [base.seconds, doubled.seconds, tripled.seconds],
      requests: [base.requests, doubled.requests, tripled.requests],
      tests: [base.tests, doubled.tests, tripled.tests],
      s_per_added_operation: round(firstStep / losCount, 3),
      // 1 when each added copy costs what the one before did.
      second_step_vs_first: round(secondStep / firstStep, 2),
      doubled_in_two_shards_s: Math.max(shard1.seconds, shard2.seconds),
      shard_gain: round(doubled.seconds / Math.max(shard1.seconds, shard2.seconds), 2),
    };
    result.catalogue = catalogue;
    rows.push(
      [
        `${losCount} / ${2 * losCount} / ${3 * losCount} LOS operations (medians of ${RUNS})`,
        `${catalogue.seconds.join(' / ')} s, ${catalogue.requests.join(' / ')} requests: +${catalogue.s_per_added_operation} s per operation, second step ${catalogue.second_step_vs_first}× the first`,
      ],
      [
        `${2 * losCount} operations in 2 shards`,
        `${shard1.seconds} s + ${shard2.seconds} s → ${catalogue.doubled_in_two_shards_s} s on two runners (${catalogue.shard_gain}× faster than one)`,
      ],
    );
  }

  if (wanted('red')) {
    // A fault that breaks a shared shape (the account body every setup creates): every failed test used
    // to cost Playwright a new worker (~3 s each here, 187 of them); a cause met once now skips what follows from it.
    console.log(`\nred run (sandbox fault ${RED_FAULT}) vs green run, default workers:`);
    const green = fullSeconds ?? (await suiteRun('green run', [])).seconds;
    const red = await suiteRun(`red run (${RED_FAULT})`, [], { SANDBOX_FAULTS: RED_FAULT }, true);
    Object.assign(result, {
      red_run_ratio: round(red.seconds / green, 2),
      red_run: { fault: RED_FAULT, seconds: red.seconds, green_seconds: green, failed: red.failed, skipped: red.skipped, passed: red.tests },
    });
    rows.push([
      'red run / green run',
      `${round(red.seconds / green, 2)}x  (${red.seconds} s with ${RED_FAULT}: ${red.failed} failed, ${red.skipped} skipped; green ${green} s)`,
    ]);
  }

  if (wanted('overhead')) {
    console.log('\nin-runner measurements and validators:');
    const { overhead, samplesFile } = await inRunner();
    const validation = await validators(samplesFile);
    const rates = Object.values(validation.validations_per_s as Record<string, number>);
    Object.assign(result, {
      overhead_ms_per_request: overhead.overhead_ms_per_request,
      overhead,
      validator_compile_ms: validation.validator_compile_ms,
      validators: validation,
    });
    rows.push(
      [
        'overhead per request',
        `${overhead.overhead_ms_per_request} ms (reporting ${overhead.reporting_ms_per_request} + validation ${overhead.validation_ms_per_request}), ${overhead.calls} calls`,
      ],
      [
        'round trip in a step / bare',
        `${overhead.round_trip_ms} / ${overhead.bare_round_trip_ms} ms (a whole call adds ${overhead.added_vs_bare_ms_per_request} ms to a bare request)`,
      ],
      ['worker CPU per request', `${overhead.worker_cpu_ms_per_request} ms with the suite, ${overhead.bare_worker_cpu_ms_per_request} ms bare`],
      [
        'validator compile',
        `${validation.validator_compile_ms} ms for ${validation.definitions} definitions (registry load ${validation.registry_load_ms} ms)`,
      ],
      ['validations/s per schema', `min ${Math.min(...rates)}, median ${median(rates)}, max ${Math.max(...rates)} (${rates.length} response schemas)`],
    );
  }

  if (wanted('load')) {
    console.log('\nload:');
    const loadResults = await loadBench();
    Object.assign(result, {
      sandbox_rps: loadResults.sandbox.rps,
      prism_rps: loadResults.prism.rps,
      sandbox_vs_prism: round(loadResults.sandbox.rps / loadResults.prism.rps, 2),
      load: { connections: CONNECTIONS, seconds: LOAD_SECONDS, warmup_seconds: WARMUP_SECONDS, prism_version: PRISM_VERSION, ...loadResults },
    });
    const line = (r: LoadResult) => `${r.rps} req/s (p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, non-2xx ${r.non2xx}, errors ${r.errors})`;
    rows.push(
      ['sandbox', line(loadResults.sandbox)],
      [`Prism ${PRISM_VERSION}`, line(loadResults.prism)],
      ['sandbox / Prism', `${result.sandbox_vs_prism}x  (${CONNECTIONS} connections, ${LOAD_SECONDS} s each after ${WARMUP_SECONDS} s warm-up)`],
    );
    for (const [name, r] of [
      ['the sandbox', loadResults.sandbox],
      ['Prism', loadResults.prism],
    ] as const) {
      if (r.non2xx || r.errors) console.log(`warning: ${name} answered ${r.non2xx} non-2xx and ${r.errors} errors under load: its req/s is not comparable`);
    }
  }

  (result.calibration_ms as number[]).push(calibrate());
  rows.push(['calibration (start, end)', `${(result.calibration_ms as number[]).join(', ')} ms (lower is a faster machine; compare runs only when close)`]);
  console.log(`\n${table(rows)}`);
  const saved = join(reportsDir(), 'bench.json');
  mkdirSync(reportsDir(), { recursive: true });
  writeFileSync(saved, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nsaved to ${saved}`);
  console.log(`BENCH ${JSON.stringify(result)}`);
}

try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
