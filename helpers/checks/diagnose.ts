import { ERROR_SCHEMA, title, type Operation } from '../../schemas/catalogue';
import { validator } from '../../schemas/registry';
import { alternatives, escapeToken, isSchema, nodeAt, subschema, unescapeToken, valueAt, type SchemaNode } from '../../schemas/walk';
import type { Exchange } from '../core/exchange';
import { TRANSITION_TABLE, unpredicted } from '../core/lifecycle';

/**
 * The root cause of one contract violation, judged from the exchange alone: what the target did
 * (status, body shape, fields) rather than which check noticed it. Nothing here names an
 * operation or a field: the same rules hold for any catalogue. helpers/triage/triage.ts groups the
 * causes of a whole run.
 */
export const CAUSES = [
  'auth_not_enforced',
  'isolation_breach',
  'route_missing',
  'error_shape',
  'field_renamed',
  'field_missing',
  'type_mismatch',
  'data_rejected',
  'status_mismatch',
  'lifecycle_differs',
  'server_error',
  'rate_limited',
  'auth_rejected',
  'timeout',
  'other',
] as const;
export type Cause = (typeof CAUSES)[number];

export interface Finding {
  check: string;
  path: string;
  expected: string;
  actual: string;
  /** The security defect this finding proves once the target served the request or leaked data (the check's `breach`). */
  breach?: Breach;
  /** The finding is that leak itself (helpers/checks/violations.ts Problem.proof). */
  proof?: true;
}

export type Breach = Extract<Cause, 'auth_not_enforced' | 'isolation_breach'>;

/** What each security defect is; the fix is never the catalogue: the target must refuse. */
const BREACHES: Record<Breach, { headline: (name: string, status: number, finding: Finding) => string; fix: (call: string) => string }> = {
  auth_not_enforced: {
    headline: (name, status) => `${name} served a request without valid credentials (${status})`,
    fix: (call) => `the target's authentication on ${call}: a security defect to report to the API's owners, not a catalogue matter`,
  },
  isolation_breach: {
    headline: (name, status, f) =>
      isStatus(f)
        ? `${name} served another tenant's request on the first tenant's records (${status})`
        : `${name} crossed tenants: ${f.path || '(root)'} ${f.actual}`,
    fix: (call) => `the target's tenant scoping on ${call}: a security defect to report to the API's owners, not a catalogue matter`,
  },
};

export interface Diagnosis {
  cause: Cause;
  /** What one fix corrects: failures with the same cause and subject are one line of the triage. */
  subject: string;
  /** The cause in a few words, e.g. `renamed program_id → programme_id?`. */
  headline: string;
  /** The file to correct (with its line or JSON pointer), or what to check on the target. */
  fix: string;
}

/** Purposes whose checks only mean something once the operation's route answers as the contract says. */
export const DEPENDENT_PURPOSES: ReadonlySet<string> = new Set(['auth', 'isolation', 'method']);
/** Where the statuses each dependent check expects of a refusal are written. */
const REFUSAL_STATUSES: Record<string, string> = {
  auth: 'the 401 of ignored_auth (helpers/checks/checks-conformance.ts)',
  isolation: 'REFUSED in tests/security/isolation.spec.ts',
  method: 'the 405 of unsupported_method (helpers/checks/checks-conformance.ts)',
};

const SCHEMA_BASE = /^https?:\/\/[^/]+\/schemas\//;
/** `https://…/schemas/accounts.json#/$defs/account` → `schemas/accounts.json#/$defs/account`. */
export const schemaFile = (ref: string): string => ref.replace(SCHEMA_BASE, 'schemas/');

/**
 * `schemas/catalogue.ts ('<id>')`: the operation's entry, named by its key. A key stays put when
 * the file is edited (a line number would not), so a cause's subject is the same from run to run.
 */
export const catalogueEntry = (op: Pick<Operation, 'id'>): string => `schemas/catalogue.ts ('${op.id}')`;

/** Every schema node that describes the value at `instancePath` of a body validated against `ref`. */
function locate(ref: string, instancePath: string): SchemaNode[] {
  let places = alternatives([nodeAt(ref)]);
  for (const segment of instancePath.split('/').slice(1).map(unescapeToken)) {
    const item = /^\d+$/.test(segment);
    places = alternatives(places.flatMap((p) => subschema(p, 'properties', segment) ?? (item ? subschema(p, 'items') : undefined) ?? []));
  }
  return places;
}

/** The absolute reference of the entry of `field` in the object schema that requires it at `parentPath`. */
function requiredRef(ref: string, parentPath: string, field: string): string | undefined {
  const owner = locate(ref, parentPath).find((p) => Array.isArray(p.schema.required) && (p.schema.required as string[]).includes(field));
  return owner && subschema(owner, 'properties', field)?.ref;
}

const requiredAt = (ref: string, parentPath: string, field: string): string => schemaFile(requiredRef(ref, parentPath, field) ?? ref);

/** The pointer of the innermost schema that declares the value's type, format or values (a shared definition when it is one). */
function typeAt(ref: string, path: string): string {
  const places = locate(ref, path);
  const declaring = places.filter((p) => ['type', 'format', 'enum', 'const'].some((k) => p.schema[k] !== undefined));
  return schemaFile((declaring.at(-1) ?? places.at(-1))?.ref ?? ref);
}

