import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Asking again, in one place: which network failures are worth another try, how long to wait
 * (exponential backoff, or what a Retry-After says), and the bounded loop every sender that
 * retries goes through: throttled answers (helpers/net/throttle.ts), teardown (helpers/factory.ts) and
 * the requests sent with Node's fetch (helpers/net/net-fetch.ts: preflight, leftovers, calibrate).
 * Playwright's own retry of a reset connection (NETWORK_RETRIES) is helpers/net/api.ts sendPolicy.
 */

/** Codes of a connection that was reset, refused, broken or timed out (Node's and undici's): the same request may get through if asked again. */
export const TRANSIENT_CODES: readonly string[] = ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET'];

/** Playwright's request timeout (REQUEST_TIMEOUT_MS), as its error message words it. */
export const REQUEST_TIMEOUT = /Timeout \d+ms exceeded/;

/** The transient failures as an error message words them: Playwright's errors carry no code, only text. */
export const TRANSIENT_MESSAGE = new RegExp([...TRANSIENT_CODES, 'socket hang up', REQUEST_TIMEOUT.source].join('|'));

/** The error's code, else its cause's: fetch reports every network failure as "fetch failed" with the code on the cause. */
export const codeOf = (error: unknown): string | undefined =>
  (error as { code?: string } | undefined)?.code ?? (error as { cause?: { code?: string } } | undefined)?.cause?.code;

/**
 * A failure worth asking again: a transient code, a timeout (AbortSignal's TimeoutError), or a
 * message that names one on its first line (the rest of a Playwright message is its call log).
 */
export function isTransient(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined && TRANSIENT_CODES.includes(code)) return true;
  return error instanceof Error && (error.name === 'TimeoutError' || TRANSIENT_MESSAGE.test(error.message.split('\n')[0]));
}

/** Retry-After as seconds or as an HTTP date (RFC 9110 §10.2.3), in ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The wait after the `n`-th attempt: `baseMs`, then twice as long each time (1, 2, 4 … s). */
export const backoffMs = (n: number, baseMs = 1000): number => baseMs * 2 ** (n - 1);

/** What one attempt came to: its value, or what it threw. */
export type Outcome<T> = { value: T } | { error: unknown };

/**
 * Calls `attempt` until `again` answers undefined, sleeping the ms it answers in between, then
 * returns the last value or throws the last error. `again` gets the attempt's number (1, 2, …)
 * and bounds the loop: it answers undefined past a number of attempts, or throws.
 */
export async function retry<T>(
  attempt: () => Promise<T>,
  again: (outcome: Outcome<T>, n: number) => number | undefined | Promise<number | undefined>,
): Promise<T> {
  for (let n = 1; ; n++) {
    let outcome: Outcome<T>;
    try {
      outcome = { value: await attempt() };
    } catch (error) {
      outcome = { error };
    }
    const wait = await again(outcome, n);
    if (wait === undefined) {
      if ('error' in outcome) throw outcome.error;
      return outcome.value;
    }
    await sleep(wait);
  }
}

export interface TransientRetry<T> {
  /** Attempts in all, the first one included. */
  attempts?: number;
  /** The first wait; each next one is twice as long. */
  baseMs?: number;
  /** Releases a 5xx answer that is asked again (an unread body holds its connection). */
  discard?: (answer: T) => Promise<void>;
}

/**
 * For requests whose answer is not under test (teardown, the leftovers check): a 5xx answer or a
 * transient failure is asked again, 4 attempts in all, after 1, 2, 4 s. Returns the last answer
 * (still a 5xx once the attempts are spent) or throws the last error; anything else is final at once.
 * `statusOf` undefined means the attempt settled without an answer to judge.
 */
export function retryTransient<T>(
  attempt: () => Promise<T>,
  statusOf: (answer: T) => number | undefined,
  { attempts = 4, baseMs = 1000, discard }: TransientRetry<T> = {},
): Promise<T> {
  return retry(attempt, async (outcome, n) => {
    if (n >= attempts) return undefined;
    if ('error' in outcome) return isTransient(outcome.error) ? backoffMs(n, baseMs) : undefined;
    const status = statusOf(outcome.value);
    if (status === undefined || status < 500) return undefined;
    await discard?.(outcome.value);
    return backoffMs(n, baseMs);
  });
}
