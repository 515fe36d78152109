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
 * settings have any (a proxy, IGNORE_HTTPS_ERRORS); undefined otherwise, and then Node's own fetch
 * goes direct and trusts NODE_EXTRA_CA_CERTS by itself. undici is loaded only then: the workers'
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
 * Node's fetch to the target as the project sends it: through the configured proxy and TLS rules,
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
          const request: RequestInit = { redirect: 'manual', ...init, signal: AbortSignal.timeout(cfg.requestTimeoutMs) };
          const through = await agent(cfg);
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
