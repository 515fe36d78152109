import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestInfo } from '@playwright/test';
import { title, type Operation } from '../../schemas/catalogue';
import type { Exchange } from '../core/exchange';
import { appendJsonLines, recordedTitle } from '../core/calls';
import { config } from '../core/config';
import { redact, redactValue } from '../core/redact';
import { DEPENDENT_PURPOSES, isContractError, type Diagnosis, type Finding } from './diagnose';
import { markFailedCall, markViolation } from './failure-marks';

/**
 * The worker's side of the triage. Every violation is diagnosed where it happens and written to
 * reports/.triage/ (the triage reporter groups them after the run). A cross-worker ledger of the
 * causes seen so far (reports/.run/<run id>.causes.jsonl, appended at once, read by every worker)
 * turns what follows from a known cause into a skip with a one-line reason instead of another
 * failed test: Playwright replaces the worker after every failed test, so without the ledger a
 * broken shared shape would cost a worker restart per test that touched it.
 */
export interface FailureRecord extends Diagnosis {
  testId: string;
  test: string;
  op: string;
  purpose: string;
  method: string;
  status: number;
  findings: Finding[];
  /** `consequence`: skipped, its cause triaged by an earlier test; `inconclusive`: the route was not there or erred. */
  outcome: 'failed' | 'consequence' | 'inconclusive';
  /** The first line of the violation: where the body and curl are, for the console's one-liner. */
  message?: string;
  /** Of an inconclusive case: what its checks found, the cause should the route turn out to answer other calls. */
  answered?: Pick<Diagnosis, 'cause' | 'subject' | 'headline' | 'fix'>;
}

interface LedgerEntry {
  testId: string;
  cause: Diagnosis['cause'];
  subject: string;
  op: string;
  purpose: string;
}

export const triageDir = (reportsDir: string): string => join(reportsDir, '.triage');
const inWorker = (): boolean => process.env.TEST_WORKER_INDEX !== undefined;
export const causesLedger = (reportsDir: string, runId: string): string => join(reportsDir, '.run', `${runId}.causes.jsonl`);
const ledgerPath = (): string => causesLedger(config().reportsDir, config().runId);

let ledgerText = '';
let ledger: LedgerEntry[] = [];
/** The entries every worker has written so far; re-parsed only when the file grew. */
function seen(): LedgerEntry[] {
  const file = ledgerPath();
  if (!existsSync(file)) return ledger;
  const text = readFileSync(file, 'utf8');
  if (text.length !== ledgerText.length) {
    ledgerText = text;
    ledger = text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LedgerEntry);
  }
  return ledger;
}

function note(entry: LedgerEntry): void {
  const file = ledgerPath();
  mkdirSync(join(file, '..'), { recursive: true });
  // One short line per append: concurrent appends from several workers do not interleave.
  appendFileSync(file, `${JSON.stringify(entry)}\n`);
}

function write(record: FailureRecord): void {
  // Findings quote the response: the same redaction as every other artifact.
  appendJsonLines(join(triageDir(config().reportsDir), `${process.pid}.jsonl`), [redactValue(record)]);
}

/** The test and the call a record is about. */
const callOf = (info: TestInfo, exchange: Exchange) => ({
  testId: info.testId,
  test: recordedTitle(info),
  op: exchange.op.id,
  purpose: exchange.purpose,
  method: exchange.request.method,
  status: exchange.status,
});

const setupReason = (op: string, cause: string): string => `setup: ${op} failed (${cause})`;

/**
 * Called for every violation before it is thrown. Records it; when another test already met the
 * same cause (same fix), the test is skipped with a one-line reason instead of failing again.
 * A `lenient` violation (a setup call that still produced its record) never skips: it answers
 * whether this test is the first to meet the cause, the one that reports it.
 */
