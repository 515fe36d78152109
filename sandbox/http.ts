import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { operation, type Operation, type OperationId } from '../schemas/catalogue';
import { toFastifyPath } from '../schemas/paths';
import { schemaAt, validator } from '../schemas/registry';
import type { Operations } from '../schemas/types/operations';
import { ApiError, badAuthorizationHeader, invalid, notAuthenticated, notFound, tokenNotValid, unsupportedMediaType } from './errors';
import { fieldErrors } from './field-messages';
import type { Result, SandboxReply, Seams } from './fault-kit';
import type { Faults } from './faults/index';
import type { Tenant } from './store';

type Served<Id extends OperationId> = Operations[Id];

/** What a call of `Id` sends, as the schema types it: its JSON body or its multipart form (the file's field holds the file name); an operation that takes neither gets an empty object. */
export type Body<Id extends OperationId> = [Served<Id>['request'] | Served<Id>['form']] extends [never]
  ? Record<string, never>
  : Served<Id>['request'] | Served<Id>['form'];

/** The query parameters `Id` reads, integers already numbers, as the schema types them. */
export type Query<Id extends OperationId> = [Served<Id>['query']] extends [never] ? Record<string, never> : Served<Id>['query'];

type SuccessBody<Id extends OperationId> = Served<Id>['responses'][Served<Id>['success'] & keyof Served<Id>['responses']];

/** What a handler of `Id` answers: the body of its success status, typed by that status's schema (none for a 204). */
export type Answer<Id extends OperationId> = [SuccessBody<Id>] extends [undefined] ? { body?: undefined } : { body: SuccessBody<Id> };

/** What a route handler sees: the caller's tenant and the request, already authenticated and validated against the schemas of `Id`. */
export interface Ctx<Id extends OperationId = OperationId> {
  op: Operation<Id>;
  tenant: Tenant;
  params: Record<string, string>;
  query: Query<Id>;
  body: Body<Id>;
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

export type Handler<Id extends OperationId> = (ctx: Ctx<Id>) => Answer<Id> | Promise<Answer<Id>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/** Routes each operation to its handler; the operation id alone types what the handler reads and answers. */
export interface Router {
  handle<Id extends OperationId>(id: Id, handler: Handler<Id>): void;
}

function check(ref: string, value: unknown): void {
  const validate = validator(ref);
  if (!validate(value)) throw invalid(fieldErrors(validate.errors, value), value);
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
  if (!req.isMultipart()) throw unsupportedMediaType(req.headers['content-type']);
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
    throw new ApiError(400, 'parse_error', `Multipart form parse error - ${(error as Error).message}`);
  }
  for (const file of files) {
    if (file.mimetype !== 'application/pdf')
      throw invalid([{ path: `/${file.field}`, message: `Upload a valid PDF. The file you uploaded was ${file.mimetype}.` }]);
  }
  return { fields, files };
}

export function createRouter(app: FastifyInstance, tenants: ReadonlyMap<string, Tenant>, faults: Faults): Router {
  const own: Seams = {
    // As simplejwt's JWTAuthentication: another scheme is no credentials at all, a Bearer header must hold exactly one token.
    authenticate: (header) => {
      const parts = header?.trim().split(/\s+/) ?? [];
      if (parts[0] !== 'Bearer') throw notAuthenticated();
      if (parts.length !== 2) throw badAuthorizationHeader();
      const tenant = tenants.get(parts[1]);
      if (!tenant) throw tokenNotValid();
      return tenant;
    },
    validate: check,
    dispatch: (run, tenant) => run(tenant),
  };

  return {
    handle<Id extends OperationId>(id: Id, handler: Handler<Id>) {
      const op = operation(id);
      const { authenticate, validate, dispatch } = faults.seams(id, own, [...tenants.values()]);
      app.route({
        method: op.method,
        url: toFastifyPath(faults.path(id, op.path)),
        handler: async (req: FastifyRequest, reply: FastifyReply) => {
          const tenant = authenticate(req.headers.authorization);
          const params = req.params as Record<string, string>;
          for (const value of Object.values(params)) {
            if (!UUID.test(value)) throw notFound();
          }
          const query = op.query ? coerceQuery(op.query, req.query as Record<string, unknown>) : {};
          if (op.query) check(op.query, query);
          let body: unknown = {};
          let files: UploadedFile[] = [];
          if (op.request?.contentType === 'multipart/form-data') {
            ({ fields: body, files } = await readMultipart(req));
          } else if (op.request) {
            if (req.isMultipart()) throw unsupportedMediaType(req.headers['content-type']);
            // No body at all is an empty action; a JSON `null` is a body, and not an object.
            body = req.body === undefined ? {} : req.body;
          }
          if (op.request) validate(op.request.schema, body);
          const url = `${req.protocol}://${req.headers.host ?? 'localhost'}${req.url.split('?')[0]}`;
          const run = async (as: Tenant): Promise<Result> =>
            handler({ op, tenant: as, params, query: query as Query<Id>, body: body as Body<Id>, files, faults, url });
          const result = await dispatch(run, tenant);
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
  } else if (typeof out.body === 'string' && Object.keys(out.headers).some((name) => name.toLowerCase() === 'content-type')) {
    // A page of the framework's own (Django's HTML 404), sent as it is.
    void reply.send(out.body);
  } else {
    void reply.type('application/json; charset=utf-8').send(JSON.stringify(out.body));
  }
}
