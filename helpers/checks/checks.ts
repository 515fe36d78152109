import { validator, type ErrorObject } from '../../schemas/registry';
import { valueAt } from '../../schemas/walk';
import { attachViolation } from './allure-evidence';
import { contractExpect } from './contract-expect';
import { recordChecks } from './checks-record';
import type { OperationId } from '../../schemas/catalogue';
import type { DocumentedStatus, Exchange, Verified } from '../core/exchange';
import { CheckFailure, ContractViolation, type Problem } from './violations';
import { timestampProblems } from './timestamps';
import { unpredicted } from '../core/lifecycle';
import type { Breach } from './diagnose';
import { triageViolation } from './cause-ledger';

/**
 * Conformance checks in the manner of Schemathesis: small named functions with one signature
 * that raise a typed failure naming the operation, the JSON path, expected and actual values.
 */

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
  /** Values the request sent that the answer must carry as sent. */
  echo?: Record<string, unknown>;
  /** Records (ids) this request changed: their updated_at advances where that can be told (helpers/checks/timestamps.ts). */
  changedIds?: readonly string[];
  /** What the answer must carry because earlier calls wrote it (fields as `contains` reads them). */
  state?: unknown;
  /** One walk through a list page by page, this exchange its last page. */
  walk?: PageWalk;
}

/** The pages of one walk through a list, in order, with the page_size asked and the records the test created. */
export interface PageWalk {
  pageSize: number;
  /** The bound the walk kept to: a list whose `next` never ends is judged there. */
  maxPages: number;
  created: readonly string[];
  pages: readonly Exchange[];
}

/**
 * A named check, defined once: its name (in failures, the per-check counts and reports/checks.json),
 * what it asserts in words, the Allure category its failures sort into when the triage names no
 * more specific cause (helpers/reporters/report-categories.ts), and the problems it finds in one exchange
 * (none when it conforms).
 */
export interface Check {
  readonly name: string;
  readonly title: string;
  readonly category?: string;
  /** The security defect a failure proves when the target served the request or leaked data: the triage's cause then. */
  readonly breach?: Breach;
  readonly problems: (exchange: Exchange, expectation: Expectation) => Problem[];
}

/** Every check, in the order they were defined, for what is derived from all of them (categories, reports). */
export const CHECKS: Check[] = [];

export function defineCheck(check: Check): Check {
  CHECKS.push(check);
  return check;
}

export const show = (value: unknown): string => (value === undefined ? 'nothing (missing)' : (JSON.stringify(value)?.slice(0, 200) ?? String(value)));

const UNION = new Set(['anyOf', 'oneOf']);
const inside = (e: ErrorObject, at: string): boolean => e.instancePath === at || e.instancePath.startsWith(`${at}/`);

/**
 * A value that matches none of a union's branches is one problem, not every error of every branch:
 * Ajv reports a branch's errors just before the union's own, at the union's path or below it.
 */
function withoutUnionBranches(errors: ErrorObject[]): ErrorObject[] {
  const kept = [...errors];
  for (let i = kept.length - 1; i >= 0; i--) {
    if (!UNION.has(kept[i].keyword)) continue;
    let start = i;
    while (start > 0 && inside(kept[start - 1], kept[i].instancePath)) start--;
    kept.splice(start, i - start);
    i = start;
  }
  return kept;
}

/** A union's branches by what a reader knows them as: their title, the definition they point to, or their type. */
const branchNames = (branches: unknown): string =>
  (Array.isArray(branches) ? (branches as Record<string, unknown>[]) : [])
    .map((b) => String(b.title ?? (typeof b.$ref === 'string' ? b.$ref.split('/').pop() : undefined) ?? b.type ?? 'a schema'))
    .join(' | ');

