import type { APIRequestContext } from '@playwright/test';
import { createCompoundSchema } from 'genson-js';
import { ERROR_SCHEMA, operations, title, type Method, type Operation } from '../schemas/catalogue';
import { replaceParams } from '../schemas/paths';
import { sendPolicy } from '../helpers/net/api';
import type { Config } from '../helpers/core/config';
import { pool } from '../helpers/core/pool';
import { sendThrottled, ThrottledError } from '../helpers/net/throttle';
import { catalogueEntry } from './catalogue-source';
import { asCatalogueSchema, compareViews } from './compare-schema';
import type { Finding } from './difference';
import { errorShapeFinding } from './error-shape';
import { pathVariants } from './paths';
import { catalogueView, upstreamView, type Json } from './schema-view';

/**
 * Whether a target has a route at each catalogued path and method, learnt without changing
 * anything: every request goes out without credentials, so a server that authenticates before it
 * acts refuses it (401/403) where a route exists, answers 404 where none does, and 405 where the
 * path exists without that method. No body is sent, no token is ever attached.
 */
export type Verdict = 'route' | 'no_route' | 'method_not_allowed' | 'unknown';

export interface Variant {
  path: string;
  verdict: Verdict;
  status: number | null;
}

export interface ProbedOperation {
  operation: string;
  method: Method;
  path: string;
  verdict: Verdict;
  status: number | null;
  /** For `no_route` and `method_not_allowed`: the catalogue entry to correct, and the variants of the path that answer like a route. */
  fix?: { catalogue: string; variants: Variant[] };
}

export interface ProbeResult {
  operations: ProbedOperation[];
  /** Set when the target answers an unknown path like a route: then no verdict can be trusted. */
  warning?: string;
  errorShape?: Finding;
}

/** Any well-formed id: the route, not the record, is what is probed. */
const PROBE_ID = '00000000-0000-4000-8000-000000000000';
const CONTROL_PATH = '/v1/los/__los_probe_no_such_route__/';

export function verdictOf(status: number | null): Verdict {
  if (status === 401 || status === 403) return 'route';
  if (status === 404) return 'no_route';
  if (status === 405) return 'method_not_allowed';
  return 'unknown';
}

const concrete = (path: string): string => replaceParams(path, () => PROBE_ID);

/** At most `limit` requests in flight: probing must never load a production target. */
interface Answer {
  status: number | null;
  json?: unknown;
}

export async function probe(request: APIRequestContext, cfg: Config, concurrency: number): Promise<ProbeResult> {
  const errorBodies: unknown[] = [];
  const ask = async (method: Method, path: string): Promise<Answer> => {
    let response;
    try {
      // Throttling is waited out as in a run (RETRY_AFTER_MAX_S, THROTTLE_RETRIES, RATE_LIMIT); past its bounds the route can't be told.
      response = await sendThrottled(
        `probe ${method} ${path}`,
        cfg,
        () => request.fetch(`${cfg.baseUrl}${concrete(path)}`, { method, headers: { accept: 'application/json' }, ...sendPolicy(cfg) }),
        (answer) => ({ status: answer.status(), retryAfter: answer.headers()['retry-after'] }),
      );
    } catch (error) {
      return { status: error instanceof ThrottledError ? 429 : null };
    }
    const status = response.status();
    let json: unknown;
    try {
      json = /json/i.test(response.headers()['content-type'] ?? '') ? await response.json() : undefined;
    } catch {
      json = undefined;
    }
    if (status >= 400 && status < 500 && status !== 429 && json !== undefined) errorBodies.push(json);
    return { status, json };
  };

  const control = await ask('GET', CONTROL_PATH);
  const blind = verdictOf(control.status) === 'route';
  const probed = await pool([...operations], concurrency, async (op: Operation): Promise<ProbedOperation> => {
    const { status } = await ask(op.method, op.path);
    const verdict = blind ? 'unknown' : verdictOf(status);
    return { operation: op.id, method: op.method, path: op.path, verdict, status };
  });
  // A 405 may come from another route's template swallowing the path (`approvals/{approval_id}/`): try variants there too.
  for (const entry of probed.filter((p) => p.verdict === 'no_route' || p.verdict === 'method_not_allowed')) {
    const variants = await pool(pathVariants(entry.path), concurrency, async (path): Promise<Variant> => {
      const { status } = await ask(entry.method, path);
      return { path, verdict: verdictOf(status), status };
    });
    entry.fix = { catalogue: catalogueEntry(entry.operation), variants: variants.filter((v) => v.verdict === 'route' || v.verdict === 'method_not_allowed') };
  }

  let errorShape: Finding | undefined;
  if (errorBodies.length && !blind) {
    const inferred = createCompoundSchema(errorBodies as never[]) as unknown as Json;
    errorShape = errorShapeFinding(
      compareViews(catalogueView(ERROR_SCHEMA), upstreamView(inferred), 'observation', errorBodies),
      { ...(asCatalogueSchema(inferred) as object), 'x-provenance': 'inferred' },
      `the target answered (${errorBodies.length} 4xx)`,
      errorBodies,
    );
  }
  return {
    operations: probed,
    warning: blind
      ? `the target answered ${control.status} to ${CONTROL_PATH}, a path no API has: it authenticates before routing, so unauthenticated requests cannot tell routes apart (every verdict is unknown)`
      : undefined,
    errorShape,
  };
}

export function probeTable(result: ProbeResult): string {
  const rows = result.operations.map((p) => [
    operations.find((o) => o.id === p.operation) ? title(operations.find((o) => o.id === p.operation)!) : p.operation,
    p.method,
    p.path,
    p.verdict,
    String(p.status ?? '-'),
  ]);
  const header = ['operation', 'method', 'path', 'verdict', 'status'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const lines = [line(header), ...rows.map(line)];
  for (const p of result.operations.filter((o) => o.fix)) {
    const variants = p.fix!.variants.map((v) => `${p.method} ${v.path} (${v.status}, ${v.verdict})`);
    lines.push(
      `${p.verdict === 'no_route' ? 'no route' : 'method not allowed'} for ${p.operation}: fix ${p.fix!.catalogue}${variants.length ? `; answering like a route: ${variants.join(', ')}` : '; no usual variant of the path answers either'}`,
    );
  }
  const counts = new Map<Verdict, number>();
  for (const p of result.operations) counts.set(p.verdict, (counts.get(p.verdict) ?? 0) + 1);
  lines.push(`probe: ${result.operations.length} operations: ${[...counts].map(([v, n]) => `${v} ${n}`).join(', ')}`);
  if (result.warning) lines.push(`warning: ${result.warning}`);
  if (result.errorShape) lines.push(`error body: ${result.errorShape.summary}`);
  return lines.join('\n');
}
