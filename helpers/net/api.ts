import { test, type APIRequestContext } from '@playwright/test';
import { operation, responseSchema, title, type Operation, type OperationId } from '../../schemas/catalogue';
import { expandTemplate } from '../../schemas/paths';
import { recordCall, recordedTitle } from '../core/calls';
import { writesAllowed, type Config } from '../core/config';
import { toCurl, type RecordedRequest } from '../core/curl';
import { responseDrift } from '../core/drift';
import { evidenceName, HTTP_EVIDENCE_TYPE, type HttpEvidence } from '../core/evidence';
import type { CallOptions, Exchange } from '../core/exchange';
import { SeenStatuses } from '../core/lifecycle';
import { redact, redactError, redactHeaders, redactJson } from '../core/redact';
import { REQUEST_TIMEOUT } from './retry';
import { sendThrottled, ThrottledError } from './throttle';

export const expandPath = (op: Operation, params: Record<string, string> = {}): string => expandTemplate(op.path, params, title(op));

/**
 * How every request goes out: a reset connection is retried at most NETWORK_RETRIES times (Playwright
 * retries ECONNRESET only, with backoff), while any HTTP answer, 4xx and 5xx included, is returned as
 * it came: a contract failure is never retried away. Throttled answers (429, or 503 with Retry-After)
 * are not answers: LosClient waits them out (helpers/net/throttle.ts).
 */
export const sendPolicy = (cfg: Pick<Config, 'networkRetries' | 'requestTimeoutMs'>) => ({
  maxRetries: cfg.networkRetries,
  timeout: cfg.requestTimeoutMs,
  failOnStatusCode: false,
  maxRedirects: 0,
});

/**
 * Sends catalogue operations on behalf of one tenant. Each call is a boxed Playwright step named
 * after the operation, with its evidence attached (helpers/core/evidence.ts: the redacted request, the
 * response, the response time and a curl line).
 */
/**
 * What the run remembers of calls that threw instead of answering (helpers/checks/cause-ledger.ts
 * in a test): the test is told why it fails, and a call of an operation that did not answer in
 * time is skipped instead of waiting again.
 */
export interface CallMemory {
  skipIfTimedOut(op: Operation, purpose: string): void;
  callFailed(op: Operation, purpose: string, why: 'timeout' | 'throttled' | 'error'): void;
}
const FORGETFUL: CallMemory = { skipIfTimedOut: () => {}, callFailed: () => {} };

/** What of APIRequestContext's (private) API withoutStepOfItsOwn uses. */
interface ApiCallWrapper {
  _wrapApiCall?: (run: () => Promise<unknown>, options: { internal: boolean; title: string }) => Promise<unknown>;
}

/**
 * Runs a call inside the call's own step only. Playwright would add a step of its own inside it
 * ("GET http://…", telling nothing the call's step does not), and each step costs a captured stack,
 * two messages to the runner and a turn through every reporter, some 2,000 times a run. Playwright
 * marks its own inner calls that way (`_wrapApiCall` with `internal`); its errors still name
 * `apiRequestContext.fetch` and carry the call log. Should a Playwright release drop the private
 * method, the call is made as it is, with its step (tests/unit/call-steps.test.ts tells).
 */
function withoutStepOfItsOwn<T>(context: APIRequestContext, run: () => Promise<T>): Promise<T> {
  const wrapper = context as unknown as ApiCallWrapper;
  // Called as a method: Playwright names the call after its caller's frame, and takes the title for a private one.
  return typeof wrapper._wrapApiCall === 'function' ? (wrapper._wrapApiCall(run, { internal: true, title: 'apiRequestContext.fetch' }) as Promise<T>) : run();
}

export class LosClient {
  /** Told of every answered call (the factory tracks what a test creates, to clean it up). */
  readonly observers: Array<(call: Pick<Exchange, 'op' | 'status' | 'request' | 'json'>) => void> = [];
  /** The status each account last answered with, so every account action carries the transition it showed. */
  readonly seen = new SeenStatuses();

  constructor(
    private readonly request: APIRequestContext,
    private readonly cfg: Config,
    private readonly token: string,
    private readonly memory: CallMemory = FORGETFUL,
  ) {}

  /** How many independent requests a test may have in flight at once (CONCURRENCY). */
  get concurrency(): number {
    return this.cfg.concurrency;
  }

