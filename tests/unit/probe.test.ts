import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { operations } from '../../schemas/catalogue';
import { matchOperation } from '../../schemas/paths';
import { ensurePrism } from '../../scripts/prism';
import { MOVED_ROUTES, editedExport } from './calibrate-edits';
import { startCountingProxy } from './counting-proxy';

/**
 * The probe against Stoplight Prism mocking an edited export of our own catalogue: Prism answers
 * 401 without credentials on a route, 404 off one and 405 for a path without that method, as a
 * real API does, so the probe must find exactly the routes the edits moved.
 */
const PRISM_PORT = Number(process.env.PROBE_TEST_PORT ?? 4421);
const work = mkdtempSync(join(tmpdir(), 'los-probe-'));
let prism: ChildProcess | undefined;

interface ProbeReport {
  operations: {
    operation: string;
    method: string;
    path: string;
    verdict: string;
    status: number | null;
    fix?: { catalogue: string; variants: { path: string; verdict: string; status: number }[] };
  }[];
  error_shape?: string;
}

const probeEnv = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ ...process.env, REPORTS_DIR: work, API_TOKEN: 'never-sent-token-123', ...env });
const readReport = (): ProbeReport => JSON.parse(readFileSync(join(work, 'probe.json'), 'utf8')) as ProbeReport;

function runProbe(env: NodeJS.ProcessEnv) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/probe.ts'], { encoding: 'utf8', timeout: 120_000, env: probeEnv(env) });
  return { ...run, report: readReport() };
}

/** The probe as a child that does not block this process, so a server here can answer it. */
function runProbeAsync(env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/probe.ts'], { env: probeEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((done) => child.on('close', (status) => (clearTimeout(killer), done({ status, stdout }))));
}

/** A target on loopback whose every answer is decided by `answer` (a `{ code, message }` JSON body unless it gives one); it records what the probe sent. */
async function withTarget(
  answer: (req: IncomingMessage, hits: number) => { status: number; headers?: Record<string, string>; body?: string },
  run: (url: string, seen: IncomingMessage[]) => Promise<void>,
) {
  const seen: IncomingMessage[] = [];
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    seen.push(req);
    const key = `${req.method} ${req.url}`;
    hits.set(key, (hits.get(key) ?? 0) + 1);
    const { status, headers, body } = answer(req, hits.get(key)!);
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body ?? JSON.stringify({ code: 'x', message: 'y' }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen);
  } finally {
    server.close();
  }
}

const routeOrNot = (req: IncomingMessage) => (matchOperation(operations, req.method!, req.url!) ? 401 : 404);

