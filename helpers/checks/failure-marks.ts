import type { TestInfo } from '@playwright/test';
import { CAUSES, type Cause } from './diagnose';

/**
 * What a failing test records about its failure, as test annotations: the root cause, the checks
 * that broke, a one-line summary of each violation and the call that threw. The console, the
 * triage and the Allure report read these fields and never parse the error message. Playwright
 * sends a test's annotations with its result, and its HTML report lists them above the error.
 */
const MARK = { cause: 'cause', check: 'check', violation: 'violation', call: 'failed call' } as const;

type Annotation = TestInfo['annotations'][number];

export interface FailureMarks {
  /** The first root cause the test met: the one it fails with. */
  cause?: Cause;
  /** Every check that broke in the test, each once. */
  checks: string[];
  /** `<Group › Operation> ✗ <check> at <path>: expected …, actual …`, one per violation. */
  violations: string[];
  /** The catalogue id of the first call that threw instead of answering (timeout, throttled, network). */
  call?: string;
}

const push = (info: TestInfo, type: string, description: string): void => {
  if (!info.annotations.some((a) => a.type === type && a.description === description)) info.annotations.push({ type, description });
};

/** A violation the test fails with (thrown, or a soft failure). */
export function markViolation(info: TestInfo, cause: Cause, checks: readonly string[], summary: string): void {
  push(info, MARK.cause, cause);
  for (const check of checks) push(info, MARK.check, check);
  push(info, MARK.violation, summary);
}

/** A call that threw instead of answering; its cause when the run knows it (timed out, throttled past the bounds). */
export function markFailedCall(info: TestInfo, op: string, cause?: Extract<Cause, 'timeout' | 'rate_limited'>): void {
  if (!info.annotations.some((a) => a.type === MARK.call)) push(info, MARK.call, op);
  if (cause) push(info, MARK.cause, cause);
}

const isCause = (value: string | undefined): value is Cause => (CAUSES as readonly string[]).includes(value ?? '');

export function marksOf(annotations: readonly Annotation[]): FailureMarks {
  const all = (type: string): string[] => annotations.filter((a) => a.type === type && a.description).map((a) => a.description as string);
  return {
    cause: all(MARK.cause).find(isCause),
    checks: [...new Set(all(MARK.check))],
    violations: all(MARK.violation),
    call: all(MARK.call)[0],
  };
}

/**
 * The cause of a failed test: the one it marked, else a test that ran out of time is a timeout,
 * else `other` (a spec's own expectation, or an error no check raised).
 */
export function causeOfResult(result: { annotations: readonly Annotation[]; status: string }): Cause {
  return marksOf(result.annotations).cause ?? (result.status === 'timedOut' ? 'timeout' : 'other');
}
