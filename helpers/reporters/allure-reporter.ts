import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestResult, TestResultContainer } from 'allure-js-commons';
import { createStepResult, FileSystemWriter, type ReporterRuntime, type ShallowStepsStack } from 'allure-js-commons/sdk/reporter';
import { Stage, Status } from 'allure-js-commons';
import { ALLURE_HTTP_EXCHANGE_CONTENT_TYPE } from 'allure-js-commons/http';
import { AllureReporter } from 'allure-playwright';
import type { Suite, TestCase, TestResult as PlaywrightResult, TestStep } from '@playwright/test/reporter';
import { HTTP_EVIDENCE_TYPE, toHttpExchange, type HttpEvidence } from '../core/evidence';
import { causeOfResult, marksOf } from '../checks/failure-marks';
import { LABEL, placeOf, specOf } from './report-tree';
import { guard, guarded } from './reporter-guard';

/**
 * allure-js-commons writes every file through a temp file, an fsync and a rename, synchronously, on
 * the runner's main thread, which also dispatches tests to the workers. Each call leaves two
 * attachments, so a full run writes thousands of files.
 * Nothing reads the results folder before the run is over (`npm run report` comes after), so
 * neither the fsync nor the rename buys anything here: every file is written plainly. Synchronously,
 * too: a small file costs ~20 µs so, against ~100 µs of CPU through fs/promises (a promise, a file
 * handle and three thread-pool round trips each; `npm run bench -- profile` charged them ~5 % of a run).
 * A file that cannot be written does not stop the run; onEnd says how many were lost.
 */
class RunResultsWriter extends FileSystemWriter {
  private readonly failures: Error[] = [];
  private created = false;

  constructor(private readonly resultsDir: string) {
    super({ resultsDir });
  }

  private write(name: string, content: string | Buffer): void {
    try {
      if (!this.created) mkdirSync(this.resultsDir, { recursive: true });
      this.created = true;
      writeFileSync(join(this.resultsDir, name), content);
    } catch (error) {
      this.failures.push(error as Error);
    }
  }

  override writeAttachment(distFileName: string, content: Buffer): void {
    this.write(distFileName, content);
  }

  override writeResult(result: TestResult): void {
    this.write(`${result.uuid}-result.json`, JSON.stringify(result));
  }

  override writeGroup(result: TestResultContainer): void {
    this.write(`${result.uuid}-container.json`, JSON.stringify(result));
  }

  /** Throws once, at the end, if any file was lost. */
  checkWritten(): void {
    if (this.failures.length) throw new Error(`${this.failures.length} Allure result file(s) could not be written: ${this.failures[0].message}`);
  }
}

type Attachment = PlaywrightResult['attachments'][number];
type ProcessAttachment = (testUuid: string, stepUuid: string | undefined, attachment: Attachment) => Promise<void>;

/** What of allure-playwright's (private) state filing a call's evidence in its step needs. */
interface Internals {
  allureRuntime?: ReporterRuntime;
  allureResultsUuids?: Map<string, string>;
  pwStepUuid?: WeakMap<TestStep, string>;
  beforeHooksStepsStack?: Map<string, ShallowStepsStack>;
  afterHooksStepsStack?: Map<string, ShallowStepsStack>;
  processAttachment?: ProcessAttachment;
}

/** Calls made to arrange or tidy up a test, not to examine the operation. */
const SUPPORT_PURPOSES: ReadonlySet<string> = new Set(['setup', 'cleanup']);
const DRIFT_PARAMETER = 'undeclared fields (drift warning)';

/** A label the test sets itself (`@allure.label.<name>` annotation), which the reporter leaves alone. */
const declared = (test: TestCase, name: string): boolean => test.annotations.some((a) => a.type === `@allure.label.${name}`);
const isEvidence = (attachment: Attachment): boolean => attachment.contentType === HTTP_EVIDENCE_TYPE && !!attachment.body;
const parse = (attachment: Attachment): HttpEvidence => JSON.parse((attachment.body as Buffer).toString('utf8')) as HttpEvidence;
const inHooks = (step: TestStep, title: string): boolean => {
  for (let s: TestStep | undefined = step; s; s = s.parent) if (s.title === title) return true;
  return false;
};

