import { isDeepStrictEqual } from 'node:util';
import { declaredMethods, ERROR_SCHEMA, type OperationId } from '../../schemas/catalogue';
import { validator } from '../../schemas/registry';
import type { Exchange } from '../core/exchange';
import { DEFAULT_CHECKS, defineCheck, describeSchemaErrors, show, verify, type Expectation } from './checks';
import type { Problem } from './violations';

/**
 * Checks beyond the happy path, with the one Check signature of helpers/checks/checks.ts. Scenario
 * checks judge the exchange that settles the scenario (the refused request, or the re-read after
 * it) and take the rest from the expectation: ids that must be absent or present, the body a
 * re-read must still equal, the exchanges sent in parallel.
 */

const wanted = (expectation: Expectation, fallback: number[]): number[] => (expectation.status === undefined ? fallback : [expectation.status].flat());

/** A 5xx is not_a_server_error's to report, which runs beside every scenario check (helpers/checks/conform.ts BASELINE). */
function statusProblem(exchange: Exchange, allowed: number[], why: string): Problem[] {
  return allowed.includes(exchange.status) || exchange.status >= 500
    ? []
    : [{ path: 'status', expected: `${allowed.join(' or ')} (${why})`, actual: String(exchange.status) }];
}

/** A refusal carries the one error body; checked only once the status is a refusal. */
function errorBodyProblems(exchange: Exchange): Problem[] {
  const validate = validator(ERROR_SCHEMA);
  if (exchange.json === undefined) return [{ path: '(body)', expected: 'the JSON error body', actual: show(exchange.text.slice(0, 200)) }];
  return validate(exchange.json) ? [] : describeSchemaErrors(validate.errors ?? [], exchange.json);
}

/** Where any of `ids` occurs as a string value: [JSON path, id]. */
function occurrences(node: unknown, ids: ReadonlySet<string>, path = ''): Array<[string, string]> {
  if (typeof node === 'string') return ids.has(node) ? [[path, node]] : [];
  if (Array.isArray(node)) return node.flatMap((item, i) => occurrences(item, ids, `${path}/${i}`));
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([key, value]) => occurrences(value, ids, `${path}/${key}`));
  return [];
}

/** The first JSON path where two values differ, for a message that points at the change. */
function firstDifference(expected: unknown, actual: unknown, path = ''): Problem {
  if (expected && actual && typeof expected === 'object' && typeof actual === 'object' && Array.isArray(expected) === Array.isArray(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of keys) {
      const [e, a] = [(expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key]];
      if (!isDeepStrictEqual(e, a)) return firstDifference(e, a, `${path}/${key}`);
    }
  }
  return { path, expected: `${show(expected)} (unchanged)`, actual: show(actual) };
}

function scenarioProblems(exchange: Exchange, expectation: Expectation): Problem[] {
  const problems: Problem[] = [];
  for (const [path, id] of occurrences(exchange.json, new Set(expectation.absentIds ?? []))) {
    problems.push({ path, expected: 'no record the caller must not see', actual: id, proof: true });
  }
  const found = new Set(occurrences(exchange.json, new Set(expectation.presentIds ?? [])).map(([, id]) => id));
  for (const id of expectation.presentIds ?? [])
    if (!found.has(id)) problems.push({ path: '(body)', expected: `the record ${id}`, actual: 'not in the answer' });
  if ('unchanged' in expectation && exchange.status < 300 && !isDeepStrictEqual(exchange.json, expectation.unchanged)) {
    problems.push({ ...firstDifference(expectation.unchanged, exchange.json), proof: true });
  }
  return problems;
}

/** A scenario's refusal: the status, the error body once it is a refusal, and the scenario's own findings whatever the status. */
function refusalProblems(exchange: Exchange, expectation: Expectation, refusals: number[], why: string): Problem[] {
  const status = statusProblem(exchange, wanted(expectation, refusals), why);
  return [...status, ...(status.length || exchange.status < 300 ? [] : errorBodyProblems(exchange)), ...scenarioProblems(exchange, expectation)];
}

/** Requests without a valid token are refused with 401 and the error body, whatever else they carry. */
export const ignored_auth = defineCheck({
  name: 'ignored_auth',
  title: 'Requests without a valid token are refused with 401 and the error body',
  breach: 'auth_not_enforced',
  problems: (exchange, expectation) => {
    const status = statusProblem(exchange, wanted(expectation, [401]), 'the request carries no valid credentials');
    return status.length ? status : errorBodyProblems(exchange);
  },
});

