import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { request } from '@playwright/test';
import type { FastifyInstance } from 'fastify';
import { parseConfig } from '../../helpers/core/config';
import { netFetch } from '../../helpers/net/net-fetch';
import { requestContextOptions } from '../../helpers/net/network';
import { preflight } from '../../helpers/net/preflight';
import { runChild } from '../../scripts/child';
import { buildSandbox } from '../../sandbox/server';
import { DEFAULT_TENANT_TOKENS } from '../../sandbox/tenants';
import { startCountingProxy, type CountingProxy } from './counting-proxy';

/**
 * Corporate networks: every request the project sends, from Playwright's request contexts and from
 * Node's fetch, goes through HTTP(S)_PROXY unless NO_PROXY lists the host; a private CA is trusted
 * through NODE_EXTRA_CA_CERTS, and a lab certificate only with IGNORE_HTTPS_ERRORS=1. Shown with
 * a loopback proxy that counts what it forwards and a loopback HTTPS server with a self-signed
 * certificate (fixtures/tls, made for these tests only).
 */
const TOKEN = DEFAULT_TENANT_TOKENS['tenant-a'];
const CERT = 'fixtures/tls/localhost-cert.pem';

describe('proxies and TLS', () => {
  let sandbox: FastifyInstance;
  let url: string;
  let proxy: CountingProxy;
  let tls: Server;
  let tlsUrl: string;

  before(async () => {
    sandbox = buildSandbox();
    url = await sandbox.listen({ port: 0, host: '127.0.0.1' });
    proxy = await startCountingProxy();
    tls = createServer({ cert: readFileSync(CERT), key: readFileSync('fixtures/tls/localhost-key.pem') }, (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"count":0,"next":null,"previous":null,"results":[]}'),
    );
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    tlsUrl = `https://127.0.0.1:${(tls.address() as { port: number }).port}`;
  });

  after(async () => {
    await proxy.close();
    await sandbox.close();
    tls.closeAllConnections();
    await new Promise((resolve) => tls.close(resolve));
  });

  const cfgWith = (env: Record<string, string>) => parseConfig({ BASE_URL: url, API_TOKEN: TOKEN, LOS_RUN_ID: 'rproxy', ...env });
  const probePath = '/v1/los/accounts/?page_size=1';

  it("Node's fetch and Playwright's request contexts both go through HTTP_PROXY", async () => {
    const cfg = cfgWith({ HTTP_PROXY: proxy.url });
    const before = proxy.seen.length;
    const fetched = await netFetch(cfg, 'probe', `${url}${probePath}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(fetched.status, 200);
    const context = await request.newContext(requestContextOptions(cfg));
    try {
      assert.equal((await context.get(`${url}${probePath}`, { headers: { authorization: `Bearer ${TOKEN}` } })).status(), 200);
    } finally {
      await context.dispose();
    }
    assert.deepEqual(
      proxy.seen.slice(before).filter((s) => !s.startsWith('CONNECT')),
      ['GET /v1/los/accounts/', 'GET /v1/los/accounts/'],
    );
  });

  it('NO_PROXY keeps a listed host off the proxy, for both', async () => {
    const cfg = cfgWith({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
    const before = proxy.seen.length;
    assert.equal((await netFetch(cfg, 'probe', `${url}${probePath}`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 200);
    const context = await request.newContext(requestContextOptions(cfg));
    try {
      assert.equal((await context.get(`${url}${probePath}`, { headers: { authorization: `Bearer ${TOKEN}` } })).status(), 200);
    } finally {
      await context.dispose();
    }
    assert.equal(proxy.seen.length, before);
  });

  it('a self-signed target stops the preflight with a message that names NODE_EXTRA_CA_CERTS and IGNORE_HTTPS_ERRORS', async () => {
    await assert.rejects(preflight(parseConfig({ BASE_URL: tlsUrl, API_TOKEN: TOKEN })), (error: Error) =>
      /failed TLS verification \(its TLS certificate is self-signed\): if the target uses a private CA, set NODE_EXTRA_CA_CERTS to its PEM file; for a lab target only, IGNORE_HTTPS_ERRORS=1 accepts any certificate\./.test(
        error.message,
      ),
    );
  });

  it('IGNORE_HTTPS_ERRORS=1 accepts the lab certificate, for both', async () => {
    const cfg = parseConfig({ BASE_URL: tlsUrl, API_TOKEN: TOKEN, IGNORE_HTTPS_ERRORS: '1' });
    await preflight(cfg);
    const context = await request.newContext(requestContextOptions(cfg));
    try {
      assert.equal((await context.get(`${tlsUrl}${probePath}`)).status(), 200);
    } finally {
      await context.dispose();
    }
  });

  it('NODE_EXTRA_CA_CERTS makes the certificate trusted without switching verification off', async () => {
    const script = `import { parseConfig } from './helpers/core/config.ts'; import { preflight } from './helpers/net/preflight.ts';
      await preflight(parseConfig({ BASE_URL: ${JSON.stringify(tlsUrl)}, API_TOKEN: 'any-token' })); console.log('preflight passed');`;
    const run = await runChild(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: CERT },
      timeoutMs: 30_000,
    });
    assert.match(run.output, /preflight passed/, run.output);
  });

  it('end to end: every request of a run (preflight, tests, cleanup, leftovers) goes through HTTP_PROXY', async () => {
    const counted = buildSandbox();
    let received = 0;
    counted.addHook('onRequest', async (req) => void (req.url !== '/' && received++));
    const target = await counted.listen({ port: 0, host: '127.0.0.1' });
    const before = proxy.seen.filter((s) => !s.startsWith('CONNECT')).length;
    const dir = mkdtempSync(join(tmpdir(), 'los-proxy-run-'));
    try {
      const run = await runChild(
        process.execPath,
        ['node_modules/@playwright/test/cli.js', 'test', 'tests/contract/accounts.spec.ts', '-g', 'Detail returns the account as created'],
        {
          env: {
            ...process.env,
            CI: '',
            FORCE_COLOR: '0',
            BASE_URL: target,
            API_TOKEN: TOKEN,
            ISOLATION_TOKEN: DEFAULT_TENANT_TOKENS['tenant-b'],
            HTTP_PROXY: proxy.url,
            COVERAGE_GATE: 'off',
            REPORTS_DIR: join(dir, 'reports'),
            ALLURE_RESULTS_DIR: join(dir, 'allure-results'),
          },
          timeoutMs: 90_000,
        },
      );
      assert.equal(run.code, 0, run.output.slice(-3000));
      assert.match(run.output, /proxy: 127\.0\.0\.1:\d+/);
      assert.match(run.output, /leftovers: none/);
    } finally {
      await counted.close();
      rmSync(dir, { recursive: true, force: true });
    }
    const proxied = proxy.seen.filter((s) => !s.startsWith('CONNECT')).length - before;
    assert.ok(received > 5, `the sandbox received ${received} requests`);
    assert.equal(proxied, received, 'every request the target received came through the proxy');
  });
});
