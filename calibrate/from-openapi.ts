import { ERROR_SCHEMA, operations, title, type Operation } from '../schemas/catalogue';
import { routeKey } from '../schemas/paths';
import { sandboxFileOf } from './catalogue-source';
import { asCatalogueSchema, compareViews, type FieldDifference, type SideContext } from './compare-schema';
import type { Finding } from './difference';
import { errorShapeFinding } from './error-shape';
import type { UpstreamOperation } from './openapi-source';
import { inCatalogueTerms, pathHandEdits } from './paths';
import { catalogueView, definitionsOf, sideSchema, sideView, upstreamView, type Json, type Side } from './schema-view';

/**
 * The differences between the catalogue and an upstream OpenAPI document. Operations are paired by
 * method and path template first; what is left by group tag and name (or operationId) — the same
 * operation at another path or method; then by path alone — the same route with another method.
 */

const successOf = (responses: Record<number, unknown>): number | undefined =>
  Object.keys(responses)
    .map(Number)
    .filter((s) => s >= 200 && s < 300)
    .sort()[0];

const norm = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

function pair(upstream: UpstreamOperation[]): { pairs: [Operation, UpstreamOperation][]; lonelyCatalogue: Operation[]; lonelyUpstream: UpstreamOperation[] } {
  const pairs: [Operation, UpstreamOperation][] = [];
  const freeCat = new Set(operations);
  const freeUp = new Set(upstream);
  const take = (matches: (op: Operation, up: UpstreamOperation) => boolean) => {
    for (const op of [...freeCat]) {
      const found = [...freeUp].find((up) => matches(op, up));
      if (!found) continue;
      pairs.push([op, found]);
      freeCat.delete(op);
      freeUp.delete(found);
    }
  };
  take((op, up) => op.method === up.method && routeKey(op.path) === routeKey(up.path));
  take((op, up) => up.operationId === op.id || (up.tags.some((t) => norm(t) === norm(op.group)) && norm(up.summary) === norm(op.name)));
  take((op, up) => routeKey(op.path) === routeKey(up.path));
  return { pairs, lonelyCatalogue: [...freeCat], lonelyUpstream: [...freeUp] };
}

function fieldFindings(op: Operation, kind: 'request_field' | 'response_field', where: string, differences: FieldDifference[]): Finding[] {
  const sandbox = sandboxFileOf(op.id);
  return differences.map((d) => ({
    operation: op.id,
    group: op.group,
    kind,
    catalogue: d.catalogue,
    upstream: d.upstream,
    summary: `${title(op)}: ${where} ${d.field}: ${d.aspect}${d.note ? ` (${d.note})` : ''}: catalogue ${JSON.stringify(d.catalogue)}, upstream ${JSON.stringify(d.upstream)}`,
    edits: d.edits,
    // Requests are validated from the schemas; response bodies are built by the route module.
    handEdits: sandbox && (kind === 'response_field' || d.aspect === 'missing') ? [sandbox] : undefined,
  }));
}

/** The catalogue definitions each side's bodies reach, so a definition both share is edited for both. */
function definitionsBySide(): Record<Side, Set<string>> {
  const request = new Set<string>();
  const response = new Set<string>([...definitionsOf(catalogueView(ERROR_SCHEMA))]);
  for (const op of operations) {
    if (op.request) definitionsOf(catalogueView(op.request.schema), request);
    for (const ref of Object.values(op.responses)) if (ref) definitionsOf(catalogueView(ref), response);
  }
  return { request, response };
}

/** One body compared as its side carries it: readOnly properties are response-only, writeOnly ones request-only. */
function compareSide(ours: string, theirs: Json, side: Side, shared: Record<Side, Set<string>>): FieldDifference[] {
  const context: SideContext = { side, otherSide: shared[side === 'request' ? 'response' : 'request'] };
  return compareViews(sideView(catalogueView(ours), side), upstreamView(sideSchema(theirs, side) as Json), 'document', [], '', context);
}