export const negative_data_rejection = defineCheck({
  name: 'negative_data_rejection',
  title: 'A request that breaks the request schema is refused with 400/422 and the error body',
  category: 'Invalid requests accepted',
  problems: (exchange, expectation) => {
    const status = statusProblem(exchange, wanted(expectation, [400, 422]), 'the request breaks the schema');
    return status.length ? status : errorBodyProblems(exchange);
  },
});

export const positive_data_acceptance = defineCheck({
  name: 'positive_data_acceptance',
  title: "A schema-valid request is accepted with the operation's success status",
  category: 'Valid requests refused',
  problems: (exchange, expectation) => statusProblem(exchange, wanted(expectation, [exchange.op.success]), 'the request matches the schema'),
});

export const tenant_isolation = defineCheck({
  name: 'tenant_isolation',
  title: "Another tenant's records are refused (403/404) and never appear in an answer; refused changes change nothing",
  breach: 'isolation_breach',
  problems: (exchange, expectation) => refusalProblems(exchange, expectation, [403, 404], 'the record belongs to another tenant'),
});

export const state_machine_conformance = defineCheck({
  name: 'state_machine_conformance',
  title: "An action the account's status does not allow is refused (409) and leaves the account as it was",
  category: 'State machine',
  problems: (exchange, expectation) => refusalProblems(exchange, expectation, [409], 'the transition is not allowed from this status'),
});

export const ensure_resource_availability = defineCheck({
  name: 'ensure_resource_availability',
  title: 'A record created a moment ago is readable right away',
  category: 'Resource lifecycle',
  problems: (exchange, expectation) => {
    const status = statusProblem(exchange, wanted(expectation, [200]), 'the record was just created');
    return status.length ? status : scenarioProblems(exchange, expectation);
  },
});

export const use_after_free = defineCheck({
  name: 'use_after_free',
  title: 'A deleted record is gone: its detail answers 404 (or 410) and lists no longer carry it',
  category: 'Resource lifecycle',
  problems: (exchange, expectation) => [
    ...statusProblem(exchange, wanted(expectation, [404, 410]), 'the record was deleted'),
    ...scenarioProblems(exchange, expectation),
  ],
});

export const unsupported_method = defineCheck({
  name: 'unsupported_method',
  title: 'A method the path does not support gets 405 whose Allow names the supported ones, and the error body',
  category: 'Unsupported methods',
  problems: (exchange) => {
    const status = statusProblem(exchange, [405], `${exchange.request.method} is not declared for ${exchange.op.path}`);
    if (status.length) return status;
    const allow = new Set(
      (exchange.headers['allow'] ?? '')
        .split(',')
        .map((m) => m.trim().toUpperCase())
        .filter(Boolean),
    );
    const problems: Problem[] = [];
    // No Allow at all is response_headers_conformance's; what a present Allow names is judged here.
    const missing = exchange.headers['allow'] === undefined ? [] : declaredMethods(exchange.op.path).filter((m) => !allow.has(m));
    if (missing.length)
      problems.push({
        path: 'headers/allow',
        expected: `to list ${declaredMethods(exchange.op.path).join(', ')}`,
        actual: exchange.headers['allow'] ?? 'nothing (missing)',
      });
    if (allow.has(exchange.request.method))
      problems.push({ path: 'headers/allow', expected: `not to list the refused ${exchange.request.method}`, actual: exchange.headers['allow'] });
    return [...problems, ...errorBodyProblems(exchange)];
  },
});

/**
 * Parallel requests of which only one can win (the same approval approved, the same ref_id
 * created): exactly one succeeds, the others get 409, and the re-read (this exchange) shows the
 * winner's record exactly once and as the winner answered it, so no later request overwrote it.
 */
export const concurrency_conformance = defineCheck({
  name: 'concurrency_conformance',
  title: 'Of parallel requests only one can win: exactly one succeeds, the others get 409, and no later request overwrote the winner',
  category: 'Concurrency',
  problems: (exchange, expectation) => {
    const parallel = expectation.parallel ?? [];
    const winners = parallel.filter((e) => e.status === e.op.success);
    const problems: Problem[] = [];
    if (winners.length !== 1) {
      problems.push({
        path: 'parallel/status',
        expected: `exactly one ${parallel[0]?.op.success} among ${parallel.length} parallel requests`,
        actual: parallel.map((e) => e.status).join(', '),
      });
    }
    parallel
      .filter((e) => e.status !== e.op.success && e.status !== 409)
      .forEach((e) => problems.push({ path: 'parallel/status', expected: `409 for a request that lost the race`, actual: String(e.status) }));
    problems.push(...statusProblem(exchange, wanted(expectation, [200]), 're-read after the race'));
    if (winners.length === 1 && exchange.status === 200) {
      const body = exchange.json as { results?: unknown[] } | undefined;
      const records = Array.isArray(body?.results) ? body.results : [body];
      if (records.length !== 1) problems.push({ path: '/results', expected: 'the one record the race created', actual: `${records.length} records` });
      else if (!isDeepStrictEqual(records[0], winners[0].json))
        problems.push(firstDifference(winners[0].json, records[0], Array.isArray(body?.results) ? '/results/0' : ''));
    }
    return problems;
  },
});

