import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestCase, TestError, TestResult, TestStep } from '@playwright/test/reporter';
import { config } from '../core/config';
import { guardConsole } from './console-guard';
import { redact, registerSecret } from '../core/redact';
import { guarded } from './reporter-guard';

export const consoleFile = (reportsDir: string): string => join(reportsDir, 'console.log');

/** Redacts an error in place, its cause included: every reporter after this one gets the same object. */
export function scrubError(error: TestError | undefined): void {
  for (let e = error, depth = 0; e && depth < 5; e = e.cause, depth++) {
    for (const key of ['message', 'stack', 'value', 'snippet'] as const) if (typeof e[key] === 'string') e[key] = redact(e[key]);
  }
}

function scrubSteps(steps: TestStep[]): void {
  for (const step of steps) {
    scrubError(step.error);
    scrubSteps(step.steps);
  }
}

/**
 * Listed first among the reporters. It is made before any other prints, so the runner's console
 * is guarded from the first line on (and copied to reports/console.log for the secret scan), and
 * it sees every event first: Playwright's own API steps fail with the raw error, whose call log
 * lists the request headers, and the HTML and blob reports keep those steps; the error is redacted
 * here, in the object every later reporter reads.
 */
class RedactReporter implements Reporter {
  constructor() {
    const cfg = config();
    registerSecret(cfg.token);
    registerSecret(cfg.isolationToken);
    const file = consoleFile(cfg.reportsDir);
    rmSync(file, { force: true });
    guardConsole(file);
  }

  onStepEnd(_test: TestCase, _result: TestResult, step: TestStep): void {
    scrubError(step.error);
  }

  onTestEnd(_test: TestCase, result: TestResult): void {
    scrubError(result.error);
    for (const error of result.errors) scrubError(error);
    scrubSteps(result.steps);
  }

  onError(error: TestError): void {
    scrubError(error);
  }

  printsToStdio(): boolean {
    return false;
  }
}

export default guarded(RedactReporter);
