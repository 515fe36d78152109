import { createCompoundSchema } from 'genson-js';
import { ERROR_SCHEMA, operations, title, type Operation } from '../schemas/catalogue';
import { matchOperation } from '../schemas/paths';
import { responseJson, type HarEntry } from '../helpers/net/har';
import { sandboxFileOf } from './catalogue-source';
import { asCatalogueSchema, compareViews } from './compare-schema';
import type { Finding } from './difference';
import { errorShapeFinding } from './error-shape';
import { inCatalogueTerms, pathHandEdits, similarity, templateOf } from './paths';
import { catalogueView, upstreamView, type Json } from './schema-view';

/**
 * The differences recorded traffic shows. Entries are matched to catalogue routes; a path no route
 * fits is proposed as the path of the nearest operation with the same method that the recording
 * never reached. Response shapes are inferred over all bodies seen per operation (genson-js: types,
 * and which fields every object had) and held to the catalogue as observations.
 */

/** Below this, a path is not proposed as another's candidate: it is reported as unknown instead. */
const MIN_SIMILARITY = 0.5;

interface Seen {
  op: Operation;
  statuses: Set<number>;
  bodies: unknown[];
  /** The request paths that reached it without fitting its template (a candidate path). */
  candidate?: string;
}

const apiPrefix = `/${operations[0].path.split('/')[1]}/`;

export function harFindings(entries: HarEntry[]): Finding[] {
  const seen = new Map<string, Seen>();
  const errors: unknown[] = [];
  const unmatched = new Map<string, HarEntry[]>();
  const note = (op: Operation, entry: HarEntry, candidate?: string) => {
    const record = seen.get(op.id) ?? { op, statuses: new Set<number>(), bodies: [] };
    seen.set(op.id, record);
    if (candidate) record.candidate = candidate;
    record.statuses.add(entry.response.status);
    const json = responseJson(entry);
    if (entry.response.status >= 200 && entry.response.status < 300 && json !== undefined) record.bodies.push(json);
  };

  for (const entry of entries) {
    const { pathname } = new URL(entry.request.url);
    const json = responseJson(entry);
    if (entry.response.status >= 400 && entry.response.status < 500 && json !== undefined) errors.push(json);
    const op = matchOperation(operations, entry.request.method, pathname)?.operation;
    if (op) note(op, entry);
    else if (pathname.startsWith(apiPrefix) && entry.response.status < 400) {
      const key = `${entry.request.method.toUpperCase()} ${templateOf(pathname)}`;
      unmatched.set(key, [...(unmatched.get(key) ?? []), entry]);
    }
  }

  const findings: Finding[] = [];
  for (const [key, group] of unmatched) {
    const [method, template] = key.split(' ');
    const nearest = operations
      .filter((op) => op.method === method && !seen.has(op.id))
      .map((op) => ({ op, score: similarity(op.path, template) }))
      .sort((a, b) => b.score - a.score)[0];
    if (!nearest || nearest.score < MIN_SIMILARITY) {
      findings.push({
        operation: null,
        group: 'upstream only',
        kind: 'not_in_catalogue',
        catalogue: null,
        upstream: key,
        summary: `${key} was recorded (${group.length}×) and fits no catalogue operation`,
        edits: [],
      });
      continue;
    }
    const path = inCatalogueTerms(template, nearest.op.path);
    findings.push({
      operation: nearest.op.id,
      group: nearest.op.group,
      kind: 'path',
      catalogue: nearest.op.path,
      upstream: path,
      summary: `${title(nearest.op)}: recorded ${key} (${group.length}×) fits no template; candidate path for ${nearest.op.path} (similarity ${nearest.score.toFixed(2)})`,
      edits: [{ file: 'catalogue.ts', operation: nearest.op.id, set: 'path', value: path }],
      handEdits: pathHandEdits(nearest.op, path),
    });
    for (const entry of group) note(nearest.op, entry, path);
  }

  for (const { op, statuses, bodies } of seen.values()) {
    const successes = [...statuses].filter((s) => s >= 200 && s < 300);
    const other = successes.find((s) => s !== op.success);
    if (other !== undefined && !successes.includes(op.success)) {
      findings.push({
        operation: op.id,
        group: op.group,
        kind: 'status',
        catalogue: op.success,
        upstream: other,
        summary: `${title(op)}: answered ${other}, the catalogue says ${op.success}`,
        edits: [{ file: 'catalogue.ts', operation: op.id, set: 'success', value: other }],
      });
    }
    const ref = op.responses[op.success];
    if (!ref || !bodies.length) continue;
    const inferred = createCompoundSchema(bodies as never[]) as unknown as Json;
    const sandbox = sandboxFileOf(op.id);
    for (const d of compareViews(catalogueView(ref), upstreamView(inferred), 'observation', bodies)) {
      findings.push({
        operation: op.id,
        group: op.group,
        kind: 'response_field',
        catalogue: d.catalogue,
        upstream: d.upstream,
        summary: `${title(op)}: response ${d.field}: ${d.aspect}${d.note ? ` (${d.note})` : ''} in ${bodies.length} recorded bod${bodies.length === 1 ? 'y' : 'ies'}: catalogue ${JSON.stringify(d.catalogue)}, seen ${JSON.stringify(d.upstream)}`,
        edits: d.edits,
        handEdits: sandbox ? [sandbox] : undefined,
      });
    }
  }

  if (errors.length) {
    const inferred = createCompoundSchema(errors as never[]) as unknown as Json;
    const finding = errorShapeFinding(
      compareViews(catalogueView(ERROR_SCHEMA), upstreamView(inferred), 'observation', errors),
      { ...(asCatalogueSchema(inferred) as object), 'x-provenance': 'inferred' },
      `seen in ${errors.length} recorded 4xx answer(s)`,
      errors,
    );
    if (finding) findings.push(finding);
  }
  return findings;
}