/** The Allure attachments of one call: its HTTP exchange and its curl line. */
const allureAttachments = (e: HttpEvidence) => [
  { name: 'exchange', contentType: ALLURE_HTTP_EXCHANGE_CONTENT_TYPE, body: Buffer.from(JSON.stringify(toHttpExchange(e))) },
  { name: 'curl', contentType: 'text/plain', body: Buffer.from(e.curl) },
];

/**
 * allure-playwright with the writer above, and each call's evidence (helpers/core/evidence.ts) filed
 * when the call's step ends: Allure's HTTP exchange and the curl line as attachments of the step,
 * drift as a step parameter, and the test's behaviour labels.
 *
 * Behaviour labels (epic LOS › feature = group › story = operation) follow one rule: a test is
 * about the operations it calls for its own sake, i.e. every call whose purpose is not `setup` or
 * `cleanup`. A test that drives several operations (a lifecycle) is listed under each of them.
 * A spec that wants one story instead declares it statically, on the test or its describe block:
 *   test.describe('…', { annotation: { type: '@allure.label.story', description: 'Accounts › Create' } }, …)
 * and then no story (or feature, with `@allure.label.feature`) is derived from its calls.
 * Journeys, concurrency and cleanup have a heading of their own and a severity from their spec
 * (helpers/reporters/report-tree.ts).
 *
 * allure-playwright files only attachments made through their own "Attach" step and has no hook
 * for others, so this reads its state; onBegin says so if that state is not there (in the one line
 * helpers/reporters/reporter-guard.ts prints for a failing reporter), and tests/unit/allure-evidence.test.ts fails.
 */
class LosAllureReporter extends AllureReporter {
  private writer: RunResultsWriter | undefined;
  /** Evidence already filed in its step, which allure-playwright would otherwise file again on the test. */
  private readonly filed = new WeakSet<Attachment>();
  private readonly internals = this as unknown as Internals;

  constructor(options: ConstructorParameters<typeof AllureReporter>[0]) {
    super(options);
    const original = this.internals.processAttachment?.bind(this);
    if (!original) throw new Error('allure-playwright changed: it has no processAttachment to extend (helpers/reporters/allure-reporter.ts)');
    // allure-playwright awaits this promise only when the test ends: rejected before that, it would end the run.
    this.internals.processAttachment = (testUuid, stepUuid, attachment) =>
      guard(LosAllureReporter.name, 'processAttachment', async () => {
        if (!isEvidence(attachment)) return original(testUuid, stepUuid, attachment);
        if (this.filed.has(attachment)) return;
        // A call whose step Allure does not show: its evidence goes on the test.
        for (const part of allureAttachments(parse(attachment))) await original(testUuid, stepUuid, part);
      }) as Promise<void>;
  }

  override onBegin(suite: Suite): void {
    super.onBegin(suite);
    const { allureRuntime: runtime, allureResultsUuids, pwStepUuid, beforeHooksStepsStack, afterHooksStepsStack } = this.internals;
    // allure-playwright builds its runtime in onBegin and has no option for the writer.
    if (!runtime?.writer || !allureResultsUuids || !pwStepUuid || !beforeHooksStepsStack || !afterHooksStepsStack)
      throw new Error('allure-playwright changed: its runtime, test or step maps are not where helpers/reporters/allure-reporter.ts reads them');
    this.writer = new RunResultsWriter(this.options.resultsDir ?? 'allure-results');
    runtime.writer = this.writer;
  }

  override onTestBegin(test: TestCase): void {
    super.onTestBegin(test);
    const testUuid = this.internals.allureResultsUuids?.get(test.id);
    if (!testUuid) return;
    const { feature, severity } = placeOf(specOf(test));
    const wanted = [...(feature ? [{ name: 'feature', value: feature }] : []), { name: 'severity', value: severity }].filter((l) => !declared(test, l.name));
    (this.internals.allureRuntime as ReporterRuntime).updateTest(testUuid, (r) => void r.labels.push(...wanted));
  }

