import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { DEFAULT_SANDBOX_PORT, LISTENING, PORT_IN_USE_EXIT } from './tenants';

/**
 * `npm run sandbox`: SANDBOX_PORT (4010), SANDBOX_TOKENS (comma list, one tenant each), SANDBOX_FAULTS,
 * SANDBOX_LATENCY_MS, SANDBOX_THROTTLE_EVERY, SANDBOX_RETRY_AFTER_S, SANDBOX_HANG (sandbox/network.ts).
 *
 * It listens first and loads the sandbox after: requests that come in the meantime wait and are
 * answered once it is ready, so a client polling for it (Playwright's webServer asks at 0.1, 0.35 and
 * 0.85 s, then every second) is answered as soon as it is.
 *
 * SANDBOX_LIFELINE=stdin (set by the run that starts it, helpers/sandbox-process.ts): it stops when its
 * stdin ends, that is when the process holding the other end does, however that one ends.
 */
const port = Number(process.env.SANDBOX_PORT || DEFAULT_SANDBOX_PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`SANDBOX_PORT="${process.env.SANDBOX_PORT}" is not a port number`);
  process.exit(2);
}
const host = process.env.SANDBOX_HOST || '127.0.0.1';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
const held: Array<Parameters<Handler>> = [];
let handle: Handler | undefined = undefined;
const server = createServer();
let stop = (): void => process.exit(0);
if (process.env.SANDBOX_LIFELINE === 'stdin') process.stdin.on('end', () => stop()).resume();
server.on('request', (request: IncomingMessage, response: ServerResponse) => (handle ? handle(request, response) : held.push([request, response])));
try {
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(
    code === 'EADDRINUSE' ? `SANDBOX_PORT ${port} is in use on ${host}: stop what listens there or set another SANDBOX_PORT` : (error as Error).message,
  );
  process.exit(code === 'EADDRINUSE' ? PORT_IN_USE_EXIT : 2);
}

const [{ Faults }, { networkFromEnv }, { buildSandbox, tenantsFromEnv }] = await Promise.all([
  import('./faults/index'),
  import('./network'),
  import('./server'),
]);
let faults: InstanceType<typeof Faults>;
let network: ReturnType<typeof networkFromEnv>;
try {
  faults = Faults.parse(process.env.SANDBOX_FAULTS);
  network = networkFromEnv(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
let fastifyHandler: Handler | undefined;
const app = buildSandbox({
  tenants: tenantsFromEnv(process.env.SANDBOX_TOKENS),
  faults,
  network,
  serverFactory: (handler) => {
    fastifyHandler = handler;
    return server;
  },
});
await app.ready();
handle = fastifyHandler;
for (const [request, response] of held.splice(0)) handle?.(request, response);
const address = server.address();
const url =
  typeof address === 'object' && address ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}` : String(address);
console.log(`${LISTENING}${url}${faults.active.length ? ` with faults: ${faults.active.join(', ')}` : ''}`);
stop = () => void app.close().then(() => process.exit(0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop());
