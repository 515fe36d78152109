import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every request the suite sends is recorded as one JSON line (operation, purpose, status, time)
 * in the reports folder; the coverage reporter aggregates the lines of all workers at the end.
 */
export interface CallRecord {
  op: string;
  purpose: string;
  method: string;
  status: number;
  ms: number;
  test: string;
  drift?: string[];
}

export const callsDir = (reportsDir: string): string => join(reportsDir, '.calls');

export function recordCall(reportsDir: string, record: CallRecord): void {
  const dir = callsDir(reportsDir);
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify(record)}\n`);
}