/** Ajv errors in words: the field path, what the schema wants, what the response had. */
export function describeSchemaErrors(errors: ErrorObject[], data: unknown): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const e of withoutUnionBranches(errors)) {
    if (e.keyword === 'if') continue;
    const path = e.keyword === 'required' ? `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}` : e.instancePath;
    const actual = valueAt(data, path);
    const params = e.params as Record<string, unknown>;
    const expected = UNION.has(e.keyword)
      ? `one of ${branchNames(e.schema)}`
      : e.keyword === 'required'
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

export const not_a_server_error = defineCheck({
  name: 'not_a_server_error',
  title: 'The API never answers 5xx',
  problems: (exchange) => (exchange.status >= 500 ? [{ path: 'status', expected: 'a status below 500', actual: String(exchange.status) }] : []),
});

export const status_code_conformance = defineCheck({
  name: 'status_code_conformance',
  title: 'The status is the one expected, or one the catalogue documents',
  // A 5xx is reported once, by not_a_server_error, which runs wherever this check does (DEFAULT_CHECKS).
  problems: (exchange, expectation) => {
    if (exchange.status >= 500) return [];
    const wanted = expectation.status === undefined ? documentedStatuses(exchange) : [expectation.status].flat();
    return wanted.includes(exchange.status) ? [] : [{ path: 'status', expected: wanted.join(' or '), actual: String(exchange.status) }];
  },
});

export const content_type_conformance = defineCheck({
  name: 'content_type_conformance',
  title: 'A body the catalogue documents is JSON; a status without a body has none',
  category: 'Content type',
  problems: (exchange) => {
    const type = exchange.headers['content-type'] ?? '';
    if (exchange.schema && !/^application\/([a-z.+-]+\+)?json\b/i.test(type))
      return [{ path: 'headers/content-type', expected: 'application/json', actual: type || 'nothing (missing)' }];
    if (exchange.schema === null && exchange.text.length > 0) return [{ path: 'body', expected: 'no body', actual: `${exchange.text.length} bytes` }];
    return [];
  },
});

export const response_schema_conformance = defineCheck({
  name: 'response_schema_conformance',
  title: "The body matches the schema of the operation's status",
  problems: (exchange) => {
    if (!exchange.schema) return [];
    const validate = validator(exchange.schema);
    if (exchange.json === undefined) return [{ path: '(body)', expected: 'a JSON body', actual: show(exchange.text.slice(0, 200)) }];
    return validate(exchange.json) ? [] : describeSchemaErrors(validate.errors ?? [], exchange.json);
  },
});

export const response_headers_conformance = defineCheck({
  name: 'response_headers_conformance',
  title: 'A 405 says which methods the path supports (Allow); a 401 says how to authenticate (WWW-Authenticate)',
  category: 'Response headers',
  problems: (exchange) => [
    ...(exchange.status === 405 && !exchange.headers['allow']
      ? [{ path: 'headers/allow', expected: 'the methods the path supports', actual: 'nothing (missing)' }]
      : []),
    // RFC 9110 §11.6.1: a 401 carries at least one challenge; DRF's is `Bearer realm="api"`.
    ...(exchange.status === 401 && !exchange.headers['www-authenticate']
      ? [{ path: 'headers/www-authenticate', expected: 'a challenge (e.g. Bearer realm="api")', actual: 'nothing (missing)' }]
      : []),
  ],
});

export const timestamps_conformance = defineCheck({
  name: 'timestamps_conformance',
  title: 'Timestamps mean what the shared timestamp definition declares: unit, plausible window, order',
  category: 'Timestamps',
  problems: (exchange, expectation) => {
    if (exchange.status >= 300 || !exchange.schema || exchange.json === undefined) return [];
    return timestampProblems(exchange, exchange.schema, expectation.changedIds);
  },
});

/** Values the caller sent must come back as sent (e.g. ref_id on Accounts > Create). */
export const request_echo_conformance = defineCheck({
  name: 'request_echo_conformance',
  title: 'Values the caller sent come back as sent',
  category: 'Request not echoed',
  problems: (exchange, { echo = {} }) => {
    const body = (exchange.json ?? {}) as Record<string, unknown>;
    return Object.entries(echo)
      .filter(([key, value]) => !contains(body[key], value))
      .map(([key, value]) => ({ path: `/${key}`, expected: `${show(value)} (as sent)`, actual: show(body[key]) }));
  },
});

/** The transition table cannot be learnt from the target: a success that moves an account otherwise is named here. */
export const transition_conformance = defineCheck({
  name: 'transition_conformance',
  title: "An account action that succeeds moves the account as the catalogue's transition table says",
  category: 'State machine',
  problems: (exchange) => {
    const differs = exchange.status < 300 ? unpredicted({ ...exchange, op: exchange.op.id }) : undefined;
    return differs ? [{ path: '/status', expected: `${differs.table} (the transition table)`, actual: show(exchange.transition?.to) }] : [];
  },
});

export const DEFAULT_CHECKS: readonly Check[] = [
  not_a_server_error,
  status_code_conformance,
  content_type_conformance,
  response_schema_conformance,
  transition_conformance,
  response_headers_conformance,
  timestamps_conformance,
];

/** Evidence for the report wherever a violation is thrown from: the failed checks in words, next to the call. */
function raise(violation: ContractViolation): never {
  attachViolation(violation);
  // Last: a cause another test already met turns this violation into a skip with a one-line reason.
  triageViolation(violation.exchange, violation.findings, violation.diagnosis, violation.message);
  throw violation;
}

/**
 * Setup is lenient: a setup call answered with the status it needed and a record to go on with
 * (an id, or a list's results) lets the test go on whatever else is wrong with the body. The
 * violation is reported once, against the setup's own operation: the first test to meet its cause
 * fails softly with it and carries on; later tests record it and carry on.
 */
function produced(exchange: Exchange, expectation: Expectation): boolean {
  if (exchange.purpose !== 'setup' || exchange.status >= 300 || expectation.status === undefined) return false;
  if (![expectation.status].flat().includes(exchange.status)) return false;
  const json = exchange.json as { id?: unknown; results?: unknown } | undefined;
  return typeof json?.id === 'string' || Array.isArray(json?.results);
}

function reportSetupViolation(violation: ContractViolation): void {
  attachViolation(violation);
  if (triageViolation(violation.exchange, violation.findings, violation.diagnosis, violation.message, true))
    contractExpect.soft(violation.exchange, `setup: ${violation.exchange.op.id}`).toHaveConformed(violation);
}

/** What each check finds wrong with one exchange, nothing recorded: verify() and the inconclusive cases (helpers/checks/conform.ts) share it. */
export function evaluate(
  exchange: Exchange,
  expectation: Expectation,
  checks: readonly Check[],
  outcome: (check: string, ok: boolean) => void = () => {},
): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const check of checks) {
    const problems = check.problems(exchange, expectation);
    if (problems.length) failures.push(new CheckFailure(check.name, problems, check.breach));
    outcome(check.name, problems.length === 0);
  }
  return failures;
}

