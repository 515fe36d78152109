import { EnvHttpProxyAgent, fetch as undiciFetch, type Dispatcher, type RequestInit, type Response } from 'undici';
import type { NetworkSettings } from './network';
import { redactError } from '../core/redact';
import { retryTransient } from './retry';
import { isThrottled, sendThrottled } from './throttle';

const dispatchers = new WeakMap<object, Dispatcher>();

/** undici's dispatcher for Node's fetch: the same proxy, NO_PROXY and TLS rules as the request contexts. */
export function dispatcher(cfg: NetworkSettings): Dispatcher {
  let found = dispatchers.get(cfg);
  if (!found) {
    const tls = cfg.ignoreHttpsErrors ? { rejectUnauthorized: false } : {};
    found = new EnvHttpProxyAgent({
      // Explicit, so that an empty setting means no proxy rather than falling back to the process environment.
      httpProxy: cfg.proxy.http ?? '',
      httpsProxy: cfg.proxy.https ?? '',
      noProxy: cfg.proxy.noProxy ?? '',
      connect: tls,
      requestTls: tls,
    });
    dispatchers.set(cfg, found);
  }
  return found;
}

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
          const response = await undiciFetch(url, {
            redirect: 'manual',
            ...init,
            dispatcher: dispatcher(cfg),
            signal: AbortSignal.timeout(cfg.requestTimeoutMs),
          });
          return response;
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
