import { defineConfig } from 'allure';

/**
 * Allure 3 configuration for `npm run report` (scripts/report.ts): one self-contained HTML file
 * (awesome plugin, singleFile) that opens from disk, mailed or uploaded as a CI artifact as is.
 *
 * Categories sort failed tests by what a person has to do about them. Allure takes the first rule
 * that matches a failed test's message, so the most specific rules come first. The patterns match
 * the messages the suite's own errors produce (helpers/checks.ts: ContractViolation lists each failed
 * check as `✗ <check> at <path>: expected …, actual …`; CheckFailure) and Playwright's network
 * errors. A run stopped before any test (helpers/preflight.ts PreflightError: target unreachable,
 * token rejected) has no test to categorise: the coverage reporter writes it as an Allure global
 * error, shown in the report's Global Errors tab.
 */
const reportsDir = process.env.REPORTS_DIR || 'reports';
const failed = ['failed', 'broken'];

export const categories = [
  {
    name: 'Target unreachable',
    matchers: [{ statuses: failed, message: /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|socket hang up|apiRequestContext\.fetch: Timeout/ }],
  },
  {
    name: 'Server errors (5xx)',
    matchers: [{ statuses: failed, message: /✗ not_a_server_error at status/ }],
  },
  {
    name: 'Auth failures (token rejected, or auth not enforced)',
    matchers: [{ statuses: failed, message: /✗ status_code_conformance at status: expected (?:[^,]*, actual 40[13]\b|40[13](?: or 40[13])*, actual)/ }],
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
