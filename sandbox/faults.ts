/**
 * Named contract breaks the sandbox can be started with (SANDBOX_FAULTS=a,b), so the project's
 * own tests can prove the suite catches each one, and benign variations the contract allows,
 * which the suite must accept. Each fault says which specs must catch it: the mutation run
 * (scripts/mutation.ts) runs just those against a sandbox with the fault on.
 */
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
}

const ACCOUNTS_CONTRACT = 'tests/contract/accounts.spec.ts';

const mapObjects = (value: unknown, fn: (o: Record<string, unknown>) => Record<string, unknown>): unknown => {
  if (Array.isArray(value)) return value.map((v) => mapObjects(v, fn));
  if (value && typeof value === 'object') {
    const mapped = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapObjects(v, fn)]));
    return fn(mapped);
  }
  return value;
};

const editBody =
  (edit: (body: Record<string, unknown>) => void) =>
  (reply: SandboxReply): SandboxReply => {
    const body = structuredClone(reply.body) as Record<string, unknown>;
    edit(body);
    return { ...reply, body };
  };

export const FAULTS = {
  accounts_create_200: {
    description: 'Accounts > Create answers 200 instead of the documented 201.',
    caughtBy: [ACCOUNTS_CONTRACT],
    operations: ['accounts.create'],
    respond: (reply) => ({ ...reply, status: reply.status === 201 ? 200 : reply.status }),
  },
  accounts_create_missing_tags: {
    description: 'Accounts > Create omits the required `tags` field.',
    caughtBy: [ACCOUNTS_CONTRACT],
    operations: ['accounts.create'],
    respond: editBody((body) => delete body.tags),
  },
  accounts_create_created_at_string: {
    description: 'Accounts > Create sends `created_at` as an ISO string instead of epoch seconds.',
    caughtBy: [ACCOUNTS_CONTRACT],
    operations: ['accounts.create'],
    respond: editBody((body) => {
      if (typeof body.created_at === 'number') body.created_at = new Date(body.created_at * 1000).toISOString();
    }),
  },

  // Benign: what the contract allows, and the suite must not flag.
  extra_fields: {
    description: 'Every object in every body carries an undeclared extra field.',
    benign: true,
    caughtBy: [],
    respond: (reply) => ({ ...reply, body: mapObjects(reply.body, (o) => ({ ...o, x_sandbox_note: 'extra' })) }),
  },
  reordered_keys: {
    description: 'Object keys come in reverse order.',
    benign: true,
    caughtBy: [],
    respond: (reply) => ({ ...reply, body: mapObjects(reply.body, (o) => Object.fromEntries(Object.entries(o).reverse())) }),
  },
  extra_headers: {
    description: 'Answers carry extra response headers.',
    benign: true,
    caughtBy: [],
    respond: (reply) => ({ ...reply, headers: { ...reply.headers, 'x-request-id': 'sandbox', 'x-ratelimit-remaining': '999' } }),
  },
  latency: {
    description: 'Every answer is delayed by 40 ms (applied by the server, not by respond).',
    benign: true,
    caughtBy: [],
  },
} satisfies Record<string, FaultDefinition>;

export type FaultName = keyof typeof FAULTS;
export const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];

export class Faults {
  private readonly on: ReadonlySet<FaultName>;

  constructor(names: readonly string[]) {
    const unknown = names.filter((n) => !(n in FAULTS));
    if (unknown.length) throw new Error(`unknown sandbox fault(s): ${unknown.join(', ')}; known: ${FAULT_NAMES.join(', ')}`);
    this.on = new Set(names as FaultName[]);
  }

  static parse(list: string | undefined): Faults {
    return new Faults(
      (list ?? '')
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    );
  }

  has(name: FaultName): boolean {
    return this.on.has(name);
  }

  get active(): FaultName[] {
    return [...this.on];
  }

  /** Applies every active fault's response rewrite that targets this operation. */
  rewrite(operationId: string, reply: SandboxReply): SandboxReply {
    let out = reply;
    for (const name of this.on) {
      const fault: FaultDefinition = FAULTS[name];
      if (fault.respond && (!fault.operations || fault.operations.includes(operationId))) out = fault.respond(out);
    }
    return out;
  }
}
