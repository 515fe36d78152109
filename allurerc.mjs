import { defineConfig } from 'allure';

/**
 * Allure 3 configuration for `npm run report` (scripts/report.ts): one self-contained HTML file
 * (awesome plugin, singleFile) that opens from disk, mailed or uploaded as a CI artifact as is.
 *
 * Categories sort failed tests by what a person has to do about them: the root cause the triage
 * names (reports/triage.json), else an unreachable target, else any contract violation. Allure
 * takes the first rule that matches a failed test's message. A run stopped before any test (helpers/preflight.ts PreflightError: target unreachable,
 * token rejected) has no test to categorise: the coverage reporter writes it as an Allure global
 * error, shown in the report's Global Errors tab.
 */
const reportsDir = process.env.REPORTS_DIR || 'reports';
const failed = ['failed', 'broken'];

/**
 * One category per root cause (helpers/triage-classify.ts CAUSES, kept equal by
 * tests/unit/report.test.ts): every violation's message carries `cause: <cause>: …`, and a call
 * that ran out of time says `Timeout <n>ms exceeded`.
 */
export const CAUSES = [
  'route_missing',
  'error_shape',
  'field_renamed',
  'field_missing',
  'type_mismatch',
  'status_mismatch',
  'server_error',
  'rate_limited',
  'auth_rejected',
  'timeout',
  'other',
];
const TIMEOUT = /Timeout \d+ms exceeded/;

export const categories = [
  ...CAUSES.map((cause) => ({
    name: `Root cause: ${cause}`,
    matchers: [{ statuses: failed, message: cause === 'timeout' ? TIMEOUT : new RegExp(`^cause: ${cause}:`, 'm') }],
  })),
  {
    name: 'Target unreachable',
    matchers: [{ statuses: failed, message: /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|socket hang up/ }],
  },
  {
    name: 'Contract violations',
    matchers: [{ statuses: failed, message: /^(ContractViolation|CheckFailure):/ }],
  },
];

export default defineConfig({
  name: 'LOS contract conformance',
  output: 'allure-report',
  categories: { rules: categories },
  // Trend and per-test history across runs; CI keeps this file between runs (.github/workflows/conformance.yml).
  historyPath: process.env.ALLURE_HISTORY_PATH || '.los-history/allure-history.jsonl',
  // Labels allure-playwright adds that say nothing about the API under test.
  hideLabels: ['titlePath', 'language', 'framework', 'package', 'host'],
  // Run-wide evidence the coverage reporter writes: latency table, drift warnings, coverage.
  globalAttachments: [`${reportsDir}/latency.md`, `${reportsDir}/drift.md`, `${reportsDir}/coverage.md`],
  plugins: {
    awesome: {
      options: {
        reportName: 'LOS contract conformance',
        singleFile: true,
        reportLanguage: 'en',
        groupBy: ['parentSuite', 'suite', 'subSuite'],
      },
    },
  },
});
