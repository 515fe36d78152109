import { ERROR_SCHEMA, title } from '../schemas/catalogue';
import { validator, type ErrorObject } from '../schemas/registry';
import { attachViolation } from './allure';
import type { Exchange } from './api';
import { recordChecks } from './checks-record';
import { redact } from './redact';
import { diagnose } from './triage-classify';
import { triageViolation } from './triage-record';

/**
 * Conformance checks in the manner of Schemathesis: small named functions with one signature
 * that raise a typed failure naming the operation, the JSON path, expected and actual values.
 */
export interface Problem {
  path: string;
  expected: string;
  actual: string;
}

export class CheckFailure extends Error {
  constructor(
    readonly check: string,
    readonly problems: Problem[],
  ) {
    super(`${check}: ${problems.map((p) => `${p.path || '(root)'} expected ${p.expected}, got ${p.actual}`).join('; ')}`);
    this.name = 'CheckFailure';
  }
}

/** All failures of one exchange, reported together with the body and a curl line to reproduce. */
export class ContractViolation extends Error {
  constructor(
    readonly exchange: Exchange,
    readonly failures: CheckFailure[],
  ) {
    const { op, request, status, text, curl } = exchange;
    const lines = failures.flatMap((f) => f.problems.map((p) => `  ✗ ${f.check} at ${p.path || '(root)'}: expected ${p.expected}, actual ${p.actual}`));
    const body = text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} bytes)` : text || '(empty)';
    const findings = failures.flatMap((f) => f.problems.map((p) => ({ check: f.check, ...p })));
    const diagnosis = diagnose(exchange, findings);
    super(
      redact(
        `${title(op)} (${request.method} ${op.path}) broke the contract:\n${lines.join('\n')}\ncause: ${diagnosis.cause}: ${diagnosis.headline}\nfix: ${diagnosis.fix}\nResponse ${status} body:\n  ${body}\nReproduce:\n  ${curl}`,
      ),
    );
    this.name = 'ContractViolation';
    // Evidence for the report wherever a violation is thrown from: the failed checks in words, next to the call.
    attachViolation(exchange.op, request.method, status, failures);
    // Last: a cause another test already met turns this violation into a skip with a one-line reason.
    triageViolation(exchange, findings, diagnosis, this.message);
  }
}

/** What the caller expects of an exchange: the status it should have, or any documented one. */
export interface Expectation {
  status?: number | number[];
  /** Ids the answer must not carry anywhere (another tenant's or deleted records). */
  absentIds?: readonly string[];
  /** Ids the answer must carry (a record created a moment ago). */
  presentIds?: readonly string[];
  /** What a re-read must still equal after a request that had to change nothing. */
  unchanged?: unknown;
  /** Requests sent in parallel that this exchange (a re-read after them) judges together. */
  parallel?: readonly Exchange[];
}

export type Check = (exchange: Exchange, expectation: Expectation) => void;

export const show = (value: unknown): string => (value === undefined ? 'nothing (missing)' : (JSON.stringify(value)?.slice(0, 200) ?? String(value)));

const pointer = (root: unknown, path: string): unknown =>
  path
    .split('/')
    .slice(1)
    .reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined),
      root,
    );

/** Ajv errors in words: the field path, what the schema wants, what the response had. */
export function describeSchemaErrors(errors: ErrorObject[], data: unknown): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'if') continue;
    const path = e.keyword === 'required' ? `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}` : e.instancePath;
    const actual = pointer(data, path);
    const params = e.params as Record<string, unknown>;
    const expected =
      e.keyword === 'required'
        ? 'a required field'
        : e.keyword === 'type'
          ? `type ${String(params.type)}`
          : e.keyword === 'format'
            ? `format ${String(params.format)}`
            : e.keyword === 'enum'
              ? `one of ${JSON.stringify(params.allowedValues)}`
              : (e.message ?? e.keyword);
    const key = `${path}|${expected}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({
      path,
      expected,
      actual: e.keyword === 'type' ? `${show(actual)} (${actual === null ? 'null' : Array.isArray(actual) ? 'array' : typeof actual})` : show(actual),
    });
  }
  return problems;
}

const documentedStatuses = (exchange: Exchange): number[] => Object.keys(exchange.op.responses).map(Number);

export const not_a_server_error: Check = (exchange) => {
  if (exchange.status >= 500)
    throw new CheckFailure('not_a_server_error', [{ path: 'status', expected: 'a status below 500', actual: String(exchange.status) }]);
};

export const status_code_conformance: Check = (exchange, expectation) => {
  const wanted = expectation.status === undefined ? documentedStatuses(exchange) : [expectation.status].flat();
  if (!wanted.includes(exchange.status)) {
    throw new CheckFailure('status_code_conformance', [{ path: 'status', expected: wanted.join(' or '), actual: String(exchange.status) }]);
  }
};

