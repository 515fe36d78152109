import { Stage, Status } from 'allure-js-commons';
import { FileSystemWriter, ReporterRuntime } from 'allure-js-commons/sdk/reporter';
import { attachment as attachSync } from 'allure-js-commons/sync';
import { title } from '../../schemas/catalogue';
import { redact } from '../core/redact';
import type { ContractViolation } from './violations';

/**
 * The worker's side of Allure: violations, global errors and the run's gates. Each call's evidence and the labels
 * derived from it are filed in the runner (helpers/core/evidence.ts, helpers/reporters/allure-reporter.ts).
 */

/** Where allure-playwright writes this run's results and `npm run report` reads them. */
export const allureResultsDir = (): string => process.env.ALLURE_RESULTS_DIR || 'allure-results';

/** Only Playwright test workers report to Allure; scripts and unit tests that reuse the helpers don't. */
const inTestWorker = (): boolean => process.env.TEST_WORKER_INDEX !== undefined;

/**
 * A broken contract leaves one plain-text attachment next to the call that broke it: each failed
 * check with the JSON path, what the schema or the caller expected and what came back, in words.
 * Synchronous because checks throw from synchronous code, right after the call's step has closed.
 */
export function attachViolation({ exchange, failures }: ContractViolation): void {
  if (!inTestWorker()) return;
  const { op, request, status } = exchange;
  const lines = [
    `${title(op)} (${request.method} ${op.path}) answered ${status}`,
    ...failures.flatMap((f) => [`✗ ${f.check}`, ...f.problems.map((p) => `    at ${p.path || '(root)'}: expected ${p.expected}, actual ${p.actual}`)]),
  ];
  attachSync(`contract violation: ${title(op)}`, redact(lines.join('\n')), { contentType: 'text/plain' });
}

/**
 * Errors outside any test (a failed preflight: target unreachable, token rejected) would leave the
 * Allure report empty; written as Allure global errors they head the report's Global Errors tab.
 */
export function writeGlobalErrors(resultsDir: string, errors: readonly { message?: string; stack?: string; value?: string }[]): void {
  if (errors.length === 0) return;
  const runtime = new ReporterRuntime({ writer: new FileSystemWriter({ resultsDir }) });
  // eslint-disable-next-line no-control-regex
  const plain = (text: string) => redact(text.replace(/\u001b\[[0-9;]*m/g, ''));
  runtime.applyGlobalRuntimeMessages(
    errors.map((e) => ({ type: 'global_error' as const, data: { message: plain(e.message ?? e.value ?? 'unknown error'), trace: e.stack && plain(e.stack) } })),
  );
}

/** The heading of the run's gates in the report's tree: next to LOS, on the report's first screen. */
export const RUN_GATES = 'Run gates';

/** The run's gates, in the order the report lists them. */
export const GATES = ['coverage gate', 'latency budgets', 'leftovers', 'secret scan', 'triage'] as const;

/** One of the run's gates and its figures. */
export interface Gate {
  name: (typeof GATES)[number];
  /** `off` when the gate only reports (COVERAGE_GATE=off, a shard): the report shows it skipped. */
  verdict: 'passed' | 'failed' | 'off';
  /** What the gate measured, in one line: the report shows it in the gate's name. */
  figures: string;
  /** Why it failed or is off, in full. */
  details?: string;
}

/** The gate's stable name in the Allure results: its history across runs, and how the report's quality gates find it. */
export const gateFullName = (name: Gate['name']): string => `${RUN_GATES} › ${name}`;

const GATE_STATUS = { passed: Status.PASSED, failed: Status.FAILED, off: Status.SKIPPED } as const;

/**
 * A gate as one Allure test result under its own epic (RUN_GATES), so the report's verdict is the
 * run's: a failed gate is a failed result, with its figures in the name and its reason as the error.
 * Stable fullName: the gate has its history across runs like any test.
 */
export function writeGate(resultsDir: string, gate: Gate): void {
  // A report never ends a run: a gate that cannot be written is said once, and the run goes on to its verdict.
  try {
    writeGateResult(resultsDir, gate);
  } catch (error) {
    console.error(`Allure: the ${gate.name} gate could not be written to ${resultsDir}: ${redact((error as Error).message)}`);
  }
}

function writeGateResult(resultsDir: string, gate: Gate): void {
  const runtime = new ReporterRuntime({ writer: new FileSystemWriter({ resultsDir }) });
  const now = Date.now();
  const uuid = runtime.startTest({
    name: `${gate.name}: ${gate.figures}`,
    fullName: gateFullName(gate.name),
    labels: [
      { name: 'epic', value: RUN_GATES },
      { name: 'severity', value: 'critical' },
    ],
    status: GATE_STATUS[gate.verdict],
    stage: Stage.FINISHED,
    statusDetails: gate.details ? { message: redact(gate.details) } : {},
    start: now,
  });
  runtime.stopTest(uuid, { stop: now });
  runtime.writeTest(uuid);
}
