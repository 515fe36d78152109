import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerFactory } from 'fastify';
import multipart from '@fastify/multipart';
import { ApiError, appendSlash, DJANGO_NOT_FOUND, errorBody, methodNotAllowed, unsupportedMediaType } from './errors';
import { Faults } from './faults/index';
import { answeredMethods, operations, type Operation } from '../schemas/catalogue';
import { matchTemplate } from '../schemas/paths';
import { createRouter, send } from './http';
import { applyNetwork, type NetworkOptions } from './network';
import { routeModules } from './routes/index';
import { SCHEMA_PATH, schemaDocument } from './schema-endpoint';
import { Tenant } from './store';
import { DEFAULT_TENANT_TOKENS } from './tenants';

export interface SandboxOptions {
  /** token → tenant name; two tenants by default. */
  tenants?: Record<string, string>;
  faults?: Faults;
  logger?: boolean;
  /** Latency, throttling, hanging operations (sandbox/network.ts). */
  network?: NetworkOptions;
  /** Serve on this server instead of one of Fastify's own (sandbox/main.ts: one already listening). */
  serverFactory?: FastifyServerFactory;
}

/** Fastify's own 4xx codes, answered with the sandbox's one error body (a 415 as DRF words it, below). */
const FRAMEWORK_ERRORS: Record<string, { status: number; code: string }> = {
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_request' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'parse_error' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'parse_error' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'payload_too_large' },
  FST_PARTS_LIMIT: { status: 413, code: 'payload_too_large' },
  FST_FILES_LIMIT: { status: 413, code: 'payload_too_large' },
  FST_FIELDS_LIMIT: { status: 413, code: 'payload_too_large' },
  FST_ERR_BAD_URL: { status: 400, code: 'bad_request' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'uri_too_long' },
};

const MEDIA_TYPE_ERRORS = new Set(['FST_ERR_CTP_INVALID_MEDIA_TYPE', 'FST_INVALID_MULTIPART_CONTENT_TYPE']);

/** Requests Node's HTTP parser refuses never reach Fastify's handlers; they still get the one error body. */
function clientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'The request headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'The request was not received in time']
        : [400, 'bad_request', 'The request is not valid HTTP'];
  const body = JSON.stringify(errorBody({ status, code, message }));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function tenantsFromEnv(list: string | undefined): Record<string, string> {
  if (!list?.trim()) return Object.fromEntries(Object.entries(DEFAULT_TENANT_TOKENS).map(([name, token]) => [token, name]));
  return Object.fromEntries(list.split(',').map((token, i) => [token.trim(), `tenant-${i + 1}`]));
}

const COPIES = operations.filter((op) => op.copyOf);
/** A URL on one of the catalogue's synthetic copies (LOS_CATALOGUE_COPIES) as the URL of the operation it copies. */
const servedCopy = (url: string): string => {
  const path = url.split('?')[0];
  return COPIES.some((op) => matchTemplate(op.path, path)) ? url.replace(/^\/copy\d+/, '') : url;
};

export function buildSandbox(options: SandboxOptions = {}): FastifyInstance {
  const faults = options.faults ?? new Faults([]);
  const tenantTokens = options.tenants ?? tenantsFromEnv(undefined);
  const tenants = new Map(Object.entries(tenantTokens).map(([token, name]) => [token, new Tenant(name)]));
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    return503OnClosing: false,
    ...(options.serverFactory ? { serverFactory: options.serverFactory } : {}),
    clientErrorHandler: clientError,
    frameworkErrors: (error, request, reply) => answerError(error, request, reply),
    // The catalogue's synthetic copies (LOS_CATALOGUE_COPIES, a benchmark's) are served as the operations they copy.
    ...(COPIES.length ? { rewriteUrl: (request: { url?: string }) => servedCopy(request.url ?? '/') } : {}),
  });
  // JSON operations take JSON only: a text/plain body is a wrong media type (415), not a string to validate.
  app.removeContentTypeParser('text/plain');

  void app.register(multipart);

  function answerError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
    const api = MEDIA_TYPE_ERRORS.has(error.code) ? unsupportedMediaType(request.headers['content-type']) : error instanceof ApiError ? error : undefined;
    if (api) {
      send(reply, faults.rewrite('error', { status: api.status, body: api.body(), headers: api.headers }));
      return;
    }
    const known = FRAMEWORK_ERRORS[error.code] ?? (error instanceof SyntaxError ? { status: 400, code: 'parse_error' } : undefined);
    if (known || (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)) {
      const { status, code } = known ?? { status: error.statusCode ?? 400, code: 'bad_request' };
      // Framework messages quote the request (e.g. a whole over-long path); a glimpse is enough.
      const glimpse = error.message.length > 300 ? `${error.message.slice(0, 300)}…` : error.message;
      const message = code === 'parse_error' ? `JSON parse error - ${glimpse}` : glimpse;
      send(reply, { status, body: errorBody({ status, code, message }), headers: {} });
      return;
    }
    request.log.error(error);
    send(reply, { status: 500, body: errorBody({ status: 500, code: 'internal_error', message: 'The sandbox failed to answer this request' }), headers: {} });
  }
  app.setErrorHandler(answerError);

  // As Django and DRF route: a known path without the method is DRF's 405; a path that is known once
  // a slash is appended is redirected there (APPEND_SLASH; DRF's routers take no dot in an id, so
  // `…/accounts/..` is no route); any other URL is Django's HTML 404.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const servedAt = (op: Operation) => faults.path(op.id, op.path);
    const allow = answeredMethods(path, servedAt);
    if (allow.length) {
      const error = methodNotAllowed(request.method, allow);
      send(reply, faults.rewrite('error', { status: error.status, body: error.body(), headers: error.headers }));
    } else {
      send(
        reply,
        faults.rewrite(
          'error',
          !path.endsWith('/') && !path.includes('.') && answeredMethods(`${path}/`, servedAt).length ? appendSlash(request.url) : DJANGO_NOT_FOUND,
        ),
      );
    }
  });

  app.get('/', async () => ({ name: 'los-sandbox', status: 'ok', faults: faults.active }));
  app.get(SCHEMA_PATH, async () => schemaDocument(faults));

  applyNetwork(app, options.network ?? {});
  for (const intercept of faults.interceptors) {
    app.addHook('onRequest', async (request, reply) => {
      const answer = await intercept({ method: request.method, path: request.url.split('?')[0] });
      if (answer) send(reply, answer);
      return answer ? reply : undefined;
    });
  }
  if (faults.has('latency')) app.addHook('onSend', async () => new Promise((resolve) => setTimeout(resolve, 40)));

  const router = createRouter(app, tenants, faults);
  for (const register of routeModules) register(router);
  return app;
}
