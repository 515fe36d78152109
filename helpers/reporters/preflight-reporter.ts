import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FullResult, Reporter, TestError } from '@playwright/test/reporter';
import { reportsDir } from '../core/config';
import { guarded } from './reporter-guard';

const xml = (text: string): string =>
  // eslint-disable-next-line no-control-regex
  text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The JUnit file of a run that the preflight stopped: one failed testcase that carries the message. */
export function preflightJunit(message: string, seconds: number): string {
  const text = xml(message);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites id="" name="" tests="1" failures="1" skipped="0" errors="0" time="${seconds}">`,
    `<testsuite name="preflight" timestamp="${new Date().toISOString()}" hostname="preflight" tests="1" failures="1" skipped="0" time="${seconds}" errors="0">`,
    `<testcase name="preflight: the target answers and accepts the tokens" classname="preflight" time="${seconds}">`,
    `<failure message="${text}" type="PreflightError">${text}</failure>`,
    '</testcase>',
    '</testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/**
 * A run the preflight stopped ran no test, so Playwright's JUnit file says tests="0" failures="0"
 * and a CI dashboard shows nothing wrong. Listed after the JUnit reporter, this one rewrites that
 * file with the stop as a failed testcase. The message is already redacted (RedactReporter).
 */
class PreflightReporter implements Reporter {
  private readonly file = join(reportsDir(), 'junit.xml');
  private stop: string | undefined;

  onError(error: TestError): void {
    const text = error.message ?? error.stack ?? '';
    if (/PreflightError/.test(`${error.stack ?? ''}${text}`)) this.stop ??= text.replace(/^PreflightError: /, '');
  }

  onEnd(result: FullResult): void {
    if (!this.stop) return;
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, preflightJunit(this.stop, Math.round(result.duration) / 1000));
  }

  printsToStdio(): boolean {
    return false;
  }
}

export default guarded(PreflightReporter);