before(async () => {
  const entry = await ensurePrism();
  const file = join(work, 'edited.json');
  writeFileSync(file, JSON.stringify(editedExport().document));
  prism = spawn(process.execPath, [entry, 'mock', '--host', '127.0.0.1', '--port', String(PRISM_PORT), '--verboseLevel', 'error', file], { stdio: 'ignore' });
  for (let i = 0; i < 300; i++) {
    try {
      await fetch(`http://127.0.0.1:${PRISM_PORT}/`, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  throw new Error('Prism did not start within 30 s');
});

after(() => {
  prism?.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

void test('a probe of a Prism mock of an edited export finds exactly the moved routes, names their catalogue lines and the variants that answer', () => {
  const { status, stdout, stderr, report } = runProbe({ BASE_URL: `http://127.0.0.1:${PRISM_PORT}` });
  assert.equal(status, 1, stdout + stderr);
  assert.equal(report.operations.length, operations.length);
  const off = report.operations.filter((p) => p.verdict !== 'route');
  assert.deepEqual(off.map((p) => p.operation).sort(), [...MOVED_ROUTES].sort(), stdout);
  for (const p of report.operations.filter((o) => o.verdict === 'route')) assert.ok([401, 403].includes(p.status!), `${p.operation}: ${p.status}`);

  const byId = Object.fromEntries(report.operations.map((p) => [p.operation, p]));
  assert.equal(byId['documents.update'].verdict, 'method_not_allowed');
  assert.equal(byId['documents.update'].status, 405);
  for (const id of ['accounts.reopen', 'insurances.create', 'stamps.status']) assert.equal(byId[id].verdict, 'no_route', id);
  // bulk-approve/ now falls into approvals/{approval_id}/, which has no PUT.
  assert.equal(byId['approvals.bulkApprove'].verdict, 'method_not_allowed');
  const variants = (id: string) => byId[id].fix!.variants.filter((v) => v.verdict === 'route').map((v) => v.path);
  assert.deepEqual(variants('accounts.reopen'), ['/v1/los/accounts/{account_id}/reopen']);
  assert.deepEqual(variants('approvals.bulkApprove'), ['/v1/los/accounts/{account_id}/approvals/bulk_approve/']);
  assert.deepEqual(variants('insurances.create'), ['/v1/los/accounts/{account_id}/insurance/']);
  assert.deepEqual(variants('stamps.status'), []);
  assert.match(byId['stamps.status'].fix!.catalogue, /^schemas\/catalogue\.ts:\d+$/);
  const line = Number(byId['stamps.status'].fix!.catalogue.split(':')[1]);
  assert.match(readFileSync('schemas/catalogue.ts', 'utf8').split('\n')[line - 1], /'stamps\.status': \{/);
  assert.match(
    stdout,
    /no route for accounts\.reopen: fix schemas\/catalogue\.ts:\d+; answering like a route: PUT \/v1\/los\/accounts\/\{account_id\}\/reopen \(401, route\)/,
  );
  // The edited export's error body is `{ detail }`, DRF's, as the catalogue infers it: no difference.
  assert.equal(report.error_shape, undefined);
  assert.ok(!(stdout + stderr + JSON.stringify(report)).includes('never-sent-token-123'));
});

void test('the probe of the bundled sandbox finds every route, with exit code 0', () => {
  const { status, stdout, stderr, report } = runProbe({ BASE_URL: '' });
  assert.equal(status, 0, stdout + stderr);
  assert.ok(report.operations.every((p) => p.verdict === 'route' && p.status === 401));
  assert.equal(report.error_shape, undefined, 'the sandbox answers the catalogue’s own error body');
});

void test('a bad setting stops the probe with exit code 2 and one message', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/probe.ts'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, BASE_URL: 'ftp://x', REPORTS_DIR: work },
  });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /^probe: los-contract cannot start; fix these settings[\s\S]*BASE_URL="ftp:\/\/x" must start with http/);
});

void test('the probe sends no credentials and no body, waits out a 429 as its Retry-After says, and then judges the real answer', async () => {
  await withTarget(
    (req, hits) => (hits === 1 && req.method === 'GET' ? { status: 429, headers: { 'retry-after': '0' } } : { status: routeOrNot(req) }),
    async (url, seen) => {
      const { status, stdout } = await runProbeAsync({ BASE_URL: url });
      assert.equal(status, 0, stdout);
      assert.ok(readReport().operations.every((p) => p.verdict === 'route'));
      assert.ok(seen.length > operations.length, 'throttled requests were asked again');
      // Its `{ code, message }` 401s are not DRF's `{ detail }`, the catalogue's error body.
      assert.match(readReport().error_shape ?? '', /\/detail missing/);
      for (const req of seen) {
        assert.equal(req.headers.authorization, undefined, `${req.method} ${req.url} carried credentials`);
        assert.ok(!Number(req.headers['content-length'] ?? 0), `${req.method} ${req.url} carried a body`);
      }
    },
  );
});

void test("Django's HTML 404 page off a route reads as no route, and DRF's {detail} 401s as the catalogue's own error body", async () => {
  const gone = operations.find((o) => o.id === 'stamps.status')!;
  const route = (req: IncomingMessage) => matchOperation(operations, req.method!, req.url!)?.operation;
  await withTarget(
    (req): { status: number; headers: Record<string, string>; body: string } =>
      route(req) && route(req)!.id !== gone.id
        ? {
            status: 401,
            headers: { 'www-authenticate': 'Bearer realm="api"' },
            body: JSON.stringify({ detail: 'Authentication credentials were not provided.' }),
          }
        : {
            status: 404,
            headers: { 'content-type': 'text/html; charset=utf-8' },
            body: '<!doctype html><html lang="en"><head><title>Not Found</title></head><body><h1>Not Found</h1></body></html>',
          },
    async (url) => {
      const { status, stdout } = await runProbeAsync({ BASE_URL: url });
      assert.equal(status, 1, stdout);
      const report = readReport();
      assert.deepEqual(
        report.operations.filter((p) => p.verdict !== 'route').map((p) => [p.operation, p.verdict, p.status]),
        [[gone.id, 'no_route', 404]],
      );
      assert.equal(report.error_shape, undefined, stdout);
    },
  );
});

void test('a target that refuses every path with 401, even one no API has, gets no verdict but unknown, with the reason', async () => {
  await withTarget(
    () => ({ status: 401 }),
    async (url) => {
      const { status, stdout } = await runProbeAsync({ BASE_URL: url });
      assert.equal(status, 1, stdout);
      assert.ok(readReport().operations.every((p) => p.verdict === 'unknown' && p.status === 401));
      assert.match(stdout, /warning: the target answered 401 to \/v1\/los\/__los_probe_no_such_route__\/, a path no API has: it authenticates before routing/);
    },
  );
});

void test('the probe reaches the target through HTTP_PROXY, as a run does, and says so', async () => {
  const proxy = await startCountingProxy();
  try {
    await withTarget(
      (req) => ({ status: routeOrNot(req) }),
      async (url, seen) => {
        const { status, stdout } = await runProbeAsync({ BASE_URL: url, HTTP_PROXY: proxy.url, NO_PROXY: '' });
        assert.equal(status, 0, stdout);
        assert.match(stdout, new RegExp(`^proxy: ${new URL(proxy.url).host}$`, 'm'));
        assert.ok(seen.length > operations.length, `the target saw ${seen.length} requests`);
        assert.equal(proxy.seen.filter((line) => !line.startsWith('CONNECT ')).length, seen.length, 'every probe request went through the proxy');
      },
    );
  } finally {
    await proxy.close();
  }
});