/** Where `actual` does not carry what `expected` has, path by path (objects may hold more fields; arrays match item by item). */
function missingState(expected: unknown, actual: unknown, path = ''): Problem[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      return [{ path: path || '(body)', expected: `${expected.length} item(s) as written before`, actual: show(actual) }];
    return expected.flatMap((item, i) => missingState(item, actual[i], `${path}/${i}`));
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return [{ path: path || '(body)', expected: 'an object', actual: show(actual) }];
    return Object.entries(expected).flatMap(([key, value]) => missingState(value, (actual as Record<string, unknown>)[key], `${path}/${key}`));
  }
  return Object.is(actual, expected) ? [] : [{ path: path || '(body)', expected: `${show(expected)} (as written before)`, actual: show(actual) }];
}

/** The record a state is about: the answer itself, or the list result with the state's id. */
function stateProblems(state: unknown, json: unknown): Problem[] {
  const id = (state as { id?: unknown } | null)?.id;
  const results = (json as { results?: unknown } | undefined)?.results;
  if (id === undefined || !Array.isArray(results)) return missingState(state, json);
  const at = results.findIndex((r) => (r as { id?: unknown } | null)?.id === id);
  return at < 0 ? [{ path: '/results', expected: `the record ${show(id)}`, actual: 'not in the answer' }] : missingState(state, results[at], `/results/${at}`);
}

/**
 * A later read (this exchange: a detail, or a list carrying the record with the state's id) shows
 * what the calls before it wrote: a change answered but not kept is caught here.
 */
export const state_persisted = defineCheck({
  name: 'state_persisted',
  title: 'A later read shows what the calls before it wrote',
  category: 'State not persisted',
  problems: (exchange, { state }) => (state === undefined || exchange.status >= 300 ? [] : stateProblems(state, exchange.json)),
});

/** A re-read held to the contract and to what the calls before it wrote. */
export function persisted<Id extends OperationId>(exchange: Exchange<Id>, state: unknown): Exchange<Id> {
  return verify(exchange, { status: 200, state }, [...DEFAULT_CHECKS, state_persisted]);
}

type Listed = { id?: unknown };
const pageOf = (exchange: Exchange): { count?: unknown; next?: unknown; results: Listed[] } => {
  const body = exchange.json as { count?: unknown; next?: unknown; results?: unknown } | undefined;
  return { count: body?.count, next: body?.next, results: Array.isArray(body?.results) ? (body.results as Listed[]) : [] };
};

/**
 * A walk through a list (helpers/checks/pagination.ts): every page honours page_size and all but the last
 * are full, `next` is null within the bound, `count` is the same on every page and equals the
 * records seen, no record appears twice, and every record the test created is listed.
 */
export const pagination_conformance = defineCheck({
  name: 'pagination_conformance',
  title: 'A list honours page_size, ends, counts what it lists and lists every record once',
  category: 'Pagination',
  problems: (_, { walk }) => {
    if (!walk) return [];
    const problems: Problem[] = [];
    const pages = walk.pages.map(pageOf);
    pages.forEach(({ results, next }, i) => {
      if (results.length > walk.pageSize)
        problems.push({ path: `page ${i + 1}/results`, expected: `at most ${walk.pageSize} (page_size)`, actual: `${results.length} records` });
      else if (next && results.length !== walk.pageSize)
        problems.push({ path: `page ${i + 1}/results`, expected: `${walk.pageSize}: a page with a next page is full`, actual: `${results.length} records` });
    });
    if (pages.at(-1)?.next)
      problems.push({ path: `page ${pages.length}/next`, expected: `null within ${walk.maxPages} pages`, actual: show(pages.at(-1)?.next) });
    const ids = pages.flatMap((p) => p.results.map((r) => r.id));
    const twice = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
    if (twice.length) problems.push({ path: '/results/*/id', expected: 'each record on one page only', actual: `listed more than once: ${show(twice)}` });
    const counts = [...new Set(pages.map((p) => p.count))];
    if (counts.length !== 1 || counts[0] !== ids.length)
      problems.push({ path: '/count', expected: `${ids.length} on every page (the records listed)`, actual: counts.map((c) => show(c)).join(', ') });
    const missing = walk.created.filter((id) => !ids.includes(id));
    if (missing.length) problems.push({ path: '/results', expected: 'every record the test created', actual: `missing ${show(missing)}` });
    return problems;
  },
});
