import { ERROR_SCHEMA } from '../schemas/catalogue';
import { schemaAt, validator } from '../schemas/registry';
import { unescapeToken } from '../schemas/walk';
import type { SandboxReply } from './fault-kit';

/**
 * Every 4xx the sandbox answers carries the one error body the catalogue defines (ERROR_SCHEMA,
 * `common.json#/$defs/error`). By default that is Django REST Framework's, and the sandbox answers
 * as DRF does: `{ detail }` (simplejwt's 401s add `code` and `messages`), field errors as DRF's
 * nested map. When probe or calibrate learns another definition, DRF's body no longer satisfies it
 * and the body is built from that definition's fields instead, so correcting it corrects the sandbox too.
 */
export interface FieldError {
  /** JSON pointer of the field in the request body; empty for the body as a whole. */
  path: string;
  message: string;
}

interface ErrorFacts {
  status: number;
  code: string;
  message: string;
  errors?: FieldError[];
  /** Fields DRF's body carries besides `detail` (simplejwt's `code` and `messages`). */
  extra?: Record<string, unknown>;
}

type Role = keyof Omit<ErrorFacts, 'extra'>;

/** What each field of the error definition carries, read from its name first, then from its type. */
export function roleOf(name: string, schema: { type?: unknown }): Role | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'array') return 'errors';
  if (type === 'integer' || type === 'number') return /status|http/i.test(name) ? 'status' : undefined;
  if (/message|detail|description|msg|reason|title/i.test(name)) return 'message';
  if (/code|type|kind|^error$/i.test(name)) return 'code';
  return type === 'string' ? 'message' : undefined;
}

/** DRF's key for the errors of the object as a whole (`NON_FIELD_ERRORS_KEY`). */
const NON_FIELD_ERRORS = 'non_field_errors';

type Tree = Record<string, unknown> | unknown[];

const at = (body: unknown, parts: string[]): unknown =>
  parts.reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), body);

/**
 * Field errors as DRF nests them: `/applicants/1/is_primary` becomes
 * `{ applicants: [{}, { is_primary: [message] }] }`, a list of nested objects holding `{}` for each
 * valid item of the list sent; an item of a list of plain values is keyed by its index
 * (`{ tags: { "0": [message] } }`, as DRF's ListField); the body as a whole is `non_field_errors`.
 */
export function fieldErrorMap(errors: FieldError[], sent?: unknown): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const { path, message } of errors) {
    const parts = path.split('/').slice(1).map(unescapeToken);
    if (!parts.length) parts.push(NON_FIELD_ERRORS);
    let node: Tree = root;
    for (const [i, part] of parts.entries()) {
      const key = Array.isArray(node) ? Number(part) : part;
      const slot = node as Record<string | number, unknown>;
      if (i === parts.length - 1) {
        const messages = Array.isArray(slot[key]) ? (slot[key] as unknown[]) : (slot[key] = []);
        if (!messages.includes(message)) messages.push(message);
        break;
      }
      const next = parts[i + 1];
      const sentList = at(sent, parts.slice(0, i + 1));
      // A list of objects whose item has errors of its own: DRF's ListSerializer answers one entry per item.
      const listOfObjects = /^\d+$/.test(next) && i + 2 < parts.length && Array.isArray(sentList);
      if (slot[key] === undefined || typeof slot[key] !== 'object') {
        slot[key] = listOfObjects ? Array.from({ length: Math.max((sentList as unknown[]).length, Number(next) + 1) }, () => ({})) : {};
      }
      node = slot[key] as Tree;
    }
  }
  return root;
}

let fields: [string, Role, boolean][] | undefined;

/** The body from the fields of a learned error definition, each filled with what its name says it carries. */
function byRole(facts: ErrorFacts): Record<string, unknown> {
  if (!fields) {
    const schema = schemaAt(ERROR_SCHEMA) as { properties?: Record<string, { type?: unknown }>; required?: string[] };
    const required = new Set(schema.required ?? []);
    fields = Object.entries(schema.properties ?? {}).flatMap(([name, property]): [string, Role, boolean][] => {
      const role = roleOf(name, property);
      return role ? [[name, role, required.has(name)]] : [];
    });
  }
  const body: Record<string, unknown> = {};
  for (const [name, role, required] of fields) if (facts[role] !== undefined || required) body[name] = facts[role] ?? [];
  return body;
}

/** DRF's body when the catalogue's error definition takes it, else one built from that definition. */
export function errorBody(facts: ErrorFacts, sent?: unknown): Record<string, unknown> {
  const drf = facts.errors?.length ? fieldErrorMap(facts.errors, sent) : { detail: facts.message, ...facts.extra };
  return validator(ERROR_SCHEMA)(drf) ? drf : byRole(facts);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
    readonly extra?: Record<string, unknown>,
    /** The request body the field errors are about: DRF's map has one entry per item of a list sent. */
    readonly sent?: unknown,
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return errorBody({ status: this.status, code: this.code, message: this.message, errors: this.errors, extra: this.extra }, this.sent);
  }
}

/** DRF answers a missing record with `Not found.` whatever it is; the id stays out of the body as there. */
export const notFound = (): ApiError => new ApiError(404, 'not_found', 'Not found.');
export const conflict = (message: string): ApiError => new ApiError(409, 'conflict', message);
export const invalid = (errors: FieldError[], sent?: unknown): ApiError =>
  new ApiError(400, 'invalid', `Invalid input: ${errors.map((e) => `${e.path || '(body)'} ${e.message}`).join('; ')}`, errors, {}, undefined, sent);

/** The 401s of simplejwt's JWTAuthentication, each with DRF's WWW-Authenticate challenge. */
const CHALLENGE = { 'www-authenticate': 'Bearer realm="api"' };
export const notAuthenticated = (): ApiError => new ApiError(401, 'not_authenticated', 'Authentication credentials were not provided.', undefined, CHALLENGE);
export const badAuthorizationHeader = (): ApiError =>
  new ApiError(401, 'bad_authorization_header', 'Authorization header must contain two space-delimited values', undefined, CHALLENGE, {
    code: 'bad_authorization_header',
  });
export const tokenNotValid = (): ApiError =>
  new ApiError(401, 'token_not_valid', 'Given token not valid for any token type', undefined, CHALLENGE, {
    code: 'token_not_valid',
    messages: [{ token_class: 'AccessToken', token_type: 'access', message: 'Token is invalid or expired' }],
  });

/** DRF's 405: its message names the method; the Allow header lists what the path takes. */
export const methodNotAllowed = (method: string, allow: string[]): ApiError =>
  new ApiError(405, 'method_not_allowed', `Method "${method}" not allowed.`, undefined, { allow: allow.join(', ') });

export const unsupportedMediaType = (contentType: string | undefined): ApiError =>
  new ApiError(415, 'unsupported_media_type', `Unsupported media type "${contentType ?? ''}" in request.`);

/** Django's own page for a URL no route matches (DEBUG off): HTML, not the API's JSON error body. */
export const DJANGO_NOT_FOUND: SandboxReply = {
  status: 404,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: `
<!doctype html>
<html lang="en">
<head>
  <title>Not Found</title>
</head>
<body>
  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>
</body>
</html>
`,
};

/** Django's APPEND_SLASH: a path that matches a route once a slash is appended is sent there, whatever the method. */
export const appendSlash = (url: string): SandboxReply => {
  const [path, query] = url.split(/\?(.*)/s);
  return { status: 301, headers: { location: `${path}/${query ? `?${query}` : ''}`, 'content-type': 'text/html; charset=utf-8' }, body: '' };
};