/** Keys of the object at `parentPath` that none of the schemas describing it declares (drift, in that one object). */
function undeclaredKeys(ref: string, body: unknown, parentPath: string): string[] {
  const node = valueAt(body, parentPath);
  if (!isSchema(node)) return [];
  const places = locate(ref, parentPath);
  if (places.some((p) => p.schema.additionalProperties !== undefined || p.schema.patternProperties !== undefined)) return [];
  const declared = new Set(places.flatMap((p) => (isSchema(p.schema.properties) ? Object.keys(p.schema.properties) : [])));
  return Object.keys(node).filter((key) => !declared.has(key));
}

const star = (path: string): string => path.replace(/\/\d+(?=\/|$)/g, '/*');
const parentOf = (path: string): string => path.slice(0, path.lastIndexOf('/'));
const leaf = (path: string): string => unescapeToken(path.slice(path.lastIndexOf('/') + 1));

/** Whether the body is the contract's error body. */
export function isContractError(exchange: Pick<Exchange, 'json'>): boolean {
  return exchange.json !== undefined && validator(ERROR_SCHEMA)(exchange.json);
}

/** The one subject of every missing route: a target whose paths differ has them all in one triage line. */
export const ROUTES_SUBJECT = 'routes';

const show = (value: unknown): string => JSON.stringify(value)?.slice(0, 160) ?? String(value);

/**
 * The first field a 400 names, read from the error body whatever its dialect: DRF's map of field
 * paths to message lists (`{"primary_mobile": ["Enter a valid …"]}`, nested for nested fields;
 * `non_field_errors` and `detail` are about the whole body), or a list of `{path|field, message}`.
 */
