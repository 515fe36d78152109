import { ALLURE_HTTP_EXCHANGE_SCHEMA_VERSION, type HttpExchange, type HttpExchangeNameValue } from 'allure-js-commons/http';
import type { RecordedRequest } from './curl';
import { redact } from './redact';

/**
 * The evidence one call leaves: a single attachment on the call's step, sent once from the worker.
 * `testInfo.attach` makes each attachment a Playwright step of its own, with a stack captured and
 * source-mapped, which costs more than the call itself; the step's own `attach` captures nothing.
 *
 * The Playwright HTML report shows it as is (application/json is shown inline). The Allure
 * reporter (helpers/reporters/allure-reporter.ts) turns it, in the runner, into Allure's HTTP exchange
 * (method, URL, status, time, headers and bodies side by side), a `curl` attachment, the drift
 * warning and the test's feature/story labels. Everything in it is already redacted.
 *
 * Its name, which the Playwright HTML report shows under the call's step: the request and
 * its answer at a glance (`POST 127.0.0.1:4010/v1/los/accounts/ → 201`), where Playwright's own step
 * for the fetch used to show the request (the client makes none: helpers/net/api.ts withoutStepOfItsOwn).
 * Host, path and query only (never a user or password in the URL), redacted.
 */
export function evidenceName(request: Pick<RecordedRequest, 'method' | 'url'>, status: number): string {
  const url = new URL(request.url);
  return redact(`${request.method} ${url.host}${url.pathname}${url.search} → ${status}`);
}

/** Playwright's HTML report inlines `application/json…`; the parameter tells the Allure reporter what it is. */
export const HTTP_EVIDENCE_TYPE = 'application/json; evidence=los-http';

export interface HttpEvidence {
  operation: { id: string; group: string; title: string };
  /** Why the call was made (`valid`, `negative`, `setup`, `cleanup`, …). */
  purpose: string;
  request: RecordedRequest;
  response: {
    status: number;
    status_text: string;
    ms: number;
    headers: Record<string, string>;
    /** The parsed JSON body, or the text as it came. */
    body: unknown;
  };
  /** Fields the response carries that its schema does not declare (drift warnings). */
  undeclared_fields?: readonly string[];
  curl: string;
  /** Epoch ms the request went out. */
  started_at: number;
}

const pairs = (headers: Record<string, string>): HttpExchangeNameValue[] => Object.entries(headers).map(([name, value]) => ({ name, value }));

function requestBody(request: RecordedRequest): NonNullable<HttpExchange['request']['body']> | undefined {
  if (request.multipart !== undefined) {
    return {
      contentType: 'multipart/form-data',
      parts: Object.entries(request.multipart).map(([name, value]) =>
        typeof value === 'string' ? { name, value } : { name, fileName: value.name, contentType: value.mimeType, size: value.size },
      ),
    };
  }
  const text = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body, null, 2));
  return text === undefined ? undefined : { contentType: request.headers['content-type'] ?? 'application/json', encoding: 'utf8', value: text };
}

/** Allure 3's HTTP exchange attachment of one call's evidence. */
export function toHttpExchange(e: HttpEvidence): HttpExchange {
  const body = e.response.body;
  const text = body === undefined || body === '' ? '' : typeof body === 'string' ? body : JSON.stringify(body, null, 2);
  return {
    schemaVersion: ALLURE_HTTP_EXCHANGE_SCHEMA_VERSION,
    start: Math.round(e.started_at),
    stop: Math.round(e.started_at + e.response.ms),
    request: { method: e.request.method, url: e.request.url, headers: pairs(e.request.headers), body: requestBody(e.request) },
    response: {
      status: e.response.status,
      statusText: e.response.status_text,
      headers: pairs(e.response.headers),
      body: text ? { contentType: e.response.headers['content-type'], encoding: 'utf8', value: text, size: Buffer.byteLength(text) } : undefined,
    },
  };
}