function compareOperation(op: Operation, up: UpstreamOperation, shared: Record<Side, Set<string>>): Finding[] {
  const findings: Finding[] = [];
  const base = { operation: op.id, group: op.group } as const;
  if (routeKey(op.path) !== routeKey(up.path)) {
    const path = inCatalogueTerms(up.path, op.path);
    findings.push({
      ...base,
      kind: 'path',
      catalogue: op.path,
      upstream: up.path,
      summary: `${title(op)}: path ${op.path} is ${up.path} upstream`,
      edits: [{ file: 'catalogue.ts', operation: op.id, set: 'path', value: path }],
      handEdits: pathHandEdits(op, path),
    });
  }
  if (op.method !== up.method) {
    findings.push({
      ...base,
      kind: 'method',
      catalogue: op.method,
      upstream: up.method,
      summary: `${title(op)}: method ${op.method} is ${up.method} upstream`,
      edits: [{ file: 'catalogue.ts', operation: op.id, set: 'method', value: up.method }],
    });
  }
  const success = successOf(up.responses);
  if (success !== undefined && success !== op.success) {
    findings.push({
      ...base,
      kind: 'status',
      catalogue: op.success,
      upstream: success,
      summary: `${title(op)}: success status ${op.success} is ${success} upstream`,
      edits: [{ file: 'catalogue.ts', operation: op.id, set: 'success', value: success }],
    });
  }
  if (op.request && up.request?.schema) {
    findings.push(...fieldFindings(op, 'request_field', 'request', compareSide(op.request.schema, up.request.schema, 'request', shared)));
  }
  const ours = op.responses[op.success];
  const theirs = success === undefined ? undefined : up.responses[success];
  if (ours && theirs) {
    findings.push(...fieldFindings(op, 'response_field', `response ${success}`, compareSide(ours, theirs, 'response', shared)));
  }
  return findings;
}

/** The 4xx body schema upstream uses most often: the one error body it documents. */
function upstreamErrorSchema(upstream: UpstreamOperation[]): Record<string, unknown> | undefined {
  const counts = new Map<string, { schema: Record<string, unknown>; n: number }>();
  for (const up of upstream) {
    for (const [status, schema] of Object.entries(up.responses)) {
      if (Number(status) < 400 || Number(status) >= 500 || !schema) continue;
      const key = JSON.stringify(schema);
      counts.set(key, { schema, n: (counts.get(key)?.n ?? 0) + 1 });
    }
  }
  return [...counts.values()].sort((a, b) => b.n - a.n)[0]?.schema;
}

export function openApiFindings(upstream: UpstreamOperation[]): Finding[] {
  const { pairs, lonelyCatalogue, lonelyUpstream } = pair(upstream);
  const shared = definitionsBySide();
  const findings = pairs.flatMap(([op, up]) => compareOperation(op, up, shared));
  const error = upstreamErrorSchema(upstream);
  if (error) {
    const differences = compareSide(ERROR_SCHEMA, error, 'response', shared);
    const finding = errorShapeFinding(
      differences,
      { ...(asCatalogueSchema(error) as object), 'x-provenance': 'documented' },
      'documented in the upstream 4xx responses',
    );
    if (finding) findings.push(finding);
  }
  for (const op of lonelyCatalogue) {
    findings.push({
      operation: op.id,
      group: op.group,
      kind: 'missing_upstream',
      catalogue: `${op.method} ${op.path}`,
      upstream: null,
      summary: `${title(op)}: ${op.method} ${op.path} has no counterpart upstream`,
      edits: [],
    });
  }
  for (const up of lonelyUpstream) {
    findings.push({
      operation: null,
      group: 'upstream only',
      kind: 'not_in_catalogue',
      catalogue: null,
      upstream: `${up.method} ${up.path}`,
      summary: `${up.tags[0] ?? 'untagged'} › ${up.summary || up.operationId || '(no summary)'}: ${up.method} ${up.path} is not in the catalogue`,
      edits: [],
    });
  }
  return findings;
}
