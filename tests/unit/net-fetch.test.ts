import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../helpers/core/config';
import { netFetch, tenantFetch } from '../../helpers/net/net-fetch';

/**
 * The calls outside any test (cleanup, preflight, the leftovers scan) go straight through node:http
 * rather than through fetch (helpers/net/net-fetch.ts directFetch); they must still say what fetch
 * says on the wire and answer what fetch answers. Shown against a loopback server that records what
 * it is sent.
 */
describe('calls outside the tests, straight through node:http', () => {
  const received: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];
  let server: Server;
  let base: string;

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (req.url === '/gone') return res.writeHead(204).end();
        if (req.url === '/moved') return res.writeHead(301, { location: '/elsewhere/' }).end();
        if (req.url === '/never') return;
        res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const cfg = (env: Record<string, string> = {}) => ({ ...parseConfig({ BASE_URL: base, API_TOKEN: 'net-fetch-token', ...env }), baseUrl: base });

  it('sends a body with its length, never chunked, and a POST without one as content-length 0', async () => {
    received.length = 0;
    const body = { reason: 'dropped by the run — é' };
    assert.equal((await tenantFetch(cfg(), 'drop', 'net-fetch-token', 'POST', '/with-body', body)).status, 200);
    assert.equal((await tenantFetch(cfg(), 'drop', 'net-fetch-token', 'POST', '/no-body')).status, 200);
    const [withBody, noBody] = received;
    assert.equal(withBody.body, JSON.stringify(body));
    assert.equal(withBody.headers['content-length'], String(Buffer.byteLength(JSON.stringify(body))));
    assert.equal(withBody.headers['content-type'], 'application/json');
    assert.equal(withBody.headers.authorization, 'Bearer net-fetch-token');
    assert.equal(withBody.headers['transfer-encoding'], undefined);
    assert.equal(noBody.headers['content-length'], '0');
    assert.equal(noBody.headers['transfer-encoding'], undefined);
  });

  it('answers as fetch does: JSON, repeated headers, a 204 without a body, a redirect not followed', async () => {
    const ok = await netFetch(cfg(), 'GET /json', `${base}/json`);
    assert.deepEqual(await ok.json(), { ok: true });
    assert.equal(ok.headers.get('set-cookie'), 'a=1, b=2');
    const gone = await netFetch(cfg(), 'DELETE /gone', `${base}/gone`, { method: 'DELETE' });
    assert.equal(gone.status, 204);
    assert.equal(gone.body, null);
    const moved = await netFetch(cfg(), 'GET /moved', `${base}/moved`);
    assert.equal(moved.status, 301);
    assert.equal(moved.headers.get('location'), '/elsewhere/');
  });

  it('gives up after REQUEST_TIMEOUT_MS with a TimeoutError, as fetch does', async () => {
    const started = performance.now();
    await assert.rejects(netFetch(cfg({ REQUEST_TIMEOUT_MS: '300' }), 'GET /never', `${base}/never`), (error: Error) => error.name === 'TimeoutError');
    assert.ok(performance.now() - started < 3_000, 'within the timeout, not the server’s');
  });
});
