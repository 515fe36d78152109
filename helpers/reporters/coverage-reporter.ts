import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig, FullResult, Reporter, TestError } from '@playwright/test/reporter';
import { operations } from '../../schemas/catalogue';
import { allureResultsDir, writeGate, writeGlobalErrors } from '../checks/allure-evidence';
import { callsDir, readCalls } from '../core/calls';
import { config, reportsDir } from '../core/config';
import { aggregate, OUTPUTS } from '../triage/coverage';
import { guarded } from './reporter-guard';

/**
 * Aggregates the calls every worker recorded into the coverage and latency reports and a console
 * summary, and fails the run when a catalogued LOS operation was never answered with its success
 * status or an operation's p95 exceeds its budget. COVERAGE_GATE=off only reports; so does a
 * sharded run, whose gate is applied to all shards' calls by `npm run coverage` after the merge.
 * Both gates, with their figures, head the Allure report (writeGate).
 */
class CoverageReporter implements Reporter {
  private reportsDir = reportsDir();
  private gate = true;
  private readonly errors: TestError[] = [];

  onBegin(config: FullConfig): void {
    this.gate = process.env.COVERAGE_GATE !== 'off' && !config.shard;
    rmSync(callsDir(this.reportsDir), { recursive: true, force: true });
    // A summary left from an earlier run would end up in this run's Allure report.
    for (const file of OUTPUTS) rmSync(join(this.reportsDir, file), { force: true });
    // allure-playwright adds to whatever the folder holds, and Allure would show an earlier run's
    // results as retries of this run's tests: the report is of this run only.
    rmSync(allureResultsDir(), { recursive: true, force: true });
  }

  onError(error: TestError): void {
    this.errors.push(error);
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    writeGlobalErrors(allureResultsDir(), this.errors);
    const records = readCalls(this.reportsDir);
    // A run stopped before any request (failed preflight, interrupt) has no coverage to report; its own message stays the only one.
    if (!records.length && result.status !== 'passed') return undefined;
    const { failures, lines, gates } = aggregate(this.reportsDir, records, this.gate, operations, config().readOnly);
    for (const gate of gates) writeGate(allureResultsDir(), gate);
    console.log(`\n${lines.join('\n')}`);
    for (const failure of failures) console.log(failure);
    return failures.length && result.status === 'passed' ? { status: 'failed' } : undefined;
  }

  printsToStdio(): boolean {
    return false;
  }
}

export default guarded(CoverageReporter);
