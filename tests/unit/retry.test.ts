import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { request, type APIRequestContext } from '@playwright/test';
import { sendPolicy } from '../../helpers/api';
import { parseConfig } from '../../helpers/config';
import playwrightConfig from '../../playwright.config';

/**
 * The suite's network policy, as LosClient applies it, against a loopback server that counts the
 * requests it receives: resets are retried a bounded number of times, HTTP answers never.
 */
describe('network retries', () => {
  const seen = new Map<string, number>();
  let server: Server;
  let base: string;
  let context: APIRequestContext;

  before(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      const count = (seen.get(path) ?? 0) + 1;
      seen.set(path, count);
      req.resume();
      if (path.startsWith('/reset-once') && count === 1) return req.socket.destroy();
      if (path.startsWith('/reset-always')) return req.socket.destroy();
      const status = Number(/^\/status\/(\d+)/.exec(path)?.[1] ?? 201);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code: `status_${status}`, message: 'counted' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    context = await request.newContext();
  });

  after(async () => {
    await context.dispose();
    await new Promise((resolve) => server.close(resolve));
  });

  const send = (path: string, retries = 2) =>
    context.fetch(`${base}${path}`, { method: 'POST', data: '{"ref_id":"x"}', ...sendPolicy(parseConfig({ NETWORK_RETRIES: String(retries) })) });

  it('retries a connection the server reset, and the retry succeeds', async () => {
    const response = await send('/reset-once');
    assert.equal(response.status(), 201);
    assert.equal(seen.get('/reset-once'), 2, 'one reset, one successful retry');
  });

  it('gives up after NETWORK_RETRIES retries when every connection is reset', async () => {
    await assert.rejects(send('/reset-always', 2), /ECONNRESET|socket hang up/);
    assert.equal(seen.get('/reset-always'), 3, 'the first attempt and two retries, no more');
  });

  it('does not retry a reset when NETWORK_RETRIES=0', async () => {
    await assert.rejects(send('/reset-once-no-retry', 0), /ECONNRESET|socket hang up/);
    assert.equal(seen.get('/reset-once-no-retry'), 1);
  });

  for (const status of [400, 404, 409, 422, 500, 502, 503]) {
    it(`never retries an HTTP ${status}: it is the answer the contract checks judge`, async () => {
      const response = await send(`/status/${status}`);
      assert.equal(response.status(), status);
      assert.equal(seen.get(`/status/${status}`), 1);
    });
  }

  it('never re-runs a failed test either: the runner has no test retries', () => {
    assert.equal(playwrightConfig.retries, 0);
  });
});
