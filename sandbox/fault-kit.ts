import type { Tenant } from './store';

/** The shape of a sandbox fault and small tools to write one. */
export interface SandboxReply {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export interface FaultDefinition {
  description: string;
  /** A variation the contract allows: the suite must stay green with it. */
  benign?: boolean;
  /** Spec paths (relative to the project) whose run must go red with this fault on. */
  caughtBy: string[];
  /**
   * What must report the fault in that run: a check's name (a failed case in reports/checks.json)
   * or a triage cause (reports/triage.json); any one of them counts. A red run without it is a miss.
   */
  catchers: string[];
  /** Operations whose answer `respond` rewrites; all when omitted. */
  operations?: string[];
  respond?: (reply: SandboxReply) => SandboxReply;
  /** Behaviour changes, each wrapping one seam of the router for the operations above. */
  hooks?: Hooks;
  /** Serves the operations at another path than the catalogue's (the sandbox registers routes at startup). */
  path?: (path: string) => string;
  /** How the fault changes the OpenAPI document the sandbox serves at /api/schema/ (a moved path follows from `path`). */
  document?: (document: OpenApiDocument) => void;
  /** Runs before routing, authentication included: an answer of its own ends the request; undefined lets it through. */
  intercept?: (request: { method: string; path: string }) => SandboxReply | undefined | Promise<SandboxReply | undefined>;
}

/** The parts of an OpenAPI document a fault edits. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, { operationId?: string } & Record<string, unknown>>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

/** What a route handler answers, before the response faults rewrite it. */
export interface Result {
  status?: number;
  body?: unknown;
}

/**
 * The router's seams, the only places a fault changes how a request is handled (besides the
 * routes' own `ctx.faults.has`): who the caller is, whether the request body is accepted, and
 * which tenant's records the handler runs on.
 */
export interface Seams {
  /** The caller's tenant from the Authorization header; throws the 401 otherwise. */
  authenticate: (authorization: string | undefined) => Tenant;
  /** Throws the 400 when the body does not match the request schema. */
  validate: (schema: string, body: unknown) => void;
  /** Runs the handler for the caller's tenant. */
  dispatch: (run: (tenant: Tenant) => Promise<Result>, tenant: Tenant) => Promise<Result>;
}

/** Each hook wraps the seam it is given (the router's own, or another fault's), knowing every tenant. */
export type Hooks = { [S in keyof Seams]?: (next: Seams[S], tenants: readonly Tenant[]) => Seams[S] };

export const mapObjects = (value: unknown, fn: (o: Record<string, unknown>) => Record<string, unknown>): unknown => {
  if (Array.isArray(value)) return value.map((v) => mapObjects(v, fn));
  if (value && typeof value === 'object') {
    const mapped = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapObjects(v, fn)]));
    return fn(mapped);
  }
  return value;
};

export const editBody =
  (edit: (body: Record<string, unknown>) => void) =>
  (reply: SandboxReply): SandboxReply => {
    const body = structuredClone(reply.body) as Record<string, unknown>;
    edit(body);
    return { ...reply, body };
  };
