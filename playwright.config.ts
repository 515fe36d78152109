import { readFileSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { allureResultsDir } from './helpers/checks/allure-evidence';
import { config, ConfigError } from './helpers/core/config';
import { startSandbox, startsTests } from './helpers/sandbox-process';

let cfg;
try {
  cfg = config();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}

// Started now, while Playwright loads the specs, instead of after them as its webServer would; global setup waits for it.
if (cfg.sandbox && startsTests()) startSandbox(cfg);

const CI = !!process.env.CI;
const reportsDir = cfg.reportsDir;
const suiteVersion = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version;
// The report names the target without credentials, even if someone put them in the URL.
const target = Object.assign(new URL(cfg.baseUrl), { username: '', password: '' }).href.replace(/\/$/, '');

export default defineConfig({
  testDir: 'tests',
  testMatch: '**/*.spec.ts',
  // Reads of records the tenant already has: only worth running (and only safe to judge) in READ_ONLY mode.
  testIgnore: cfg.readOnly ? [] : ['**/read-only/**'],
  fullyParallel: true,
  forbidOnly: CI,
  retries: 0,
  workers: cfg.workers,
  timeout: 60_000,
  outputDir: `${reportsDir}/test-results`,
  globalSetup: './helpers/global-setup.ts',
  // In this order: the leftovers scan still needs the sandbox.
  globalTeardown: ['./scripts/leftovers.ts', './helpers/sandbox-process.ts'],
  reporter: [
    // First: it redacts the runner's console and every error before any other reporter sees them.
    ['./helpers/reporters/redact-reporter.ts'],
    // A short console: the first failure of each cause in full, one line for every other (CONSOLE_REPORTER=list for all).
    [process.env.CONSOLE_REPORTER || './helpers/reporters/console-reporter.ts'],
    ['junit', { outputFile: `${reportsDir}/junit.xml` }],
    // After JUnit: a preflight stop becomes a failed testcase in junit.xml.
    ['./helpers/reporters/preflight-reporter.ts'],
    ['html', { outputFolder: `${reportsDir}/playwright-report`, open: 'never' }],
    // Sharded CI runs (BLOB_REPORT=1) also write a blob for `playwright merge-reports`.
    ...(process.env.BLOB_REPORT ? [['blob', { outputDir: `${reportsDir}/blob-report` }] as const] : []),
    [
      './helpers/reporters/allure-reporter.ts',
      {
        resultsDir: allureResultsDir(),
        detail: false,
        suiteTitle: true,
        globalLabels: { epic: 'LOS' },
        environmentInfo: {
          target,
          sandbox: String(cfg.sandbox),
          faker_seed: String(cfg.fakerSeed),
          run_id: cfg.runId,
          suite_version: suiteVersion,
          ...(process.env.GITHUB_SHA ? { commit: process.env.GITHUB_SHA } : {}),
          node: process.version,
        },
      },
    ],
    ['./helpers/reporters/coverage-reporter.ts'],
    ['./helpers/reporters/checks-reporter.ts'],
    // Last, so the root causes close the console.
    ['./helpers/reporters/triage-reporter.ts'],
  ],
  use: {
    // Traces would record the Authorization header in clear; the suite attaches its own redacted evidence.
    trace: 'off',
  },
});
