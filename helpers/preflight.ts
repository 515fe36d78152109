import { operation } from '../schemas/catalogue';
import type { Config } from './config';

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

/** fetch reports every network failure as "fetch failed"; the cause says which one it was. */
function unreachableReason(error: unknown, timeoutMs: number): string {
  if ((error as Error).name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused: nothing listens on that port',
    ENOTFOUND: 'the host name does not resolve',
    EAI_AGAIN: 'the host name could not be resolved right now',
    ECONNRESET: 'the connection was reset',
    CERT_HAS_EXPIRED: 'its TLS certificate has expired',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  };
  return (cause?.code ? known[cause.code] : undefined) ?? cause?.code ?? cause?.message ?? (error as Error).message;
}

async function probe(cfg: Config, token: string, timeoutMs: number): Promise<Response> {
  const url = `${cfg.baseUrl}${PROBE.path}?page_size=1`;
  try {
    return await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
  } catch (error) {
    const hint = cfg.sandbox
      ? 'the sandbox did not start; run `npm run sandbox` to see why'
      : 'check BASE_URL, your network or VPN, or unset BASE_URL to test the bundled sandbox';
    throw new PreflightError(`BASE_URL ${cfg.baseUrl} is unreachable (${unreachableReason(error, timeoutMs)}): ${hint}.`);
  }
}

export async function preflight(cfg: Config, timeoutMs = 5000): Promise<void> {
  const tokens: Array<[string, string | undefined]> = [
    ['API_TOKEN', cfg.token],
    ['ISOLATION_TOKEN', cfg.isolationToken],
  ];
  for (const [name, token] of tokens) {
    if (token === undefined) continue;
    const response = await probe(cfg, token, timeoutMs);
    await response.body?.cancel();
    if (response.status === 401 || response.status === 403) {
      throw new PreflightError(
        `${name} was rejected by ${cfg.baseUrl} (GET ${PROBE.path} answered ${response.status}): set ${name} to a valid, unexpired bearer token of the target tenant.`,
      );
    }
    if (response.status === 404 || (response.status >= 300 && response.status < 400)) {
      throw new PreflightError(
        `${cfg.baseUrl} does not look like the LOS API (GET ${PROBE.path} answered ${response.status}): set BASE_URL to the API root, e.g. https://preprod.api.crego.io.`,
      );
    }
    const type = response.headers.get('content-type') ?? 'no content type';
    if (response.ok && !/json/i.test(type)) {
      throw new PreflightError(
        `${cfg.baseUrl} does not look like the LOS API (GET ${PROBE.path} answered ${response.status} with ${type}, not JSON): set BASE_URL to the API root, e.g. https://preprod.api.crego.io.`,
      );
    }
    if (response.status >= 500) {
      throw new PreflightError(`${cfg.baseUrl} answered ${response.status} to GET ${PROBE.path}: the target is down or failing; try again later.`);
    }
  }
}
