import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Exchange } from './api';

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

const reportsDir = (): string => process.env.REPORTS_DIR || 'reports';

export function recordCheck(check: string, exchange: Exchange, ok: boolean): void {
  // Only Playwright workers feed the run summary; unit tests that call verify() leave no trace.
  if (process.env.TEST_WORKER_INDEX === undefined) return;
  const dir = checksDir(reportsDir());
  mkdirSync(dir, { recursive: true });
  const record: CheckRecord = { check, op: exchange.op.id, purpose: exchange.purpose, ok };
  appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify(record)}\n`);
}
