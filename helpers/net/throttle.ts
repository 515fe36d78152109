import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../core/config';
import { backoffMs, parseRetryAfter, retry } from './retry';

/**
 * What a quota on the target does to a run: a 429 (or a 503 that says when to come back) is not
 * the answer to the request, only a "not now". Every request the project sends waits as told and
 * asks again, a bounded number of times, and the run counts how often and how long; a throttled
 * answer never reaches a check. RATE_LIMIT keeps the run under a known quota in the first place.
 */
export type ThrottleSettings = Pick<Config, 'retryAfterMaxS' | 'throttleRetries' | 'rateLimit' | 'workers' | 'reportsDir' | 'runId'>;

/** A 429 always says "not now"; a 503 only when it says when to come back (otherwise the target is failing, and a check judges that). */
export function isThrottled(status: number, retryAfter: string | null | undefined): boolean {
  return status === 429 || (status === 503 && parseRetryAfter(retryAfter) !== undefined);
}

export class ThrottledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ThrottledError';
  }
}

/**
 * How long to wait before asking again after the `attempt`-th throttled answer (its Retry-After,
 * else 1, 2, 4 … s); throws when the target asks for more than RETRY_AFTER_MAX_S or keeps
 * throttling past THROTTLE_RETRIES.
 */
export function throttleWaitMs(what: string, status: number, retryAfter: string | null | undefined, attempt: number, cfg: ThrottleSettings): number {
  const wait = parseRetryAfter(retryAfter) ?? backoffMs(attempt);
  const said = retryAfter ? `Retry-After: ${retryAfter}` : 'no Retry-After';
  if (attempt > cfg.throttleRetries) {
    throw new ThrottledError(
      `${what} was throttled ${attempt} times in a row (${status}, ${said}): the target's quota is exhausted; lower RATE_LIMIT or raise THROTTLE_RETRIES (now ${cfg.throttleRetries}).`,
    );
  }
  if (wait > cfg.retryAfterMaxS * 1000) {
    throw new ThrottledError(
      `${what} was throttled (${status}, ${said}) for longer than RETRY_AFTER_MAX_S=${cfg.retryAfterMaxS} s allows; raise it or lower RATE_LIMIT.`,
    );
  }
  return wait;
}

/** One line per throttled answer, from every process of the run (workers, setup, teardown). */
export const throttleFile = (reportsDir: string, runId: string): string => join(reportsDir, '.run', `${runId}.throttle.jsonl`);

export function recordThrottle(cfg: ThrottleSettings, entry: { what: string; status: number; waited_ms: number }): void {
  const file = throttleFile(cfg.reportsDir, cfg.runId);
  if (!existsSync(dirname(file))) mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(entry)}\n`);
}

export function throttleSummary(cfg: Pick<Config, 'reportsDir' | 'runId'>): { throttled: number; waitedS: number } {
  const file = throttleFile(cfg.reportsDir, cfg.runId);
  if (!existsSync(file)) return { throttled: 0, waitedS: 0 };
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { waited_ms: number });
  return { throttled: entries.length, waitedS: Math.round(entries.reduce((sum, e) => sum + e.waited_ms, 0) / 100) / 10 };
}

export const describeThrottle = ({ throttled, waitedS }: { throttled: number; waitedS: number }): string => `throttled: ${throttled}, waited ${waitedS} s`;

/**
 * RATE_LIMIT requests per second for the whole run: each worker gets an equal share (the runner,
 * which only sends before and after the workers, gets all of it), and requests are spaced evenly
 * within a share, so no burst ever exceeds the quota.
 */
let nextSlot = 0;
export async function rateSlot(cfg: Pick<Config, 'rateLimit' | 'workers'>): Promise<void> {
  if (!cfg.rateLimit) return;
  const share = process.env.TEST_WORKER_INDEX === undefined ? cfg.rateLimit : cfg.rateLimit / cfg.workers;
  const now = performance.now();
  const at = Math.max(now, nextSlot);
  nextSlot = at + 1000 / share;
  if (at > now) await sleep(at - now);
}

/**
 * Sends through `attempt` until the answer is not a throttle, waiting as told in between. `attempt`
 * resolves to the status and Retry-After of an answer, after releasing anything it holds.
 */
export function sendThrottled<T>(
  what: string,
  cfg: ThrottleSettings,
  attempt: () => Promise<T>,
  statusOf: (answer: T) => { status: number; retryAfter: string | null | undefined },
): Promise<T> {
  return retry(
    async () => {
      await rateSlot(cfg);
      return attempt();
    },
    (outcome, n) => {
      // A failed request is not a throttle: it is thrown as it came (net-fetch and teardown decide whether to ask again).
      if ('error' in outcome) return undefined;
      const { status, retryAfter } = statusOf(outcome.value);
      if (!isThrottled(status, retryAfter)) return undefined;
      const wait = throttleWaitMs(what, status, retryAfter, n, cfg);
      recordThrottle(cfg, { what, status, waited_ms: wait });
      return wait;
    },
  );
}
