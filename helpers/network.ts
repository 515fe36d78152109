import type { APIRequest } from '@playwright/test';
import { setTimeout as sleep } from 'node:timers/promises';
import { EnvHttpProxyAgent, fetch as undiciFetch, type Dispatcher, type RequestInit, type Response } from 'undici';
import type { Config } from './config';
import { redactError } from './redact';
import { isThrottled, sendThrottled } from './throttle';

/**
 * How this project reaches the target, in one place for every request it sends: Playwright's
 * request contexts (the suite) and Node's fetch (preflight, leftovers, and the scripts that probe
 * a target). Both go through the proxy of HTTPS_PROXY / HTTP_PROXY unless NO_PROXY lists the host,
 * accept a lab certificate only with IGNORE_HTTPS_ERRORS=1, and trust the CAs of
 * NODE_EXTRA_CA_CERTS (Node reads that one itself, for both).
 */
export type NetworkSettings = Pick<Config, 'baseUrl' | 'proxy' | 'ignoreHttpsErrors' | 'requestTimeoutMs'>;

/** The proxy URL for the target's scheme, as the environment gave it (credentials included). */
export function proxyFor(cfg: NetworkSettings): string | undefined {
  return new URL(cfg.baseUrl).protocol === 'https:' ? cfg.proxy.https : cfg.proxy.http;
}

/** Options for `playwright.request.newContext()` / `request.newContext()` against the configured target. */
export function requestContextOptions(cfg: NetworkSettings): NonNullable<Parameters<APIRequest['newContext']>[0]> {
  const proxy = proxyFor(cfg);
  let proxyOption: { server: string; bypass?: string; username?: string; password?: string } | undefined;
  if (proxy) {
    const url = new URL(proxy);
    proxyOption = {
      server: `${url.protocol}//${url.host}`,
      ...(cfg.proxy.noProxy ? { bypass: cfg.proxy.noProxy } : {}),
      ...(url.username ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : {}),
    };
  }
  return { ...(proxyOption ? { proxy: proxyOption } : {}), ignoreHTTPSErrors: cfg.ignoreHttpsErrors, timeout: cfg.requestTimeoutMs };
}

/** What a run or a probe says of how it reaches the target before it sends anything. */
export function networkNotices(cfg: NetworkSettings): string[] {
  const proxy = proxyFor(cfg);
  return [
    ...(proxy ? [`proxy: ${new URL(proxy).host}${cfg.proxy.noProxy ? ` (NO_PROXY=${cfg.proxy.noProxy})` : ''}`] : []),
    ...(cfg.ignoreHttpsErrors
      ? [
          `WARNING: IGNORE_HTTPS_ERRORS is set: TLS certificates of ${new URL(cfg.baseUrl).host} are not verified. For lab targets only; for a private CA set NODE_EXTRA_CA_CERTS instead.`,
        ]
      : []),
  ];
}

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

const TRANSIENT_ATTEMPTS = 4;
const transient = (error: unknown): boolean => {
  const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
  return ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET', 'ETIMEDOUT'].includes(code ?? '') || (error as Error).name === 'TimeoutError';
};

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
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await once();
      if (response.status < 500 || attempt === TRANSIENT_ATTEMPTS) return response;
      await response.body?.cancel();
    } catch (error) {
      if (!transient(error) || attempt === TRANSIENT_ATTEMPTS) throw error;
    }
    await sleep(1000 * 2 ** (attempt - 1));
  }
}
