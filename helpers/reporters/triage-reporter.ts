import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig, FullResult, Reporter, TestCase, TestResult, TestStep } from '@playwright/test/reporter';
import { allureResultsDir, writeGate } from '../checks/allure-evidence';
import { reportsDir } from '../core/config';
import { readCalls } from '../core/calls';
import { compareWithLastGreen } from '../triage/triage-changes';
import { causesLedger, triageDir } from '../checks/cause-ledger';
import { operationOfStep, readFailureRecords, triage, triageGate, triageLines, type FailedTest } from '../triage/triage';
import { guarded } from './reporter-guard';

// eslint-disable-next-line no-control-regex
const plain = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

/** The innermost failed step that is a call of an operation (helpers/net/api.ts names call steps after it). */
function failedCall(steps: readonly TestStep[]): string | undefined {
  for (const step of steps) {
    if (!step.error) continue;
    const inner = failedCall(step.steps);
    if (inner) return inner;
    const op = operationOfStep(step.title);
    if (op) return op;
  }
  return undefined;
}

/**
 * Root-cause triage after every run: reports/triage.json (`{"causes":[…]}`), one console line per
 * cause at the very end, and the comparison with the last green run (reports/changes.json). Listed
 * last in playwright.config.ts so its lines close the console. Its gate (no unmasked case) heads
 * the Allure report with its figures.
 */
class TriageReporter implements Reporter {
  private readonly reportsDir = reportsDir();
  private readonly failed: FailedTest[] = [];
  private sharded = false;

  onBegin(config: FullConfig): void {
    this.sharded = !!config.shard;
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
      op: failedCall(result.steps),
    });
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    const calls = readCalls(this.reportsDir);
    // A run stopped before any request (failed preflight, interrupt) has nothing to triage.
    if (!calls.length && !this.failed.length) return undefined;
    const found = triage(readFailureRecords(this.reportsDir), calls, this.failed);
    mkdirSync(this.reportsDir, { recursive: true });
    const file = join(this.reportsDir, 'triage.json');
    writeFileSync(file, JSON.stringify({ causes: found.causes }, null, 2));
    writeGate(allureResultsDir(), triageGate(found));
    // A shard is compared once merged, by `npm run triage` in the workflow's report job.
    const changes = this.sharded ? [] : compareWithLastGreen(this.reportsDir, found, result.status === 'passed');
    const lines = [...changes, ...triageLines(found, file)];
    if (lines.length) console.log(`\n${lines.join('\n')}`);
    return found.unmasked && result.status === 'passed' ? { status: 'failed' } : undefined;
  }

  printsToStdio(): boolean {
    return false;
  }
}

export default guarded(TriageReporter);
