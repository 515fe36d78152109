import { defineConfig } from '@playwright/test';
import { config, ConfigError } from './helpers/config';

let cfg;
try {
  cfg = config();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}

const CI = !!process.env.CI;
const reportsDir = cfg.reportsDir;

export default defineConfig({
  testDir: 'tests',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  forbidOnly: CI,
  retries: 0,
  workers: process.env.WORKERS ? Number(process.env.WORKERS) : 4,
  timeout: 60_000,
  outputDir: `${reportsDir}/test-results`,
  globalSetup: './helpers/global-setup.ts',
  reporter: [
    [process.env.CONSOLE_REPORTER || (CI ? 'dot' : 'list')],
    ['junit', { outputFile: `${reportsDir}/junit.xml` }],
    [
      'allure-playwright',
      {
        resultsDir: process.env.ALLURE_RESULTS_DIR || 'allure-results',
        detail: false,
        suiteTitle: false,
        environmentInfo: {
          target: cfg.baseUrl,
          sandbox: String(cfg.sandbox),
          faker_seed: String(cfg.fakerSeed),
          run_id: cfg.runId,
          suite_version: process.env.npm_package_version ?? 'dev',
          node: process.version,
        },
      },
    ],
    ['./helpers/coverage-reporter.ts'],
  ],
  use: {
    // Traces would record the Authorization header in clear; the suite attaches its own redacted evidence.
    trace: 'off',
  },
  webServer: cfg.sandbox
    ? {
        command: 'npx tsx sandbox/main.ts',
        url: `http://127.0.0.1:${cfg.sandboxPort}/`,
        env: { SANDBOX_PORT: String(cfg.sandboxPort) },
        reuseExistingServer: !CI,
        timeout: 30_000,
        stdout: 'ignore',
        stderr: 'pipe',
      }
    : undefined,
});
