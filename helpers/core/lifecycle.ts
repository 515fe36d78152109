import {
  ACCOUNT_STATUSES,
  accountTransitions,
  INITIAL_ACCOUNT_STATUS,
  operation,
  TABLE_STATUSES,
  type AccountAction,
  type OperationId,
} from '../../schemas/catalogue';

/**
 * What the target did to an account's status, set against the catalogue's transition table,
 * which calibrate cannot learn. Each client remembers the status it last saw each account
 * answer with, so every account action it sends carries the transition the target showed; the
 * calls record it (helpers/core/calls.ts), a check fails on a move the table does not predict, and the
 * triage names all of them as one `lifecycle_differs` cause.
 */
export interface Transition {
  /** The status the client last saw the account in; absent when it never saw it. */
  from?: string;
  /** The status the answer carries; absent when the answer carries none (a refusal). */
  to?: string;
}

/** The subject of the triage's one `lifecycle_differs` cause: the name of the table in schemas/catalogue.ts. */
export const TRANSITION_TABLE = Object.keys({ accountTransitions })[0];

/** The operation that creates an account: its first status is the table's start. */
const CREATE: OperationId = 'accounts.create';
const isAction = (op: string): op is AccountAction => op in accountTransitions;

/**
 * Calls whose transition says nothing about the lifecycle: racing requests start from a status a
 * parallel one may have changed already, teardown is not under test, and auth, isolation, method
 * and invalid-data cases are about something else.
 */
const UNJUDGED = new Set(['concurrency', 'cleanup', 'auth', 'isolation', 'method', 'negative']);
/** Where a 400 can only mean the action was refused, not its data. */
const VALID_DATA = new Set(['valid', 'setup', 'state']);

const field = (json: unknown, key: 'id' | 'status'): string | undefined => {
  const value = (json as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' ? value : undefined;
};

/** The last status a client saw each account answer with. */
export class SeenStatuses {
  private readonly last = new Map<string, string>();

  status(accountId: string): string | undefined {
    return this.last.get(accountId);
  }

  /** What another client saw of an account this one takes over (an account made ahead). */
  note(accountId: string, status: string): void {
    this.last.set(accountId, status);
  }

  /** Takes one answer in; for an account action or a create sent with its own method, returns the transition it showed. */
  observe(id: OperationId, method: string, code: number, params: Record<string, string> | undefined, json: unknown): Transition | undefined {
    const op = operation(id);
    if (op.group !== 'Accounts') return undefined;
    const answered = code < 300 ? field(json, 'id') : undefined;
    const to = answered === undefined ? undefined : field(json, 'status');
    const account = params?.account_id ?? answered;
    const from = account === undefined ? undefined : this.last.get(account);
    if (answered !== undefined && to !== undefined) this.last.set(answered, to);
    if (method !== op.method || (id !== CREATE && !isAction(id))) return undefined;
    return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
  }
}

/** One call as the calls record it (helpers/core/calls.ts) or an exchange carries it. */
export interface TransitionCall {
  op: string;
  purpose: string;
  status: number;
  transition?: Transition;
}

/** A transition the table does not predict: what the table says, and the whole in words. */
export interface Unpredicted {
  /** What the table predicts, e.g. `initiated`, `refused from pending`. */
  table: string;
  /** e.g. `accounts.initiate: activation → pending (table: initiated)`. */
  text: string;
}

const differs = (op: string, from: string | undefined, to: string, table: string): Unpredicted => ({
  table,
  text: `${op}: ${from ?? '?'} → ${to} (table: ${table})`,
});

/**
 * The call's transition when the table does not predict it: a success that moved the account
 * elsewhere than the table's `to` (or a create to another first status), a success from a status
 * the table refuses the action from, or an action the table allows from the account's status
 * refused with 409 (or with 400 to valid data).
 */
export function unpredicted({ op, purpose, status, transition }: TransitionCall): Unpredicted | undefined {
  if (!transition || UNJUDGED.has(purpose)) return undefined;
  const { from, to } = transition;
  if (op === CREATE) {
    const created = status === operation(CREATE).success && to !== undefined;
    return created && to !== INITIAL_ACCOUNT_STATUS ? { table: INITIAL_ACCOUNT_STATUS, text: `${op}: → ${to} (table: ${INITIAL_ACCOUNT_STATUS})` } : undefined;
  }
  if (!isAction(op)) return undefined;
  const rule = accountTransitions[op];
  const allowed = from === undefined ? undefined : (rule.from as readonly string[]).includes(from);
  if (status === operation(op).success && to !== undefined) {
    if (allowed === false) return differs(op, from, to, `refused from ${from}`);
    return to === rule.to ? undefined : differs(op, from, to, rule.to);
  }
  const refused = status === 409 || (status === 400 && VALID_DATA.has(purpose));
  return refused && allowed ? differs(op, from, `refused ${status}`, rule.to) : undefined;
}

const STATUS_SCHEMA = 'schemas/accounts.json#/$defs/status';
const unlisted = (statuses: Iterable<string>): string[] => [...new Set(statuses)].filter((s) => !(ACCOUNT_STATUSES as readonly string[]).includes(s));

/**
 * The triage's summary of a run's `lifecycle_differs`: every transition the target showed that the
 * table does not predict, as the calls recorded them (all workers), and the statuses on either side
 * that the schema's status enum lacks.
 */
export function describeLifecycle(calls: readonly TransitionCall[]): { summary: string; operations: string[] } | undefined {
  const seen = calls.flatMap((call) => {
    const differs = unpredicted(call);
    return differs ? [{ op: call.op, ...differs, to: call.transition?.to }] : [];
  });
  const texts = [...new Set(seen.map((d) => d.text))];
  if (!texts.length) return undefined;
  const shown = unlisted(seen.flatMap((d) => (d.to === undefined ? [] : [d.to])));
  const named = unlisted(TABLE_STATUSES);
  const notes = [
    ...(shown.length ? [`the target's ${shown.join(', ')} not in ${STATUS_SCHEMA}`] : []),
    ...(named.length ? [`the table's ${named.join(', ')} not in ${STATUS_SCHEMA}`] : []),
  ];
  return {
    summary: `the target's account lifecycle differs from the transition table: ${[...texts, ...notes].join('; ')}`,
    operations: [...new Set(seen.map((d) => d.op))],
  };
}
