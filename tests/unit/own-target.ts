import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sandboxWorkers } from '../../helpers/core/config';
import { buildSandbox, type SandboxOptions } from '../../sandbox/server';
import { DEFAULT_TENANT_TOKENS } from '../../sandbox/tenants';

export interface OwnTarget {
  app: FastifyInstance;
  /** The sandbox's address, as BASE_URL takes it. */
  url: string;
  /** A temporary folder of this test's own; removed by close(). */
  dir: string;
  /** The environment of a suite run against this sandbox, with `overrides` on top. */
  env(overrides?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/**
 * A sandbox of one unit test's own on a free loopback port, and a temporary folder. Suite runs the
 * test starts with `env()` reach the sandbox as a remote target (BASE_URL and the two default
 * tenants' tokens), keep their reports and Allure results in the folder, print plain text out of
 * CI mode, leave the coverage gate off (a partial run would fail it) and use the bundled sandbox's
 * workers. `extend` adds to the sandbox (a hook, a route) before it listens.
 */
export async function ownTarget(name: string, options: SandboxOptions = {}, extend?: (app: FastifyInstance) => void): Promise<OwnTarget> {
  const app = buildSandbox(options);
  extend?.(app);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const dir = mkdtempSync(join(tmpdir(), `los-${name}-`));
  return {
    app,
    url,
    dir,
    env: (overrides = {}) => ({
      ...process.env,
      CI: '',
      FORCE_COLOR: '0',
      BASE_URL: url,
      API_TOKEN: DEFAULT_TENANT_TOKENS['tenant-a'],
      ISOLATION_TOKEN: DEFAULT_TENANT_TOKENS['tenant-b'],
      REPORTS_DIR: join(dir, 'reports'),
      ALLURE_RESULTS_DIR: join(dir, 'allure-results'),
      COVERAGE_GATE: 'off',
      // Loopback answers at once: the run is CPU-bound as against the bundled sandbox, not latency-bound as against a remote target.
      WORKERS: String(sandboxWorkers(availableParallelism())),
      ...overrides,
    }),
    async close() {
      // A held request (a hanging or timed-out one) must not keep the sandbox from closing.
      app.server.closeAllConnections();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
