import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { request, type APIRequestContext } from '@playwright/test';
import { sendPolicy } from '../../helpers/net/api';
import { parseConfig } from '../../helpers/core/config';
import { redactError } from '../../helpers/core/redact';
import { backoffMs, isTransient, retry, retryTransient } from '../../helpers/net/retry';
import { ThrottledError } from '../../helpers/net/throttle';
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
      if (path.startsWith('/hang')) return;
      const status = Number(/^\/status\/(\d+)/.exec(path)?.[1] ?? 201);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code: `status_${status}`, message: 'counted' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    context = await request.newContext();
  });

  after(async () => {
    await context.dispose();
    server.closeAllConnections();
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

  it('knows the failures Playwright and fetch really throw for a reset, a refused connection and a timeout as transient', async () => {
    const failure = (sent: Promise<unknown>) =>
      sent.then(
        () => assert.fail('expected the request to fail'),
        (error: unknown) => error,
      );
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const thrown = {
      'Playwright, reset': await failure(send('/reset-always-transient', 0)),
      'Playwright, timeout': await failure(context.fetch(`${base}/hang-playwright`, { ...sendPolicy(parseConfig({ REQUEST_TIMEOUT_MS: '100' })) })),
      'Playwright, refused': await failure(context.fetch(`http://127.0.0.1:${closed}/`, sendPolicy(parseConfig({ NETWORK_RETRIES: '0' })))),
      'fetch, refused': await failure(fetch(`http://127.0.0.1:${closed}/`)),
      'fetch, timeout': await failure(fetch(`${base}/hang-fetch`, { signal: AbortSignal.timeout(100) })),
    };
    for (const [what, error] of Object.entries(thrown)) {
      assert.ok(isTransient(error), `${what}: ${String(error)}`);
      assert.ok(isTransient(redactError(error)), `${what}, as the project rethrows it redacted`);
    }
  });
});

describe('what is worth asking again', () => {
  it('not a host name that does not resolve, a throttle past its bounds, a failed expectation, or a call log that merely mentions a reset', () => {
    const notTransient: unknown[] = [
      Object.assign(new Error('getaddrinfo ENOTFOUND api.example.invalid'), { code: 'ENOTFOUND' }),
      new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo EAI_AGAIN api.example.invalid'), { code: 'EAI_AGAIN' }) }),
      new ThrottledError('Accounts › Create was throttled 6 times in a row (429, Retry-After: 1)'),
      new Error('expect(received).toBe(expected)'),
      new Error('apiRequestContext.fetch: Target page, context or browser has been closed\nCall log:\n  - ← read ECONNRESET earlier'),
      'ECONNRESET',
      undefined,
    ];
    for (const error of notTransient) assert.equal(isTransient(error), false, String(error));
  });

  it('backs off 1, 2, 4 s by default, doubling any first wait', () => {
    assert.deepEqual(
      [1, 2, 3].map((n) => backoffMs(n)),
      [1000, 2000, 4000],
    );
    assert.equal(backoffMs(3, 25), 100);
  });
});

describe('retryTransient: teardown and the leftovers check ask again', () => {
  /** An attempt that plays `script` in order (a status, or an error to throw), counting its calls and when they came. */
  const scripted = (script: Array<number | undefined | Error>) => {
    const calls: number[] = [];
    const attempt = () => {
      calls.push(performance.now());
      const next = script[calls.length - 1];
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    };
    return { attempt, calls };
  };
  const reset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
  const fast = { baseMs: 1 };

  it('asks a 5xx again, 4 attempts in all, and then returns the last 5xx; each answer asked again is released', async () => {
    const { attempt, calls } = scripted([500, 502, 503, 504, 200]);
    const discarded: Array<number | undefined> = [];
    const status = await retryTransient(attempt, (s) => s, { ...fast, discard: async (s) => void discarded.push(s) });
    assert.equal(status, 504);
    assert.equal(calls.length, 4);
    assert.deepEqual(discarded, [500, 502, 503], 'the answer returned is not released');
  });

  it('stops at the first answer below 500, and at once on a 4xx or on no answer to judge', async () => {
    const recovers = scripted([502, 503, 204]);
    assert.equal(await retryTransient(recovers.attempt, (s) => s, fast), 204);
    assert.equal(recovers.calls.length, 3);
    for (const first of [400, 404, 409, undefined]) {
      const { attempt, calls } = scripted([first, 200]);
      assert.equal(await retryTransient(attempt, (s) => s, fast), first);
      assert.equal(calls.length, 1, String(first));
    }
  });

  it('asks a transient failure again and throws the last one when every attempt fails; any other error at once', async () => {
    const recovers = scripted([reset(), reset(), 201]);
    assert.equal(await retryTransient(recovers.attempt, (s) => s, fast), 201);
    assert.equal(recovers.calls.length, 3);

    const last = reset();
    const failing = scripted([reset(), reset(), last, reset()]);
    await assert.rejects(
      retryTransient(failing.attempt, (s) => s, { ...fast, attempts: 3 }),
      (error) => error === last,
    );
    assert.equal(failing.calls.length, 3);

    const broken = new TypeError("Cannot read properties of undefined (reading 'id')");
    const once = scripted([broken, 200]);
    await assert.rejects(
      retryTransient(once.attempt, (s) => s, fast),
      (error) => error === broken,
    );
    assert.equal(once.calls.length, 1);
  });

  it('waits the backoff between attempts', async () => {
    const { attempt, calls } = scripted([500, 500, 500]);
    await retryTransient(attempt, (s) => s, { baseMs: 40, attempts: 3 });
    const gaps = [calls[1] - calls[0], calls[2] - calls[1]];
    assert.ok(gaps[0] >= 38 && gaps[1] >= 78, `waited ${gaps.map(Math.round).join(' and ')} ms`);
  });
});

describe('retry: the loop under every policy', () => {
  it('numbers the attempts, and ends with what the policy throws, asking no more', async () => {
    const seen: number[] = [];
    let attempts = 0;
    const stop = new Error('past the bounds');
    const policy = (_: unknown, n: number) => {
      seen.push(n);
      if (n === 3) throw stop;
      return 0;
    };
    await assert.rejects(
      retry(async () => ++attempts, policy),
      (error) => error === stop,
    );
    assert.deepEqual(seen, [1, 2, 3]);
    assert.equal(attempts, 3);
  });
});