export function triageViolation(exchange: Exchange, findings: Finding[], diagnosis: Diagnosis, message: string, lenient = false): boolean {
  if (!inWorker()) return !lenient;
  const info = test.info();
  // A test expected to fail (test.fail) reports nothing about the target.
  if (info.expectedStatus === 'failed') return false;
  // The test that met the cause first fails with it, every case of it; a test failing already stays failed.
  // A case running beside one that met a known cause (the test is being skipped already) skips alike.
  const skipping = info.expectedStatus === 'skipped';
  const known =
    (skipping || !info.errors.length) && seen().find((e) => e.testId !== info.testId && e.cause === diagnosis.cause && e.subject === diagnosis.subject);
  const record: FailureRecord = {
    ...diagnosis,
    ...callOf(info, exchange),
    findings,
    outcome: known ? 'consequence' : 'failed',
    message: message.split('\n')[0],
  };
  write(record);
  if (!known) {
    note({ testId: info.testId, cause: diagnosis.cause, subject: diagnosis.subject, op: exchange.op.id, purpose: exchange.purpose });
    const [first] = findings;
    const summary = `${title(exchange.op)} ✗ ${first.check} at ${first.path || '(root)'}: expected ${first.expected}, actual ${first.actual}`;
    markViolation(
      info,
      diagnosis.cause,
      findings.map((f) => f.check),
      redact(summary),
    );
    return true;
  }
  if (lenient) return false;
  test.skip(
    true,
    exchange.purpose === 'setup'
      ? setupReason(exchange.op.id, diagnosis.cause)
      : redact(`${exchange.op.id}: ${diagnosis.cause}, ${diagnosis.headline} (triaged in an earlier test)`),
  );
  return false;
}

/**
 * Auth, isolation and method checks say nothing when the operation's route is not there (404
 * without the contract's error body) or the target errs (5xx): the case is recorded as
 * inconclusive, not failed. The triage reporter confirms it after the run from every call of the
 * operation, and fails the run if the route did answer after all.
 */
export function inconclusive(exchange: Exchange, check: string, answered: () => Diagnosis | undefined): boolean {
  if (!DEPENDENT_PURPOSES.has(exchange.purpose)) return false;
  const missing = exchange.status === 404 && !isContractError(exchange);
  if (!missing && exchange.status < 500) return false;
  if (!inWorker()) return true;
  const info = test.info();
  const why = missing ? 'the route answered 404 without the error body' : `the target answered ${exchange.status}`;
  write({
    cause: missing ? 'route_missing' : 'server_error',
    subject: exchange.op.id,
    headline: why,
    fix: '',
    ...callOf(info, exchange),
    findings: [{ check, path: 'status', expected: 'an answer of the operation', actual: String(exchange.status) }],
    outcome: 'inconclusive',
    answered: answered(),
  });
  info.annotations.push({ type: 'inconclusive', description: `${title(exchange.op)}: ${check} inconclusive, ${why}` });
  return true;
}

/**
 * A call that threw instead of answering fails its test with what is known of it. One the target
 * did not answer in time also makes later calls of the operation skip instead of waiting again.
 */
export function callFailed(op: Operation, purpose: string, why: 'timeout' | 'throttled' | 'error'): void {
  if (!inWorker()) return;
  const info = test.info();
  if (why === 'timeout') note({ testId: info.testId, cause: 'timeout', subject: op.id, op: op.id, purpose });
  markFailedCall(info, op.id, why === 'timeout' ? 'timeout' : why === 'throttled' ? 'rate_limited' : undefined);
}

/** Skips a call that would only wait for a timeout already seen on the same operation. */
export function skipIfTimedOut(op: Operation, purpose: string): void {
  if (!inWorker()) return;
  const earlier = seen().find((e) => e.cause === 'timeout' && e.op === op.id && e.testId !== test.info().testId);
  if (earlier) test.skip(true, purpose === 'setup' ? setupReason(op.id, 'timeout') : `${op.id}: timeout, it did not answer in time earlier in this run`);
}
