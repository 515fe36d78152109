import type { APIRequest } from '@playwright/test';
import type { Config } from '../core/config';

/**
 * How this project reaches the target, in one place for every request it sends: Playwright's
 * request contexts (the suite) and Node's fetch (preflight, leftovers, and the scripts that probe
 * a target). Both go through the proxy of HTTPS_PROXY / HTTP_PROXY unless NO_PROXY lists the host,
 * accept a lab certificate only with IGNORE_HTTPS_ERRORS=1, and trust the CAs of
 * NODE_EXTRA_CA_CERTS (Node reads that one itself, for both). Node's fetch is helpers/net/net-fetch.ts:
 * undici itself is loaded only for a proxy or IGNORE_HTTPS_ERRORS.
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
