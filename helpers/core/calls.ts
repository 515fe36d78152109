import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Transition } from './lifecycle';

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
  /** The test, as `recordedTitle` names it. */
  test: string;
  drift?: string[];
  /** For an account action or create: the status before (as last seen) and after (helpers/core/lifecycle.ts). */
  transition?: Transition;
}

/** How the run's records name a test: its title path without the file (`Group › Name`). */
export const recordedTitle = (info: { titlePath: readonly string[] }): string => info.titlePath.slice(1).join(' › ');

export const callsDir = (reportsDir: string): string => join(reportsDir, '.calls');

const buffered = new Map<string, string[]>();

/**
 * Queues JSON lines for `file`; flushJsonLines writes them: the fixtures flush once per test, so
 * a call costs no synchronous file write of its own (the call and its checks are two records).
 */
export function appendJsonLines(file: string, records: readonly unknown[]): void {
  if (records.length === 0) return;
  const lines = buffered.get(file) ?? [];
  buffered.set(file, lines);
  for (const record of records) lines.push(`${JSON.stringify(record)}\n`);
}

/** Writes every queued line, one append per file; the folder is made only when the first write finds it missing. */
export function flushJsonLines(): void {
  for (const [file, lines] of buffered) {
    const text = lines.join('');
    buffered.delete(file);
    try {
      appendFileSync(file, text);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(dirname(file), { recursive: true });
      appendFileSync(file, text);
    }
  }
}

// Whatever a test left queued when the worker stops (a fixture's teardown ran no flush after it).
process.on('exit', flushJsonLines);

export function recordCall(reportsDir: string, record: CallRecord): void {
  appendJsonLines(join(callsDir(reportsDir), `${process.pid}.jsonl`), [record]);
}

/** Reads the calls of every worker; shards merged for the gate sit in sub-folders (one per shard). */
export function readCalls(reportsDir: string): CallRecord[] {
  const dir = callsDir(reportsDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean))
    .map((line) => JSON.parse(line) as CallRecord);
}
