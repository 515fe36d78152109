import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { causeOfResult, marksOf } from '../checks/failure-marks';
import { guarded } from './reporter-guard';

// eslint-disable-next-line no-control-regex
const plain = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

/** One-liners per cause before the rest is only counted (all of them are in reports/triage.json). */
const ONE_LINERS_PER_CAUSE = 15;
/** Lines of a first failure shown in full: a violation's checks, cause, fix, body and curl fit. */
const FULL_LINES = 40;

/** A violation's one-line summary (helpers/checks/failure-marks.ts), else the first line of the error. */
const gist = (result: TestResult, message: string): string =>
  marksOf(result.annotations).violations[0] ??
  message
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean) ??
  'failed';

/**
 * The default console (CONSOLE_REPORTER overrides it): a dot per finished test, the first failure
 * of each cause in full (operation, JSON path, expected vs actual, cause and fix, body, curl), one
 * line for every other failure, skips counted by reason. However many tests fail, a red run stays
 * within a few hundred lines; everything else is in the reports (triage.json, Allure, HTML).
 */
class ConsoleReporter implements Reporter {
  private readonly shown = new Map<string, number>();
  private readonly skipped = new Map<string, number>();
  private readonly counts = { passed: 0, failed: 0, skipped: 0, flaky: 0 };
  private inconclusive = 0;
  private column = 0;
  private started = 0;

  printsToStdio(): boolean {
    return true;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.started = Date.now();
    // A run stopped before any test (failed preflight) keeps its one message.
    const total = suite.allTests().length;
    if (total) console.log(`Running ${total} tests using ${config.workers} worker(s)`);
  }

  onStdOut(chunk: string | Buffer, test?: TestCase): void {
    if (!test) this.print(chunk.toString().replace(/\n$/, ''));
  }

  onStdErr(chunk: string | Buffer, test?: TestCase): void {
    if (!test) this.print(chunk.toString().replace(/\n$/, ''));
  }

  onError(error: TestError): void {
    this.print(plain(error.message ?? error.value ?? 'error'));
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.inconclusive += result.annotations.filter((a) => a.type === 'inconclusive').length;
    const outcome = test.outcome();
    if (outcome === 'skipped') {
      const reason = [...result.annotations, ...test.annotations].find((a) => a.type === 'skip')?.description ?? 'skipped';
      this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + 1);
    }
    if (outcome === 'expected' || outcome === 'skipped' || outcome === 'flaky' || result.status === 'passed') {
      this.counts[outcome === 'flaky' ? 'flaky' : outcome === 'skipped' ? 'skipped' : 'passed']++;
      process.stdout.write(outcome === 'skipped' ? '°' : '·');
      if (++this.column % 80 === 0) process.stdout.write('\n');
      return;
    }
    this.counts.failed++;
    const message = plain(result.errors.map((e) => e.message ?? e.value ?? '').join('\n'));
    const cause = causeOfResult(result);
    const seen = this.shown.get(cause) ?? 0;
    this.shown.set(cause, seen + 1);
    const where = `${test.location.file.replace(`${process.cwd()}/`, '')}:${test.location.line} › ${test.titlePath().slice(3).join(' › ')}`;
    if (seen === 0) {
      const lines = message.split('\n');
      const body = lines.slice(0, FULL_LINES).join('\n    ');
      this.print(
        `✗ [${cause}] ${where}\n    ${body}${lines.length > FULL_LINES ? `\n    … (${lines.length - FULL_LINES} more lines in the HTML and Allure reports)` : ''}`,
      );
    } else if (seen < ONE_LINERS_PER_CAUSE) this.print(`✗ [${cause}] ${where}: ${gist(result, message)}`);
    else if (seen === ONE_LINERS_PER_CAUSE) this.print(`✗ [${cause}] … further ${cause} failures are counted, not listed (reports/triage.json)`);
  }

  onEnd(result: FullResult): void {
    if (this.column % 80) process.stdout.write('\n');
    if (!this.counts.passed && !this.counts.failed && !this.counts.skipped && !this.counts.flaky) return;
    const reasons = [...this.skipped].sort((a, b) => b[1] - a[1]);
    for (const [reason, n] of reasons.slice(0, 12)) console.log(`  ${String(n).padStart(3)} skipped: ${reason}`);
    if (reasons.length > 12) console.log(`  ${reasons.slice(12).reduce((s, [, n]) => s + n, 0)} skipped for ${reasons.length - 12} other reason(s)`);
    const parts = [`${this.counts.passed} passed`, `${this.counts.failed} failed`, `${this.counts.skipped} skipped`];
    if (this.counts.flaky) parts.push(`${this.counts.flaky} flaky`);
    if (this.inconclusive) parts.push(`${this.inconclusive} inconclusive case(s)`);
    console.log(`${parts.join(', ')} (${((Date.now() - this.started) / 1000).toFixed(1)} s, ${result.status})`);
  }

  private print(text: string): void {
    if (this.column % 80) process.stdout.write('\n');
    this.column = 0;
    console.log(text);
  }
}

export default guarded(ConsoleReporter);
