import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

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

/** Appends JSON lines in one write; the folder is made only when the first write finds it missing. */
export function appendJsonLines(file: string, records: readonly unknown[]): void {
  if (records.length === 0) return;
  const text = records.map((r) => `${JSON.stringify(r)}\n`).join('');
  try {
    appendFileSync(file, text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, text);
  }
}

export function recordCall(reportsDir: string, record: CallRecord): void {
  appendJsonLines(join(callsDir(reportsDir), `${process.pid}.jsonl`), [record]);
}
