import { operation } from '../../schemas/catalogue';
import type { Config } from '../core/config';
import { netFetch } from './net-fetch';
import { proxyFor } from './network';
import { redact, registerSecret } from '../core/redact';
import { codeOf } from './retry';
import { ThrottledError } from './throttle';

/**
 * One cheap authenticated read before any test runs: an unreachable target, a rejected token or
 * a URL that is not the LOS API stops the run in seconds with one message that says what to fix.
 */
export class PreflightError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreflightError';
    this.stack = `PreflightError: ${message}`;
  }
}

const PROBE = operation('accounts.list');

const TLS_CODES: Record<string, string> = {
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate chain ends in a CA Node does not trust',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate is signed by a CA Node does not trust',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its TLS certificate is signed by a CA Node does not trust',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another host name',
};

/** fetch reports every network failure as "fetch failed"; the code says which one it was. */
function unreachableReason(error: unknown, timeoutMs: number): string {
  if ((error as Error).name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const code = codeOf(error);
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused: nothing listens on that port',
    ENOTFOUND: 'the host name does not resolve',
    EAI_AGAIN: 'the host name could not be resolved right now',
    ECONNRESET: 'the connection was reset',
    ...TLS_CODES,
  };
  const cause = (error as { cause?: { message?: string } }).cause;
  return (code ? known[code] : undefined) ?? code ?? cause?.message ?? (error as Error).message;
}

/** The target's own words, enough to recognise them: redacted, on one line, cut short. */
const MAX_QUOTE = 200;
async function quote(response: Response): Promise<string> {
  const text = redact((await response.text().catch(() => '')).replace(/\s+/g, ' ').trim());
  if (!text) return '';
  return `; it said: ${text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE)}… (${text.length} characters)` : text}`;
}

async function probe(cfg: Config, token: string, timeoutMs: number): Promise<Response> {
  const url = `${cfg.baseUrl}${PROBE.path}?page_size=1`;
  try {
    return await netFetch({ ...cfg, requestTimeoutMs: timeoutMs }, `preflight GET ${PROBE.path}`, url, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
  } catch (error) {
    if (error instanceof ThrottledError) throw new PreflightError(error.message);
    const code = codeOf(error);
    const proxy = proxyFor(cfg);
    const hint =
      code && code in TLS_CODES
        ? 'if the target uses a private CA, set NODE_EXTRA_CA_CERTS to its PEM file; for a lab target only, IGNORE_HTTPS_ERRORS=1 accepts any certificate'
        : cfg.sandbox
          ? 'the sandbox did not start; run `npm run sandbox` to see why'
          : proxy
            ? `check BASE_URL, the proxy in ${new URL(cfg.baseUrl).protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY'} (or list the host in NO_PROXY), your network or VPN`
            : 'check BASE_URL, your network or VPN (behind a corporate proxy, set HTTPS_PROXY), or unset BASE_URL to test the bundled sandbox';
    const failed = code && code in TLS_CODES ? 'failed TLS verification' : 'is unreachable';
    throw new PreflightError(`BASE_URL ${cfg.baseUrl} ${failed} (${unreachableReason(error, timeoutMs)}): ${hint}.`);
  }
}

/**
 * The target this process last passed the preflight for. Process-wide (the runner loads the global
 * setup and teardown as modules of their own) but not in the environment, which child processes inherit.
 */
const PASSED = Symbol.for('los-contract.preflight-passed');
const passed = globalThis as { [PASSED]?: string };

/** Whether this process already passed the preflight against this target. */
export const preflightPassed = (cfg: Pick<Config, 'baseUrl'>): boolean => passed[PASSED] === cfg.baseUrl;

/**
 * Both tokens are probed at once (one round trip, not two, before a run and again after it); their
 * answers are judged in order, so a problem with API_TOKEN is the one reported when both have one.
 */
export async function preflight(cfg: Config, timeoutMs = 5000): Promise<void> {
  const tokens = (
    [
      ['API_TOKEN', cfg.token],
      ['ISOLATION_TOKEN', cfg.isolationToken],
    ] as Array<[string, string | undefined]>
  ).flatMap(([name, token]) => (token === undefined ? [] : [[name, token] as const]));
  for (const [, token] of tokens) registerSecret(token);
  const probes = await Promise.allSettled(tokens.map(([, token]) => probe(cfg, token, timeoutMs)));
  try {
    for (const [i, [name]] of tokens.entries()) {
      const settled = probes[i];
      if (settled.status === 'rejected') throw settled.reason;
      const response = settled.value;
      if (response.status === 401 || response.status === 403) {
        throw new PreflightError(
          `${name} was rejected by ${cfg.baseUrl} (GET ${PROBE.path} answered ${response.status}${await quote(response)}): set ${name} to a valid, unexpired bearer token of the target tenant.`,
        );
      }
      if (response.status === 404 || (response.status >= 300 && response.status < 400)) {
        throw new PreflightError(
          `${cfg.baseUrl} does not look like the LOS API (GET ${PROBE.path} answered ${response.status}${await quote(response)}): set BASE_URL to the API root, e.g. https://preprod.api.crego.io.`,
        );
      }
      const type = response.headers.get('content-type') ?? 'no content type';
      if (response.ok && !/json/i.test(type)) {
        throw new PreflightError(
          `${cfg.baseUrl} does not look like the LOS API (GET ${PROBE.path} answered ${response.status} with ${type}, not JSON${await quote(response)}): set BASE_URL to the API root, e.g. https://preprod.api.crego.io.`,
        );
      }
      if (response.status >= 500) {
        throw new PreflightError(
          `${cfg.baseUrl} answered ${response.status} to GET ${PROBE.path}${await quote(response)}: the target is down or failing; try again later.`,
        );
      }
    }
  } finally {
    for (const settled of probes) if (settled.status === 'fulfilled') await settled.value.body?.cancel().catch(() => undefined);
  }
  passed[PASSED] = cfg.baseUrl;
}
