import { FileSystemWriter, ReporterRuntime } from 'allure-js-commons/sdk/reporter';
import { attachment as attachSync } from 'allure-js-commons/sync';
import { title } from '../../schemas/catalogue';
import { redact } from '../core/redact';
import type { ContractViolation } from './violations';

/**
 * The worker's side of Allure: violations and global errors. Each call's evidence and the labels
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
