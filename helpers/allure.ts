import { test, type TestInfo } from '@playwright/test';
import * as allure from 'allure-js-commons';
import { ALLURE_HTTP_EXCHANGE_CONTENT_TYPE, ALLURE_HTTP_EXCHANGE_SCHEMA_VERSION, type HttpExchange, type HttpExchangeNameValue } from 'allure-js-commons/http';
import { FileSystemWriter, ReporterRuntime } from 'allure-js-commons/sdk/reporter';
import { getGlobalTestRuntimeWithAutoconfig } from 'allure-js-commons/sdk/runtime';
import { attachment as attachSync } from 'allure-js-commons/sync';
import { title, type Operation } from '../schemas/catalogue';
import type { CheckFailure } from './checks';
import type { RecordedRequest } from './curl';
import { redact, redactHeaders } from './redact';

/**
 * The Allure side of the evidence each call leaves (the step and its request/response/curl
 * attachments are plain Playwright, so the Playwright HTML report shows them too).
 *
 * Behaviour labels (epic LOS › feature = group › story = operation) follow one rule: a test is
 * about the operations it calls for its own sake, i.e. every call whose purpose is not `setup` or
 * `cleanup`. A test that drives several operations (a lifecycle) is listed under each of them.
 * A spec that wants one story instead declares it statically, on the test or its describe block:
 *   test.describe('…', { annotation: { type: '@allure.label.story', description: 'Accounts › Create' } }, …)
 * and then no story (or feature, with `@allure.label.feature`) is derived from its calls.
 */

/** Where allure-playwright writes this run's results and `npm run report` reads them. */
export const allureResultsDir = (): string => process.env.ALLURE_RESULTS_DIR || 'allure-results';

/** Calls made to arrange or tidy up a test, not to examine the operation. */
export const SUPPORT_PURPOSES: ReadonlySet<string> = new Set(['setup', 'cleanup']);

const labelled = new WeakMap<TestInfo, Set<string>>();

/** Only Playwright test workers report to Allure; scripts and unit tests that reuse the helpers don't. */
const inTestWorker = (): boolean => process.env.TEST_WORKER_INDEX !== undefined;

export async function labelCall(op: Operation, purpose: string): Promise<void> {
  if (!inTestWorker() || SUPPORT_PURPOSES.has(purpose)) return;
  const info = test.info();
  const done = labelled.get(info) ?? new Set<string>();
  labelled.set(info, done);
  const declared = (name: string) => info.annotations.some((a) => a.type === `@allure.label.${name}`);
  const labels = [
    { name: 'feature', value: op.group },
    { name: 'story', value: title(op) },
  ].filter((l) => !declared(l.name) && !done.has(`${l.name}:${l.value}`));
  for (const l of labels) done.add(`${l.name}:${l.value}`);
  if (labels.length) await allure.labels(...labels);
}

const pairs = (headers: Record<string, string>): HttpExchangeNameValue[] => Object.entries(redactHeaders(headers)).map(([name, value]) => ({ name, value }));

export interface ExchangeEvidence {
  request: RecordedRequest;
  status: number;
  statusText: string;
  headers: Record<string, string>;
  text: string;
  start: number;
  stop: number;
}

/**
 * Allure 3 renders this attachment type as an HTTP exchange: method, URL, status, response time,
 * headers and bodies side by side. Credentials are redacted as everywhere else.
 */
export async function attachHttpExchange(e: ExchangeEvidence): Promise<void> {
  if (!inTestWorker()) return;
  const requestBody =
    e.request.multipart !== undefined
      ? {
          contentType: 'multipart/form-data',
          parts: Object.entries(e.request.multipart).map(([name, value]) =>
            typeof value === 'string' ? { name, value } : { name, fileName: value.name, contentType: value.mimeType, size: value.size },
          ),
        }
      : e.request.body !== undefined
        ? {
            contentType: e.request.headers['content-type'] ?? 'application/json',
            encoding: 'utf8' as const,
            value: typeof e.request.body === 'string' ? e.request.body : JSON.stringify(e.request.body, null, 2),
          }
        : undefined;
  const exchange: HttpExchange = {
    schemaVersion: ALLURE_HTTP_EXCHANGE_SCHEMA_VERSION,
    start: Math.round(e.start),
    stop: Math.round(e.stop),
    request: { method: e.request.method, url: e.request.url, headers: pairs(e.request.headers), body: requestBody },
    response: {
      status: e.status,
      statusText: e.statusText,
      headers: pairs(e.headers),
      body: e.text ? { contentType: e.headers['content-type'], encoding: 'utf8', value: e.text, size: Buffer.byteLength(e.text) } : undefined,
    },
  };
  await test.info().attach('exchange', { body: redact(JSON.stringify(exchange)), contentType: ALLURE_HTTP_EXCHANGE_CONTENT_TYPE });
}

/** Shown on the call's step in Allure: fields the response carries that its schema does not declare. */
export async function markDrift(paths: readonly string[]): Promise<void> {
  if (!inTestWorker() || paths.length === 0) return;
  const runtime = await getGlobalTestRuntimeWithAutoconfig();
  await runtime.stepParameter('undeclared fields (drift warning)', paths.join(', '));
}

/**
 * A broken contract leaves one plain-text attachment next to the call that broke it: each failed
 * check with the JSON path, what the schema or the caller expected and what came back, in words.
 * Synchronous because checks throw from synchronous code, right after the call's step has closed.
 */
export function attachViolation(op: Operation, method: string, status: number, failures: readonly CheckFailure[]): void {
  if (!inTestWorker()) return;
  const lines = [
    `${title(op)} (${method} ${op.path}) answered ${status}`,
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