  /** A failed test's cause and broken checks as labels: the report's categories sort by them (helpers/reporters/report-categories.ts). */
  override async onTestEnd(test: TestCase, result: PlaywrightResult): Promise<void> {
    const testUuid = this.internals.allureResultsUuids?.get(test.id);
    if (testUuid && result.status !== 'passed' && result.status !== 'skipped' && result.status !== test.expectedStatus) {
      const labels = [
        { name: LABEL.cause, value: causeOfResult(result) },
        ...marksOf(result.annotations).checks.map((check) => ({ name: LABEL.check, value: check })),
      ];
      (this.internals.allureRuntime as ReporterRuntime).updateTest(testUuid, (r) => void r.labels.push(...labels));
    }
    await super.onTestEnd(test, result);
  }

  override onStepEnd(test: TestCase, result: PlaywrightResult, step: TestStep): void {
    for (const attachment of step.attachments) if (isEvidence(attachment)) this.fileEvidence(test, step, attachment);
    super.onStepEnd(test, result, step);
  }

  /** Before allure-playwright closes the step, while it is still the open one. */
  private fileEvidence(test: TestCase, step: TestStep, attachment: Attachment): void {
    const runtime = this.internals.allureRuntime as ReporterRuntime;
    const testUuid = this.internals.allureResultsUuids?.get(test.id);
    if (!testUuid) return;
    const evidence = parse(attachment);
    this.label(test, testUuid, evidence);
    const drift = evidence.undeclared_fields?.length ? { name: DRIFT_PARAMETER, value: evidence.undeclared_fields.join(', ') } : undefined;
    const stepUuid = this.internals.pwStepUuid?.get(step);
    if (stepUuid) {
      for (const part of allureAttachments(evidence))
        runtime.writeAttachment(testUuid, stepUuid, part.name, part.body, { contentType: part.contentType, wrapInStep: true });
      if (drift) runtime.updateStep(stepUuid, (s) => s.parameters.push(drift));
      this.filed.add(attachment);
      return;
    }
    // Calls in fixtures (setup and cleanup) are steps of allure-playwright's hook stacks instead.
    const hooks = inHooks(step, 'After Hooks')
      ? this.internals.afterHooksStepsStack
      : inHooks(step, 'Before Hooks')
        ? this.internals.beforeHooksStepsStack
        : undefined;
    const stack = hooks?.get(test.id);
    const open = stack?.currentStep();
    if (!stack || !open || open.name !== step.title) return;
    const now = Date.now();
    for (const part of allureAttachments(evidence)) {
      const source = stack.addAttachment(part, runtime.writer);
      // The same attachment step writeAttachment's wrapInStep makes in a test's own steps.
      const attachment = { name: part.name, type: part.contentType, source };
      open.steps.push({
        ...createStepResult(),
        name: part.name,
        status: Status.PASSED,
        stage: Stage.FINISHED,
        attachments: [attachment],
        start: now,
        stop: now,
      });
    }
    if (drift) open.parameters.push(drift);
    this.filed.add(attachment);
  }

  private label(test: TestCase, testUuid: string, e: HttpEvidence): void {
    if (SUPPORT_PURPOSES.has(e.purpose) || placeOf(specOf(test)).feature) return;
    const wanted = [
      { name: 'feature', value: e.operation.group },
      { name: 'story', value: e.operation.title },
    ].filter((l) => !declared(test, l.name));
    (this.internals.allureRuntime as ReporterRuntime).updateTest(testUuid, (r) => {
      for (const l of wanted) if (!r.labels.some((x) => x.name === l.name && x.value === l.value)) r.labels.push(l);
    });
  }

  override async onEnd(): Promise<void> {
    await super.onEnd();
    this.writer?.checkWritten();
  }
}

export default guarded(LosAllureReporter);
