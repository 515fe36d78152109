import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { NetworkSettings } from './network';
import { redactError } from '../core/redact';
import { retryTransient } from './retry';
import { isThrottled, sendThrottled } from './throttle';

/** undici's fetch with its dispatcher, for settings that need one. */
interface Agent {
  fetch: (url: string, init: Omit<RequestInit, 'dispatcher'> & { dispatcher: object }) => Promise<Response>;
  dispatcher: object;
}

const agents = new WeakMap<object, Promise<Agent>>();

/**
 * undici's dispatcher for the proxy, NO_PROXY and TLS rules of the request contexts, when the
 * settings have any (a proxy, IGNORE_HTTPS_ERRORS); undefined otherwise, and then the request goes
 * direct (directFetch) and trusts NODE_EXTRA_CA_CERTS by itself. undici is loaded only then: the workers'
 * cleanup and the runner's preflight and leftovers scan would otherwise each load it (~0.1 s of CPU
 * a process, eight workers starting at once on a small machine).
 */
function agent(cfg: NetworkSettings): Promise<Agent> | undefined {
  if (!cfg.proxy.http && !cfg.proxy.https && !cfg.ignoreHttpsErrors) return undefined;
  let found = agents.get(cfg);
  if (!found) {
    found = import('undici').then(({ EnvHttpProxyAgent, fetch }) => {
      const tls = cfg.ignoreHttpsErrors ? { rejectUnauthorized: false } : {};
      const dispatcher = new EnvHttpProxyAgent({
        // Explicit, so that an empty setting means no proxy rather than falling back to the process environment.
        httpProxy: cfg.proxy.http ?? '',
        httpsProxy: cfg.proxy.https ?? '',
        noProxy: cfg.proxy.noProxy ?? '',
        connect: tls,
        requestTls: tls,
      });
      return { fetch: fetch as unknown as Agent['fetch'], dispatcher };
    });
    agents.set(cfg, found);
  }
  return found;
}

/** Statuses whose answer has no body, which a Response must be built without. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * A request straight through node:http(s) and its keep-alive agent, as a fetch Response: a quarter of
 * the CPU of Node's fetch per call (0.7 against 1.9 ms measured here), which the janitor pays for
 * every record a run made. Redirects are not followed (fetch's `redirect: 'manual'`); a timeout fails
 * as fetch's does (a TimeoutError), a network failure with Node's code on the error.
 */
function directFetch(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  return new Promise((resolve, reject) => {
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const request = send(url, { method: init.method ?? 'GET', headers: init.headers as Record<string, string> | undefined });
    const timer = setTimeout(() => request.destroy(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), timeoutMs);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      reject(error);
    };
    request.on('error', fail);
    request.on('response', (answer: IncomingMessage) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('error', fail);
      answer.on('end', () => {
        clearTimeout(timer);
        const status = answer.statusCode ?? 0;
        const pairs: [string, string][] = [];
        for (let i = 0; i < answer.rawHeaders.length; i += 2) pairs.push([answer.rawHeaders[i], answer.rawHeaders[i + 1]]);
        resolve(new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), { status, statusText: answer.statusMessage, headers: pairs }));
      });
    });
    // Written whole with end(): Node then sends its length (as fetch does), never a chunked body.
    request.end(init.body as string | undefined);
  });
}

/**
 * A JSON call to the target as one tenant, outside any test (cleanup, the leftovers scan): not under
 * test, so 5xx answers and dropped connections are retried with backoff.
 */
export const tenantFetch = (
  cfg: Parameters<typeof netFetch>[0],
  what: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> =>
  netFetch(
    cfg,
    what,
    `${cfg.baseUrl}${path}`,
    {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    },
    { retryTransient: true },
  );

export interface NetFetchOptions {
  /** Retry 5xx answers and dropped connections with backoff (1, 2, 4 s): for cleanup, where the answer is not under test. */
  retryTransient?: boolean;
}

/**
 * A request to the target as the project sends it: through the configured proxy and TLS rules,
 * within RATE_LIMIT, waiting out throttled answers, with REQUEST_TIMEOUT_MS, and failing with a
 * redacted error (never the request's headers).
 */
export async function netFetch(
  cfg: NetworkSettings & Parameters<typeof sendThrottled>[1],
  what: string,
  url: string,
  init: RequestInit = {},
  options: NetFetchOptions = {},
): Promise<Response> {
  const once = (): Promise<Response> =>
    sendThrottled(
      what,
      cfg,
      async () => {
        try {
          const through = await agent(cfg);
          // Following redirects is left to fetch (calibrate reads an export that may have moved).
          if (!through && init.redirect !== 'follow') return await directFetch(url, init, cfg.requestTimeoutMs);
          const request: RequestInit = { redirect: 'manual', ...init, signal: AbortSignal.timeout(cfg.requestTimeoutMs) };
          return await (through ? through.fetch(url, { ...request, dispatcher: through.dispatcher }) : fetch(url, request));
        } catch (error) {
          throw redactError(error);
        }
      },
      (response) => {
        const retryAfter = response.headers.get('retry-after');
        if (isThrottled(response.status, retryAfter)) void response.body?.cancel();
        return { status: response.status, retryAfter };
      },
    );
  if (!options.retryTransient) return once();
  return retryTransient(once, (response) => response.status, {
    discard: async (response) => {
      await response.body?.cancel();
    },
  });
}