/**
 * Runs every check on one exchange and throws one ContractViolation listing all that failed. With
 * the default checks and one documented status expected, the schema check has passed on the body,
 * so the exchange comes back `Verified`: its body typed from that status's schema.
 */
export function verify<Id extends OperationId, Status extends DocumentedStatus<Id>>(
  exchange: Exchange<Id>,
  expectation: Expectation & { status: Status },
): Verified<Id, Status>;
export function verify<Id extends OperationId>(exchange: Exchange<Id>, expectation?: Expectation, checks?: readonly Check[]): Exchange<Id>;
export function verify(exchange: Exchange, expectation: Expectation = {}, checks: readonly Check[] = DEFAULT_CHECKS): Exchange {
  const outcomes: Array<{ check: string; ok: boolean }> = [];
  const failures = (() => {
    try {
      return evaluate(exchange, expectation, checks, (check, ok) => outcomes.push({ check, ok }));
    } finally {
      recordChecks(exchange, outcomes);
    }
  })();
  if (!failures.length) return exchange;
  const violation = new ContractViolation(exchange, failures);
  // A record in another status than the transition table predicts is not the record the test needs.
  if (!produced(exchange, expectation) || violation.diagnosis.cause === 'lifecycle_differs') raise(violation);
  reportSetupViolation(violation);
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
  verify(exchange, { echo: sent }, [request_echo_conformance]);
}
