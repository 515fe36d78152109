import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { operations, type OperationId } from '../schemas/catalogue';
import { matchOperation } from '../schemas/paths';
import { errorBody } from './errors';

/**
 * How the sandbox behaves as a network, so the suite can be tried against what a real preprod
 * does to it: answers that take time, a quota that throttles, an operation that never answers.
 * These are settings, not contract faults: a conforming suite must stay green with latency and
 * throttling, and must fail (without leaking anything) when an operation hangs.
 */
export interface NetworkOptions {
  /** Every answer is delayed by this much (SANDBOX_LATENCY_MS). */
  latencyMs?: number;
  /** Every Nth request is answered 429 with Retry-After (SANDBOX_THROTTLE_EVERY). */
  throttleEvery?: number;
  /** The Retry-After of a throttled answer, in seconds (SANDBOX_RETRY_AFTER_S, default 1). */
  retryAfterS?: number;
  /** Every Nth request to `failOperations` is answered 502 before it is handled, so nothing changes (SANDBOX_FAIL_EVERY): a flaky gateway. */
  failEvery?: number;
  /** SANDBOX_FAIL_OPS; by default the teardown's writes, Accounts › Drop and CRM › Delete Lead. */
  failOperations?: OperationId[];
  /** Operations that never answer (SANDBOX_HANG=accounts.detail,…): the connection stays open until the client gives up. */
  hang?: OperationId[];
}

export function networkFromEnv(env: NodeJS.ProcessEnv): NetworkOptions {
  const number = (name: string): number | undefined => {
    const raw = env[name]?.trim();
    if (!raw) return undefined;
    if (!/^\d+$/.test(raw)) throw new Error(`${name}="${raw}" is not a whole number`);
    return Number(raw);
  };
  const ids = (name: string): OperationId[] => {
    const list = (env[name] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = list.filter((id) => !operations.some((o) => o.id === id));
    if (unknown.length) throw new Error(`${name} names unknown operation(s): ${unknown.join(', ')}`);
    return list as OperationId[];
  };
  const hang = ids('SANDBOX_HANG');
  const failOperations = ids('SANDBOX_FAIL_OPS');
  return {
    latencyMs: number('SANDBOX_LATENCY_MS'),
    throttleEvery: number('SANDBOX_THROTTLE_EVERY'),
    retryAfterS: number('SANDBOX_RETRY_AFTER_S'),
    hang,
    failEvery: number('SANDBOX_FAIL_EVERY'),
    ...(failOperations.length ? { failOperations } : {}),
  };
}

const operationOf = (request: FastifyRequest): string | undefined => matchOperation(operations, request.method, request.url)?.operation.id;

export function applyNetwork(app: FastifyInstance, options: NetworkOptions): void {
  const { latencyMs = 0, throttleEvery = 0, retryAfterS = 1, hang = [], failEvery = 0, failOperations = ['accounts.drop', 'leads.delete'] } = options;
  let requests = 0;
  const hanging = new Set<Socket>();

  if (hang.length) {
    app.addHook('onRequest', async (request) => {
      const id = operationOf(request);
      if (!id || !hang.includes(id as OperationId)) return;
      hanging.add(request.raw.socket);
      request.raw.socket.once('close', () => hanging.delete(request.raw.socket));
      // Answered never, and never handled (a late handler would change state the client gave up on): the
      // client's timeout ends it, or the sandbox's close below.
      await new Promise<never>(() => undefined);
    });
    app.addHook('preClose', async () => {
      for (const socket of hanging) socket.destroy();
    });
  }

  if (throttleEvery > 0) {
    app.addHook('onRequest', async (request, reply) => {
      if (request.url === '/') return;
      requests += 1;
      if (requests % throttleEvery !== 0) return;
      // Alternates the two forms RFC 9110 allows, so clients are tried on both.
      const retryAfter = (requests / throttleEvery) % 2 === 1 ? String(retryAfterS) : new Date(Date.now() + retryAfterS * 1000).toUTCString();
      return reply
        .code(429)
        .header('retry-after', retryAfter)
        .type('application/json; charset=utf-8')
        .send(
          JSON.stringify(
            errorBody({
              status: 429,
              code: 'throttled',
              message: `Request was throttled. Expected available in ${retryAfterS} second${retryAfterS === 1 ? '' : 's'}.`,
            }),
          ),
        );
    });
  }

  if (failEvery > 0) {
    let failing = 0;
    app.addHook('onRequest', async (request, reply) => {
      const id = operationOf(request);
      if (!id || !failOperations.includes(id as OperationId)) return;
      failing += 1;
      if (failing % failEvery !== 0) return;
      return reply
        .code(502)
        .type('application/json; charset=utf-8')
        .send(
          JSON.stringify({
            code: 'bad_gateway',
            message: 'The gateway could not reach the service; try again',
          }),
        );
    });
  }

  if (latencyMs > 0) app.addHook('onSend', async () => new Promise((resolve) => setTimeout(resolve, latencyMs)));
}
