import assert from 'node:assert/strict';
import { playwrightTest, type ChildRun } from '../../scripts/child';
import { createServer, type Server, type Socket } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { parseConfig } from '../../helpers/core/config';
import { preflight, PreflightError } from '../../helpers/net/preflight';
import { buildSandbox } from '../../sandbox/server';
import { DEFAULT_TENANT_TOKENS } from '../../sandbox/tenants';

const TOKEN_A = DEFAULT_TENANT_TOKENS['tenant-a'];
const TOKEN_B = DEFAULT_TENANT_TOKENS['tenant-b'];

const target = (baseUrl: string, token: string = TOKEN_A, isolation?: string) =>
  parseConfig({ BASE_URL: baseUrl, API_TOKEN: token, ...(isolation ? { ISOLATION_TOKEN: isolation } : {}) });

/** A loopback port nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

async function rejection(promise: Promise<unknown>): Promise<{ error: Error; ms: number }> {
  const started = performance.now();
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof PreflightError, `expected a PreflightError, got ${String(error)}`);
    return { error, ms: performance.now() - started };
  }
  assert.fail('preflight passed');
}

/** `npx playwright test` as a developer runs it, with its reports kept out of the project's. */
async function playwright(env: Record<string, string>, args: string[] = []): Promise<ChildRun & { junit: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'los-preflight-'));
  const run = await playwrightTest(args, {
    env: { ...process.env, CI: '', FORCE_COLOR: '0', REPORTS_DIR: join(dir, 'reports'), ALLURE_RESULTS_DIR: join(dir, 'allure-results'), ...env },
    timeoutMs: 60_000,
  });
  const junit = existsSync(join(dir, 'reports', 'junit.xml')) ? readFileSync(join(dir, 'reports', 'junit.xml'), 'utf8') : '';
  rmSync(dir, { recursive: true, force: true });
  return { ...run, junit };
}

const occurrences = (text: string, pattern: RegExp): number => text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;

