import { mkdirSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestResult, TestResultContainer } from 'allure-js-commons';
import { FileSystemWriter, type ReporterRuntime } from 'allure-js-commons/sdk/reporter';
import { AllureReporter } from 'allure-playwright';
import type { Suite } from '@playwright/test/reporter';

/**
 * allure-js-commons writes every file through a temp file, an fsync and a rename, synchronously, on
 * the runner's main thread, which also dispatches tests to the workers. Each call leaves four
 * attachments, so a full run wrote ~9,000 files that way: ~20 s of a 40 s run (npm run bench).
 * Nothing reads the results folder before the run is over (`npm run report` comes after), so
 * neither the fsync nor the rename buys anything here: attachments are written in the background
 * and awaited in onEnd, results and containers written plainly.
 */
class RunResultsWriter extends FileSystemWriter {
  private readonly pending = new Set<Promise<void>>();
  private readonly failures: Error[] = [];
  private created = false;

  constructor(private readonly resultsDir: string) {
    super({ resultsDir });
  }

  private path(name: string): string {
    if (!this.created) mkdirSync(this.resultsDir, { recursive: true });
    this.created = true;
    return join(this.resultsDir, name);
  }

  override writeAttachment(distFileName: string, content: Buffer): void {
    const write = writeFile(this.path(distFileName), content)
      .catch((error: Error) => void this.failures.push(error))
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  override writeResult(result: TestResult): void {
    writeFileSync(this.path(`${result.uuid}-result.json`), JSON.stringify(result));
  }

  override writeGroup(result: TestResultContainer): void {
    writeFileSync(this.path(`${result.uuid}-container.json`), JSON.stringify(result));
  }

  async flush(): Promise<void> {
    while (this.pending.size) await Promise.all(this.pending);
    if (this.failures.length) throw new Error(`${this.failures.length} Allure attachment(s) could not be written: ${this.failures[0].message}`);
  }
}

/** allure-playwright with the writer above; same options, same results folder, same files. */
export default class LosAllureReporter extends AllureReporter {
  private writer: RunResultsWriter | undefined;

  override onBegin(suite: Suite): void {
    super.onBegin(suite);
    // allure-playwright builds its runtime in onBegin and has no option for the writer.
    const runtime = (this as unknown as { allureRuntime?: ReporterRuntime }).allureRuntime;
    if (!runtime?.writer) throw new Error('allure-playwright changed: its runtime has no writer to replace (helpers/allure-reporter.ts)');
    this.writer = new RunResultsWriter(this.options.resultsDir ?? 'allure-results');
    runtime.writer = this.writer;
  }

  override async onEnd(): Promise<void> {
    await super.onEnd();
    await this.writer?.flush();
  }
}
