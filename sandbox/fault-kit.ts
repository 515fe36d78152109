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
  /** Operations whose answer `respond` rewrites; all when omitted. */
  operations?: string[];
  respond?: (reply: SandboxReply) => SandboxReply;
  /** Runs before routing, authentication included: an answer of its own ends the request; undefined lets it through. */
  intercept?: (request: { method: string; path: string }) => SandboxReply | undefined | Promise<SandboxReply | undefined>;
}

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
