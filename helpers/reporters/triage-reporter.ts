import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig, FullResult, Reporter, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { allureResultsDir, writeGate } from '../checks/allure-evidence';
import { reportsDir } from '../core/config';
import { readCalls } from '../core/calls';
import { compareWithLastGreen } from '../triage/triage-changes';
import { causesLedger, triageDir } from '../checks/cause-ledger';
import { causeOfResult, marksOf } from '../checks/failure-marks';
import { readFailureRecords, triage, triageGate, triageLines, type FailedTest, type Triage } from '../triage/triage';
import { appendStepSummary, gateStates } from '../triage/step-summary';
import { guard, guarded } from './reporter-guard';

// eslint-disable-next-line no-control-regex
const plain = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

/** What scripts/leftovers.ts (the globalTeardown) throws when the run left records behind. */
const LEFT_BEHIND = /the run left (\d+) record\(s\) behind/;

/**
 * Root-cause triage after every run: reports/triage.json (`{"causes":[…]}`), one console line per
 * cause at the very end, and the comparison with the last green run (reports/changes.json). Listed
 * last in playwright.config.ts so its lines close the console, and so it sees the verdict the other
 * reporters settled: it also writes the job page's summary (GITHUB_STEP_SUMMARY). Its gate (no
 * unmasked case) heads the Allure report with its figures.
 */
class TriageReporter implements Reporter {
  private readonly reportsDir = reportsDir();
  private readonly failed: FailedTest[] = [];
  private sharded = false;
  private title = 'LOS conformance';
  private leftBehind: number | undefined;

  onBegin(config: FullConfig): void {
    this.sharded = !!config.shard;
    if (config.shard) this.title += ` (shard ${config.shard.current}/${config.shard.total})`;
    rmSync(triageDir(this.reportsDir), { recursive: true, force: true });
    rmSync(join(this.reportsDir, 'triage.json'), { force: true });
    // A run id can be pinned (LOS_RUN_ID): causes an earlier run with it met must not skip this run's tests.
    if (process.env.LOS_RUN_ID) rmSync(causesLedger(this.reportsDir, process.env.LOS_RUN_ID), { force: true });
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    // A test marked test.fail() that fails is as expected: no cause.
    if (result.status === 'passed' || result.status === 'skipped' || result.status === test.expectedStatus) return;
    this.failed.push({
      testId: test.id,
      test: test.titlePath().slice(3).join(' › '),
      message: plain(result.errors.map((e) => e.message ?? e.value ?? '').join('\n')),
      cause: causeOfResult(result),
      op: marksOf(result.annotations).call,
    });
  }

  onError(error: TestError): void {
    const left = LEFT_BEHIND.exec(error.message ?? '');
    if (left) this.leftBehind = Number(left[1]);
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    const calls = readCalls(this.reportsDir);
    // A run stopped before any request (failed preflight, interrupt) has nothing to triage.
    if (!calls.length && !this.failed.length) {
      this.summarize(result.status, { causes: [], inconclusive: 0, unmasked: 0 }, [], ['no request was sent (see the console: preflight)']);
      return undefined;
    }
    const found = triage(readFailureRecords(this.reportsDir), calls, this.failed);
    mkdirSync(this.reportsDir, { recursive: true });
    const file = join(this.reportsDir, 'triage.json');
    writeFileSync(file, JSON.stringify({ causes: found.causes }, null, 2));
    writeGate(allureResultsDir(), triageGate(found));
    // A shard is compared once merged, by `npm run triage` in the workflow's report job.
    const changes = this.sharded ? [] : compareWithLastGreen(this.reportsDir, found, result.status === 'passed');
    const lines = [...changes, ...triageLines(found, file)];
    if (lines.length) console.log(`\n${lines.join('\n')}`);
    const unmasked = found.unmasked && result.status === 'passed';
    this.summarize(
      unmasked ? 'failed' : result.status,
      found,
      changes,
      unmasked ? [`${found.unmasked} inconclusive case(s) whose operation answered after all`] : [],
    );
    return unmasked ? { status: 'failed' } : undefined;
  }

  /** The job page's summary; its own failure is reported and leaves the verdict alone. */
  private summarize(status: FullResult['status'], found: Triage, changes: string[], more: string[]): void {
    guard('TriageReporter', 'onEnd (step summary)', () => {
      const { gates, reasons } = gateStates(this.reportsDir, !this.sharded && process.env.COVERAGE_GATE !== 'off');
      gates.push(['leftovers', this.leftBehind ? `FAILED: ${this.leftBehind} record(s) left behind` : status === 'passed' ? 'none' : 'none reported']);
      const why = [
        ...(this.failed.length ? [`${this.failed.length} test(s) failed`] : []),
        ...reasons,
        ...(this.leftBehind ? [`${this.leftBehind} record(s) left behind`] : []),
        ...more,
        ...(status === 'timedout' ? ['the run timed out'] : status === 'interrupted' ? ['the run was interrupted'] : []),
      ];
      appendStepSummary(this.reportsDir, { title: this.title, passed: status === 'passed', reasons: why, triage: found, changes, gates });
    });
  }

  printsToStdio(): boolean {
    return false;
  }
}

export default guarded(TriageReporter);
