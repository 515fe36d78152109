import { Faults } from './faults/index';
import { networkFromEnv, type NetworkOptions } from './network';
import { buildSandbox, tenantsFromEnv } from './server';
import { DEFAULT_SANDBOX_PORT } from './tenants';

/**
 * `npm run sandbox`: SANDBOX_PORT (4010), SANDBOX_TOKENS (comma list, one tenant each), SANDBOX_FAULTS,
 * SANDBOX_LATENCY_MS, SANDBOX_THROTTLE_EVERY, SANDBOX_RETRY_AFTER_S, SANDBOX_HANG (sandbox/network.ts).
 */
const port = Number(process.env.SANDBOX_PORT || DEFAULT_SANDBOX_PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`SANDBOX_PORT="${process.env.SANDBOX_PORT}" is not a port number`);
  process.exit(2);
}
let faults: Faults;
let network: NetworkOptions;
try {
  faults = Faults.parse(process.env.SANDBOX_FAULTS);
  network = networkFromEnv(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const app = buildSandbox({ tenants: tenantsFromEnv(process.env.SANDBOX_TOKENS), faults, network });
const address = await app.listen({ port, host: process.env.SANDBOX_HOST || '127.0.0.1' });
console.log(`LOS sandbox listening on ${address}${faults.active.length ? ` with faults: ${faults.active.join(', ')}` : ''}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