export function rejectedField(exchange: Pick<Exchange, 'json'>): { path: string; messages: string[] } | undefined {
  const WHOLE = new Set(['non_field_errors', 'detail']);
  const walk = (node: unknown, path: string): { path: string; messages: string[] } | undefined => {
    if (Array.isArray(node)) {
      if (node.length && node.every((m) => typeof m === 'string')) return { path, messages: node as string[] };
      for (const [i, item] of node.entries()) {
        const found = walk(item, `${path}/${i}`);
        if (found) return found;
      }
      return undefined;
    }
    if (!node || typeof node !== 'object') return undefined;
    const listed = (node as { errors?: unknown }).errors;
    if (Array.isArray(listed)) {
      const first = listed.find((e): e is Record<string, unknown> => !!e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string');
      const where = first && (first.path ?? first.field ?? first.pointer);
      if (first && typeof where === 'string')
        return { path: where && !where.startsWith('/') ? `/${where.replace(/\./g, '/')}` : where, messages: [first.message as string] };
    }
    for (const [key, value] of Object.entries(node)) {
      if (WHOLE.has(key) && path === '') continue;
      const found = walk(value, `${path}/${escapeToken(key)}`);
      if (found) return found;
    }
    return undefined;
  };
  return walk(exchange.json, '');
}

const isStatus = (f: Finding): boolean => f.path === 'status' || f.path === 'parallel/status';
const TYPE_LIKE = /^(type |format |one of |must be equal to constant)/;

/** The root cause of one violation: status first (it decides which schema applies), then the body. */
export function diagnose(exchange: Exchange, findings: readonly Finding[]): Diagnosis {
  const { op, status } = exchange;
  const name = title(op);
  const call = `${exchange.request.method} ${op.path}`;
  const statusFinding = findings.find(isStatus);
  if (status >= 500) {
    return { cause: 'server_error', subject: op.id, headline: `${name} answered ${status}`, fix: `the target's logs for ${call} (curl in the first failure)` };
  }
  if (statusFinding && status === 429) {
    return {
      cause: 'rate_limited',
      subject: 'throttling',
      headline: `the target throttled the suite (429${exchange.headers['retry-after'] ? `, Retry-After ${exchange.headers['retry-after']}` : ''})`,
      fix: "the tenant's rate limit on the target, or fewer WORKERS",
    };
  }
  // Proof only: served (2xx), or the finding is the leak itself. A refusal with another status or body is not a breach.
  const breach = findings.find((f) => f.breach && (status < 300 || f.proof));
  if (breach?.breach) {
    const text = BREACHES[breach.breach];
    return { cause: breach.breach, subject: op.id, headline: text.headline(name, status, breach), fix: text.fix(call) };
  }
  // The table cannot be learnt: a move it does not predict is one cause, whatever status or /status check noticed it.
  const lifecycle = unpredicted({ ...exchange, op: op.id });
  if (lifecycle && findings.every((f) => isStatus(f) || f.path === '/status')) {
    return {
      cause: 'lifecycle_differs',
      subject: TRANSITION_TABLE,
      headline: `the target's account lifecycle differs from the transition table: ${lifecycle.text}`,
      fix: `schemas/catalogue.ts (${TRANSITION_TABLE}, the transition table) if the target is right, else the target`,
    };
  }
  if (statusFinding && (status === 401 || status === 403) && !DEPENDENT_PURPOSES.has(exchange.purpose)) {
    return {
      cause: 'auth_rejected',
      subject: String(status),
      headline: `the token was refused with ${status} where the contract expects ${statusFinding.expected}`,
      fix: "API_TOKEN on the target: its tenant, expiry and the operation's permission",
    };
  }
  if (statusFinding && status === 404 && !isContractError(exchange)) {
    // One cause for every missing route: the triage lists each operation whose calls all met one (helpers/triage/triage.ts).
    return {
      cause: 'route_missing',
      subject: ROUTES_SUBJECT,
      headline: `${call} answered 404 without the contract's error body: the route is not there`,
      fix: `${catalogueEntry(op)}: the path or method of ${name} on the target (npm run probe names the paths that answer)`,
    };
  }
  const rejected = statusFinding && (status === 400 || status === 422) && /^2\d\d\b/.test(statusFinding.expected) ? rejectedField(exchange) : undefined;
  if (rejected) {
    const pointer = op.request ? typeAt(op.request.schema, rejected.path) : catalogueEntry(op);
    const field = rejected.path ? star(rejected.path) : '(body)';
    return {
      cause: 'data_rejected',
      subject: `${pointer} ${field}`,
      headline: `the target refused the suite's ${field} on ${name} (${status}): ${show(rejected.messages.join(' '))}`,
      fix: `${pointer} (the format the builders generate from: pattern, format, enum, lengths) if the target is right`,
    };
  }
  if (statusFinding && DEPENDENT_PURPOSES.has(exchange.purpose)) {
    // A refusal, only with another status than the catalogue's: one answer of the target's, however many operations show it.
    return {
      cause: 'status_mismatch',
      subject: `${exchange.purpose} refusal → ${status}`,
      headline: `the ${exchange.purpose} check's refusals answered ${status}, expected ${statusFinding.expected}`,
      fix: `${REFUSAL_STATUSES[exchange.purpose]} if the target's ${status} is right, else the target`,
    };
  }
  if (statusFinding) {
    return {
      cause: 'status_mismatch',
      subject: `${op.id} ${statusFinding.expected} → ${statusFinding.actual}`,
      headline: `${name} answered ${statusFinding.actual}, expected ${statusFinding.expected}`,
      fix: `${catalogueEntry(op)} (its statuses) if the target is right, else the target`,
    };
  }
  const bodyFindings = findings.filter((f) => f.path.startsWith('/') || f.path === '(body)' || f.path === '');
  if (status >= 400 && bodyFindings.length && !isContractError(exchange)) {
    const first = bodyFindings[0];
    return {
      cause: 'error_shape',
      subject: ERROR_SCHEMA,
      headline: `${status} bodies fail the error schema (${first.path || '(root)'}: expected ${first.expected}, actual ${first.actual})`,
      fix: `${schemaFile(ERROR_SCHEMA)} if the target's error body is right, else the target's error handler`,
    };
  }
  const ref = status in op.responses ? op.responses[status] : undefined;
  const missing = bodyFindings.filter((f) => f.expected === 'a required field');
  if (ref && missing.length) {
    for (const f of missing) {
      // A rename keeps the value: only an undeclared field whose value the missing field's schema accepts is a candidate.
      const entry = requiredRef(ref, parentOf(f.path), leaf(f.path));
      const accepts = entry ? validator(entry) : undefined;
      const parent = valueAt(exchange.json, parentOf(f.path)) as Record<string, unknown>;
      const added = accepts ? undeclaredKeys(ref, exchange.json, parentOf(f.path)).filter((key) => accepts(parent[key])) : [];
      if (added.length) {
        const pointer = requiredAt(ref, parentOf(f.path), leaf(f.path));
        const renamed = `renamed ${leaf(f.path)} → ${added.join(' | ')}?`;
        return { cause: 'field_renamed', subject: `${pointer} ${renamed}`, headline: renamed, fix: `${pointer} (rename the field) if the target is right` };
      }
    }
    const pointer = requiredAt(ref, parentOf(missing[0].path), leaf(missing[0].path));
    return {
      cause: 'field_missing',
      subject: pointer,
      headline: `required ${leaf(missing[0].path)} is missing`,
      fix: `${pointer} (make it optional) if the target is right, else the target`,
    };
  }
  const typed = bodyFindings.find((f) => TYPE_LIKE.test(f.expected));
  if (ref && typed) {
    const pointer = typeAt(ref, typed.path);
    return {
      cause: 'type_mismatch',
      subject: pointer,
      headline: `${star(typed.path)} is ${typed.actual}, the schema wants ${typed.expected}`,
      fix: `${pointer} if the target is right, else the target`,
    };
  }
  const first = findings[0] ?? { check: 'unknown', path: '', expected: '', actual: '' };
  return {
    cause: 'other',
    subject: `${first.check} ${op.id}`,
    headline: `${first.check}: ${name} at ${first.path || '(root)'} expected ${first.expected}, actual ${first.actual}`,
    fix: `the target's behaviour for ${call} (see the check ${first.check})`,
  };
}
