import { writeFileSync } from 'node:fs';
import type { FullConfig, FullResult, Reporter, Suite, TestError } from '@playwright/test/reporter';

/** What a measured run came to, as Playwright counted its tests. */
export interface RunOutcome {
  status: FullResult['status'];
  passed: number;
  failed: number;
  skipped: number;
  flaky: number;
  /** The workers Playwright started: the configured number, at most one per group of tests. */
  workers: number;
  /** When, in seconds since the runner process started, the run reached each point (process.uptime()). */
  moments: RunMoments;
}

export interface RunMoments {
  /** Tests listed, after Playwright's start, the sandbox's, the preflight and loading every spec. */
  begin: number;
  /** The first test began: the first worker had started and loaded its spec. */
  first_test: number;
  /** The last test ended. */
  last_test_end: number;
  /** Global teardown done (the leftovers scan), the reporters' onEnd begun. */
  end: number;
}

/**
 * The bench's console (CONSOLE_REPORTER for its measured runs): writes the run's outcome to
 * BENCH_OUTCOME_FILE as JSON, so the bench reads its counts from Playwright's own outcomes rather
 * than from the text the suite's reporters print. It takes the console's place in the config, after
 * the redaction; on the console it leaves the run's errors and one summary line.
 */
export default class OutcomeReporter implements Reporter {
  private config?: FullConfig;
  private suite?: Suite;
  private readonly moments: RunMoments = { begin: 0, first_test: 0, last_test_end: 0, end: 0 };

  printsToStdio(): boolean {
    return true;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.suite = suite;
    this.moments.begin = process.uptime();
  }

  onTestBegin(): void {
    this.moments.first_test ||= process.uptime();
  }

  onTestEnd(): void {
    this.moments.last_test_end = process.uptime();
  }

  onError(error: TestError): void {
    console.error(error.message ?? error.value ?? 'error');
  }

  onEnd(result: FullResult): void {
    this.moments.end = process.uptime();
    const outcomes = this.suite?.allTests().map((test) => test.outcome()) ?? [];
    const count = (outcome: string): number => outcomes.filter((o) => o === outcome).length;
    const metadata = (this.config?.metadata ?? {}) as { actualWorkers?: number };
    const outcome: RunOutcome = {
      status: result.status,
      passed: count('expected'),
      failed: count('unexpected'),
      skipped: count('skipped'),
      flaky: count('flaky'),
      workers: metadata.actualWorkers ?? this.config?.workers ?? 0,
      moments: this.moments,
    };
    if (!process.env.BENCH_OUTCOME_FILE) throw new Error('BENCH_OUTCOME_FILE is not set: scripts/bench/main.ts sets it for each measured run');
    writeFileSync(process.env.BENCH_OUTCOME_FILE, JSON.stringify(outcome));
    console.log(
      `outcome: ${outcome.status}, ${outcome.passed} passed, ${outcome.failed} failed, ${outcome.skipped} skipped, ${outcome.flaky} flaky, ${outcome.workers} workers`,
    );
  }
}