describe('preflight', () => {
  let sandbox: FastifyInstance;
  let sandboxUrl: string;

  before(async () => {
    sandbox = buildSandbox();
    sandboxUrl = await sandbox.listen({ port: 0, host: '127.0.0.1' });
  });
  after(() => sandbox.close());

  it('passes against a target that accepts both tokens', async () => {
    await preflight(target(sandboxUrl, TOKEN_A, TOKEN_B));
  });

  it('end to end: a run probes each token once, both at once, before it starts; its teardown does not ask again', async () => {
    const probes: number[] = [];
    const counting = buildSandbox();
    counting.addHook('onRequest', async (request) => {
      if (request.url.endsWith('/v1/los/accounts/?page_size=1')) probes.push(performance.now());
    });
    const url = await counting.listen({ port: 0, host: '127.0.0.1' });
    try {
      const run = await playwright({ BASE_URL: url, API_TOKEN: TOKEN_A, ISOLATION_TOKEN: TOKEN_B, COVERAGE_GATE: 'off' }, [
        'tests/contract/accounts.spec.ts',
        '-g',
        'List answers',
      ]);
      assert.equal(run.code, 0, run.output);
      assert.equal(probes.length, 2, `one probe per token, none after the run (${probes.length})`);
      assert.ok(Math.abs(probes[1] - probes[0]) < 200, 'the two probes went out together');
    } finally {
      await counting.close();
    }
  });

  it('stops within seconds when BASE_URL is a closed loopback port', async () => {
    const port = await closedPort();
    const { error, ms } = await rejection(preflight(target(`http://127.0.0.1:${port}`)));
    assert.equal(
      error.message,
      `BASE_URL http://127.0.0.1:${port} is unreachable (connection refused: nothing listens on that port): check BASE_URL, your network or VPN (behind a corporate proxy, set HTTPS_PROXY), or unset BASE_URL to test the bundled sandbox.`,
    );
    assert.ok(ms < 3000, `took ${ms} ms`);
  });

  it('stops after the probe timeout when the target accepts connections but never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    const url = await listen(silent);
    try {
      const { error, ms } = await rejection(preflight(target(url), 300));
      assert.match(error.message, /is unreachable \(no answer within 300 ms\)/);
      assert.ok(ms < 2000, `took ${ms} ms`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('says API_TOKEN was rejected when the target answers 401 to it', async () => {
    const { error } = await rejection(preflight(target(sandboxUrl, 'not-a-tenant-token')));
    assert.match(
      error.message,
      /^API_TOKEN was rejected by http:\/\/127\.0\.0\.1:\d+ \(GET \/v1\/los\/accounts\/ answered 401; it said: \{"detail":"Given token not valid for any token type",.*\}\): set API_TOKEN to a valid/,
    );
    assert.ok(!error.message.includes('not-a-tenant-token'), 'the message must not print the token');
  });

  it('quotes what the target answered, redacted and cut short', async () => {
    const { createServer: createHttpServer } = await import('node:http');
    const gateway = createHttpServer((req, res) =>
      res
        .writeHead(403, { 'content-type': 'text/html' })
        .end(`<html><body>Forbidden by policy. Request had Authorization: Bearer ${TOKEN_A}. ${'padding '.repeat(100)}</body></html>`),
    );
    const url = await listen(gateway);
    try {
      const { error } = await rejection(preflight(target(url)));
      assert.match(
        error.message,
        /answered 403; it said: <html><body>Forbidden by policy\. Request had Authorization: Bearer \[REDACTED\] padding .*… \(\d+ characters\)\): set API_TOKEN/,
      );
      assert.ok(!error.message.includes(TOKEN_A));
      assert.ok(error.message.length < 500, `${error.message.length} characters`);
    } finally {
      await new Promise((resolve) => gateway.close(resolve));
    }
  });

  it('says ISOLATION_TOKEN was rejected when only the second tenant is refused', async () => {
    const { error } = await rejection(preflight(target(sandboxUrl, TOKEN_A, 'unknown-second-tenant')));
    assert.match(error.message, /^ISOLATION_TOKEN was rejected/);
  });

  it('says BASE_URL is not the LOS API when the probe path is unknown or answers HTML', async () => {
    const { createServer: createHttpServer } = await import('node:http');
    const site = createHttpServer((req, res) => {
      if (req.url?.startsWith('/html')) res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
      else res.writeHead(404).end();
    });
    const url = await listen(site);
    try {
      assert.match((await rejection(preflight(target(url)))).error.message, /does not look like the LOS API \(GET \/v1\/los\/accounts\/ answered 404\)/);
      assert.match(
        (await rejection(preflight(target(`${url}/html`)))).error.message,
        /does not look like the LOS API .*answered 200 with text\/html, not JSON/,
      );
    } finally {
      await new Promise((resolve) => site.close(resolve));
    }
  });

  it('end to end: `playwright test` against a closed port exits non-zero within 20 s with the one preflight message and no test timeout', async () => {
    const port = await closedPort();
    const run = await playwright({ BASE_URL: `http://127.0.0.1:${port}`, API_TOKEN: 'any-token' });
    assert.notEqual(run.code, 0, run.output);
    assert.ok(run.seconds < 20, `took ${run.seconds} s`);
    assert.equal(occurrences(run.output, /PreflightError: BASE_URL http:\/\/127\.0\.0\.1:\d+ is unreachable \(connection refused/), 1, run.output);
    assert.doesNotMatch(run.output, /Timeout|timed out|exceeded|\d+ (passed|failed)|coverage:|leftovers|fetch failed/i);
    assert.equal(occurrences(run.output, /Error/), 1, `one error message only:\n${run.output}`);
  });

  it('end to end: `playwright test` with a rejected token stops with the one API_TOKEN message', async () => {
    const run = await playwright({ BASE_URL: sandboxUrl, API_TOKEN: 'expired-token', ISOLATION_TOKEN: TOKEN_B });
    assert.notEqual(run.code, 0, run.output);
    assert.equal(occurrences(run.output, /API_TOKEN was rejected/), 1, run.output);
    assert.ok(!run.output.includes('expired-token'), 'the output must not print the token');
    // CI dashboards read JUnit: the stop is a failed testcase there, with the message and the target's answer.
    assert.match(run.junit, /<testsuites [^>]*tests="1" failures="1"/);
    assert.match(
      run.junit,
      /<testcase name="preflight: the target answers and accepts the tokens"[^>]*>\s*<failure message="API_TOKEN was rejected by [^"]*answered 401; it said: \{&#34;detail&#34;:&#34;Given token not valid for any token type&#34;/,
    );
    assert.ok(!run.junit.includes('expired-token'));
    assert.doesNotMatch(run.output, /Timeout|\d+ (passed|failed)|leftovers/i);
    assert.equal(occurrences(run.output, /Error/), 1, `one error message only:\n${run.output}`);
  });

  it('end to end: `playwright test` with FAKER_SEED=abc exits with the ConfigError before starting anything', async () => {
    const run = await playwright({ FAKER_SEED: 'abc' });
    assert.equal(run.code, 2, run.output);
    assert.equal(
      run.output.trim(),
      'los-contract cannot start; fix these settings (in .env or the environment):\n  - FAKER_SEED="abc" is not a whole number between 0 and 2147483647.',
    );
  });
});
