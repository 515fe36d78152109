import { ERROR_SCHEMA } from '../schemas/catalogue';
import { schemaAt } from '../schemas/registry';

/**
 * Every 4xx the sandbox answers carries the one error body the catalogue defines (ERROR_SCHEMA,
 * `common.json#/$defs/error`; `{ code, message, errors? }` until probe or calibrate learns the real
 * one). The body is built from that definition, so correcting it corrects the sandbox too.
 */
export interface FieldError {
  path: string;
  message: string;
}

interface ErrorFacts {
  status: number;
  code: string;
  message: string;
  errors?: FieldError[];
}

type Role = keyof ErrorFacts;

/** What each field of the error definition carries, read from its name first, then from its type. */
export function roleOf(name: string, schema: { type?: unknown }): Role | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'array') return 'errors';
  if (type === 'integer' || type === 'number') return /status|http/i.test(name) ? 'status' : undefined;
  if (/message|detail|description|msg|reason|title/i.test(name)) return 'message';
  if (/code|type|kind|^error$/i.test(name)) return 'code';
  return type === 'string' ? 'message' : undefined;
}

let fields: [string, Role, boolean][] | undefined;

export function errorBody(facts: ErrorFacts): Record<string, unknown> {
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

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return errorBody({ status: this.status, code: this.code, message: this.message, errors: this.errors });
  }
}

export const notFound = (what: string, id: string): ApiError => new ApiError(404, 'not_found', `${what} ${id} was not found`);
export const conflict = (message: string): ApiError => new ApiError(409, 'conflict', message);
export const invalid = (errors: FieldError[]): ApiError =>
  new ApiError(400, 'validation_error', `The request is invalid: ${errors.map((e) => `${e.path || '(body)'} ${e.message}`).join('; ')}`, errors);
