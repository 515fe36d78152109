import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { op as operation, operations, type Operation, type OperationId } from '../schemas/catalogue';
import { schemaAt, validator, type ErrorObject } from '../schemas/registry';
import { ApiError, invalid, type FieldError } from './errors';
import { FAULTS, type FaultDefinition, type FaultName, type Faults, type SandboxReply } from './faults';
import { listAcrossTenants, RACE_FAULTS, readAcrossTenants, staleAfterPause } from './faults/checks';
import type { Tenant } from './store';

/** What a route handler sees: the caller's tenant and the request, already authenticated and validated. */
export interface Ctx<B = Record<string, unknown>> {
  op: Operation;
  tenant: Tenant;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: B;
  files: UploadedFile[];
  faults: Faults;
  /** Absolute URL of the path that was called, without query, for pagination links. */
  url: string;
}

export interface UploadedFile {
  field: string;
  filename: string;
  mimetype: string;
  size: number;
}

export interface Result {
  status?: number;
  body?: unknown;
}

export type Handler<B = Record<string, unknown>> = (ctx: Ctx<B>) => Result | Promise<Result>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

export interface Router {
  handle<B = Record<string, unknown>>(id: OperationId, handler: Handler<B>): void;
}

export function toFastifyPath(path: string): string {
  return path.replace(/\{([a-z_]+)\}/g, ':$1');
}

/** Ajv errors as `{ path, message }`, with a missing property named in the path. */
export function fieldErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => ({
    path: e.keyword === 'required' ? `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}` : e.instancePath,
    message: e.message ?? 'is invalid',
  }));
}

function check(ref: string, value: unknown, crashOnWrongType = false): void {
  const validate = validator(ref);
  if (validate(value)) return;
  if (crashOnWrongType && validate.errors?.some((e) => e.keyword === 'type'))
    throw new TypeError('validation_500 fault: a field of the wrong type reached the handler');
  throw invalid(fieldErrors(validate.errors));
}

/** valid_data_rejected fault: validation stricter than the contract, refusing every optional field. */
function refuseOptionalFields(ref: string, body: unknown): void {
  const required = new Set((schemaAt(ref).required as string[] | undefined) ?? []);
  const optional = Object.keys(body as Record<string, unknown>).filter((key) => !required.has(key));
  if (optional.length) throw invalid(optional.map((key) => ({ path: `/${key}`, message: 'is not accepted' })));
}

/** Query strings carry text; turn the values the schema declares as integers into numbers. */
function coerceQuery(ref: string, query: Record<string, unknown>): Record<string, unknown> {
  const properties = (schemaAt(ref).properties ?? {}) as Record<string, { type?: string }>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    out[key] = properties[key]?.type === 'integer' && typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  return out;
}

async function readMultipart(req: FastifyRequest): Promise<{ fields: Record<string, unknown>; files: UploadedFile[] }> {
  if (!req.isMultipart()) throw new ApiError(415, 'unsupported_media_type', 'This operation takes multipart/form-data with a file part');
  const fields: Record<string, unknown> = {};
  const files: UploadedFile[] = [];
  try {
    for await (const part of req.parts({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20 } })) {
      if (part.type === 'file') {
        const content = await part.toBuffer();
        files.push({ field: part.fieldname, filename: part.filename, mimetype: part.mimetype, size: content.length });
        fields[part.fieldname] = part.filename;
      } else {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    // Limits come with their own 4xx; a truncated form or a missing boundary is a plain parser Error, the client's fault all the same.
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) throw error;
    throw new ApiError(400, 'malformed_multipart', `The multipart/form-data body could not be read: ${(error as Error).message}`);
  }
  for (const file of files) {
    if (file.mimetype !== 'application/pdf') throw invalid([{ path: `/${file.field}`, message: `must be a PDF, got ${file.mimetype}` }]);
  }
  return { fields, files };
}

