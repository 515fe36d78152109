import { join } from 'node:path';
import type { Exchange } from '../core/exchange';
import { appendJsonLines } from '../core/calls';
import { reportsDir } from '../core/config';

/**
 * Every check run on an exchange is one case: each worker appends one JSON line per case to
 * reports/.checks/, and the checks reporter prints how many cases each check tried and failed.
 */
export interface CheckRecord {
  check: string;
  op: string;
  purpose: string;
  ok: boolean;
}

export const checksDir = (reportsDir: string): string => join(reportsDir, '.checks');

/** The outcome of every check run on one exchange, written in one append. */
export function recordChecks(exchange: Exchange, outcomes: ReadonlyArray<{ check: string; ok: boolean }>): void {
  // Only Playwright workers feed the run summary; unit tests that call verify() leave no trace.
  if (process.env.TEST_WORKER_INDEX === undefined) return;
  const records = outcomes.map(({ check, ok }): CheckRecord => ({ check, op: exchange.op.id, purpose: exchange.purpose, ok }));
  appendJsonLines(join(checksDir(reportsDir()), `${process.pid}.jsonl`), records);
}