/** The schema a documented status's body must match; errors (4xx) share the error body. */
export const schemaFor = (exchange: Exchange): string | null | undefined =>
  exchange.status in exchange.op.responses
    ? exchange.op.responses[exchange.status]
    : exchange.status >= 400 && exchange.status < 500
      ? ERROR_SCHEMA
      : undefined;

export const content_type_conformance: Check = (exchange) => {
  const type = exchange.headers['content-type'] ?? '';
  if (schemaFor(exchange) && !/^application\/([a-z.+-]+\+)?json\b/i.test(type)) {
    throw new CheckFailure('content_type_conformance', [{ path: 'headers/content-type', expected: 'application/json', actual: type || 'nothing (missing)' }]);
  }
  if (schemaFor(exchange) === null && exchange.text.length > 0) {
    throw new CheckFailure('content_type_conformance', [{ path: 'body', expected: 'no body', actual: `${exchange.text.length} bytes` }]);
  }
};

export const response_schema_conformance: Check = (exchange) => {
  const ref = schemaFor(exchange);
  if (!ref) return;
  const validate = validator(ref);
  if (exchange.json === undefined) {
    throw new CheckFailure('response_schema_conformance', [{ path: '(body)', expected: 'a JSON body', actual: show(exchange.text.slice(0, 200)) }]);
  }
  if (!validate(exchange.json)) throw new CheckFailure('response_schema_conformance', describeSchemaErrors(validate.errors ?? [], exchange.json));
};

/** A 405 must say which methods the path supports. */
export const response_headers_conformance: Check = (exchange) => {
  if (exchange.status === 405 && !exchange.headers['allow']) {
    throw new CheckFailure('response_headers_conformance', [{ path: 'headers/allow', expected: 'the methods the path supports', actual: 'nothing (missing)' }]);
  }
};

/** Records carry epoch-second timestamps; a record is never updated before it was created. */
export const timestamps_conformance: Check = (exchange) => {
  const problems: Problem[] = [];
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) node.forEach((item, i) => visit(item, `${path}/${i}`));
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.created_at === 'number' && typeof record.updated_at === 'number' && record.updated_at < record.created_at) {
        problems.push({ path: `${path}/updated_at`, expected: `>= created_at (${record.created_at})`, actual: String(record.updated_at) });
      }
      for (const [key, value] of Object.entries(record)) if (value && typeof value === 'object') visit(value, `${path}/${key}`);
    }
  };
  if (exchange.status < 300) visit(exchange.json, '');
  if (problems.length) throw new CheckFailure('timestamps_conformance', problems);
};

export const DEFAULT_CHECKS: Record<string, Check> = {
  not_a_server_error,
  status_code_conformance,
  content_type_conformance,
  response_schema_conformance,
  response_headers_conformance,
  timestamps_conformance,
};

/** Runs every check on one exchange and throws one ContractViolation listing all that failed. */
export function verify(exchange: Exchange, expectation: Expectation = {}, checks: Record<string, Check> = DEFAULT_CHECKS): Exchange {
  const failures: CheckFailure[] = [];
  const outcomes: Array<{ check: string; ok: boolean }> = [];
  try {
    for (const [name, check] of Object.entries(checks)) {
      try {
        check(exchange, expectation);
        outcomes.push({ check: name, ok: true });
      } catch (error) {
        if (!(error instanceof CheckFailure)) throw error;
        failures.push(error);
        outcomes.push({ check: name, ok: false });
      }
    }
  } finally {
    recordChecks(exchange, outcomes);
  }
  if (failures.length) throw new ContractViolation(exchange, failures);
  return exchange;
}

/**
 * Whether `actual` carries everything `expected` has: objects may hold extra fields (the contract
 * allows new fields), arrays must have the same length with each item matching.
 */
export function contains(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => contains(actual[i], item));
  if (expected && typeof expected === 'object') {
    return (
      !!actual &&
      typeof actual === 'object' &&
      !Array.isArray(actual) &&
      Object.entries(expected).every(([k, v]) => contains((actual as Record<string, unknown>)[k], v))
    );
  }
  return Object.is(actual, expected);
}

/** Values the caller sent must come back as sent (e.g. ref_id on Accounts > Create). */
export function echoed(exchange: Exchange, sent: Record<string, unknown>): void {
  const body = (exchange.json ?? {}) as Record<string, unknown>;
  const problems = Object.entries(sent)
    .filter(([key, value]) => !contains(body[key], value))
    .map(([key, value]) => ({ path: `/${key}`, expected: `${show(value)} (as sent)`, actual: show(body[key]) }));
  if (problems.length) throw new ContractViolation(exchange, [new CheckFailure('request_echo_conformance', problems)]);
}