  async send<Id extends OperationId>(id: Id, options: CallOptions<Id> = {}): Promise<Exchange<Id>> {
    const op = operation(id);
    const method = options.method ?? op.method;
    if (method !== 'GET' && !writesAllowed(this.cfg)) {
      test.skip(
        true,
        this.cfg.readOnly
          ? `READ_ONLY is set and ${title(op)} would send ${method}: only checks that change nothing run`
          : `${new URL(this.cfg.baseUrl).hostname} is in PROTECTED_HOSTS: ${title(op)} would send ${method} (set ALLOW_PROTECTED_WRITES=1 to allow writes)`,
      );
    }
    const query = options.query ? `?${new URLSearchParams(Object.entries(options.query).map(([k, v]): [string, string] => [k, String(v)])).toString()}` : '';
    const url = `${this.cfg.baseUrl}${expandPath(op, options.params)}${query}`;
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    const authorization = options.authorization === undefined ? `Bearer ${this.token}` : options.authorization;
    if (authorization !== null) headers.authorization = authorization;
    let data: string | undefined;
    if (options.rawBody !== undefined) data = options.rawBody;
    else if (options.body !== undefined) {
      data = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const recorded: RecordedRequest = {
      method,
      url,
      headers: redactHeaders(headers),
      body: options.body,
      rawBody: options.rawBody,
      multipart:
        options.multipart &&
        Object.fromEntries(
          Object.entries(options.multipart).map(([k, v]) => [k, typeof v === 'string' ? v : { name: v.name, mimeType: v.mimeType, size: v.buffer.length }]),
        ),
    };
    const purpose = options.purpose ?? 'valid';
    this.memory.skipIfTimedOut(op, purpose);
    const label = `${title(op)}${purpose === 'valid' ? '' : ` [${purpose}]`}`;

    return test.step(
      label,
      async (step) => {
        let startedAt = 0;
        let started = 0;
        const { response, body } = await sendThrottled(
          label,
          this.cfg,
          async () => {
            startedAt = Date.now();
            started = performance.now();
            try {
              return await withoutStepOfItsOwn(this.request, async () => {
                const answer = await this.request.fetch(url, { method, headers, data, multipart: options.multipart, ...sendPolicy(this.cfg) });
                return { response: answer, body: await answer.body() };
              });
            } catch (error) {
              // Playwright's message carries a call log with every request header, the token included.
              throw redactError(error);
            }
          },
          (answer) => ({ status: answer.response.status(), retryAfter: answer.response.headers()['retry-after'] }),
        ).catch((error: unknown) => {
          const why = error instanceof ThrottledError ? 'throttled' : REQUEST_TIMEOUT.test((error as Error).message) ? 'timeout' : 'error';
          this.memory.callFailed(op, purpose, why);
          throw error;
        });
        const receivedAt = Date.now();
        const ms = Math.round((performance.now() - started) * 100) / 100;
        const text = body.toString('utf8');
        const responseHeaders = response.headers();
        let json: unknown;
        if (/json/i.test(responseHeaders['content-type'] ?? '') && text) {
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
        }
        // Before any evidence is written, so what an observer registers as secret is already redacted in it.
        for (const observe of this.observers) observe({ op, status: response.status(), request: recorded, json });
        const transition = this.seen.observe(op.id, method, response.status(), options.params, json);
        const exchange: Exchange<Id> = {
          op,
          purpose,
          request: recorded,
          status: response.status(),
          schema: responseSchema(op, response.status()),
          headers: responseHeaders,
          text,
          json,
          ms,
          curl: redact(toCurl(recorded)),
          receivedAt,
          ...(transition ? { transition } : {}),
        };
        const drift = responseDrift(exchange);
        const evidence: HttpEvidence = {
          operation: { id: op.id, group: op.group, title: title(op) },
          purpose,
          request: recorded,
          response: { status: exchange.status, status_text: response.statusText(), ms, headers: redactHeaders(responseHeaders), body: json ?? text },
          ...(drift.length ? { undeclared_fields: drift } : {}),
          curl: exchange.curl,
          started_at: startedAt,
        };
        // The step's own attach, not test.info()'s: that one adds an "Attach" step with a captured stack.
        await step.attach(evidenceName(recorded, exchange.status), { body: redactJson(evidence, 2), contentType: HTTP_EVIDENCE_TYPE });
        recordCall(this.cfg.reportsDir, {
          op: op.id,
          purpose,
          method,
          status: exchange.status,
          ms,
          test: recordedTitle(test.info()),
          ...(drift.length ? { drift } : {}),
          ...(transition ? { transition } : {}),
        });
        return exchange;
      },
      { box: true },
    );
  }
}