export function createRouter(app: FastifyInstance, tenants: ReadonlyMap<string, Tenant>, faults: Faults): Router {
  /** A behaviour fault is on for this operation (for every operation when its definition names none). */
  const breaks = (name: FaultName, id: OperationId): boolean => faults.has(name) && ((FAULTS[name] as FaultDefinition).operations?.includes(id) ?? true);
  const firstTenant = (): Tenant => tenants.values().next().value as Tenant;

  const authenticate = (req: FastifyRequest, id: OperationId): Tenant => {
    const header = req.headers.authorization;
    if (!header && breaks('auth_not_enforced', id)) return firstTenant();
    if (!header) throw new ApiError(401, 'not_authenticated', 'Authentication credentials were not provided: send Authorization: Bearer <token>');
    const match = /^Bearer ([^\s]+)$/.exec(header);
    const tenant = match ? tenants.get(match[1]) : undefined;
    if (!tenant && match && breaks('wrong_token_accepted', id)) return firstTenant();
    if (!tenant) throw new ApiError(401, 'authentication_failed', 'The bearer token is malformed, expired or unknown');
    return tenant;
  };

  return {
    handle<B>(id: OperationId, handler: Handler<B>) {
      const op = operation(id);
      app.route({
        method: op.method,
        url: toFastifyPath(faults.path(id, op.path)),
        handler: async (req: FastifyRequest, reply: FastifyReply) => {
          let tenant = authenticate(req, id);
          const params = req.params as Record<string, string>;
          for (const [name, value] of Object.entries(params)) {
            if (!UUID.test(value)) throw new ApiError(404, 'not_found', `${name} ${value} was not found`);
          }
          const query = op.query ? coerceQuery(op.query, req.query as Record<string, unknown>) : {};
          if (op.query) check(op.query, query);
          let body: unknown = {};
          let files: UploadedFile[] = [];
          if (op.request?.contentType === 'multipart/form-data') {
            ({ fields: body, files } = await readMultipart(req));
          } else if (op.request) {
            if (req.isMultipart()) throw new ApiError(415, 'unsupported_media_type', 'This operation takes an application/json body');
            // No body at all is an empty action; a JSON `null` is a body, and not an object.
            body = req.body === undefined ? {} : req.body;
          }
          if (op.request && !breaks('negative_data_accepted', id)) check(op.request.schema, body, breaks('validation_500', id));
          if (op.request && breaks('valid_data_rejected', id)) refuseOptionalFields(op.request.schema, body);
          if (RACE_FAULTS.some((name) => breaks(name, id))) tenant = await staleAfterPause(tenant);
          const url = `${req.protocol}://${req.headers.host ?? 'localhost'}${req.url.split('?')[0]}`;
          const run = async (as: Tenant): Promise<Result> => handler({ op, tenant: as, params, query, body: body as B, files, faults, url });
          const result = breaks('cross_tenant_read', id)
            ? await readAcrossTenants(run, tenant, tenants.values())
            : breaks('list_leaks_other_tenant', id)
              ? await listAcrossTenants(run, tenant, tenants.values())
              : await run(tenant);
          const status = result.status ?? op.success;
          send(reply, faults.rewrite(id, { status, body: result.body, headers: {} }));
        },
      });
    },
  };
}

export function send(reply: FastifyReply, out: SandboxReply): void {
  void reply.headers(out.headers).code(out.status);
  if (out.body === undefined || out.status === 204) {
    void reply.send();
  } else {
    void reply.type('application/json; charset=utf-8').send(JSON.stringify(out.body));
  }
}

/** The methods the catalogue declares for a concrete path, to answer 405 with Allow. */
export function allowedMethods(path: string): string[] {
  const methods = operations.filter((o) => new RegExp(`^${o.path.replace(/\{[a-z_]+\}/g, '[^/]+')}$`).test(path)).map((o) => o.method);
  return [...new Set(methods)].sort();
}
