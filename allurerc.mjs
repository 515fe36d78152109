import { reportsDir as reportsDirOf } from './helpers/core/config.ts';
import { categories, CAUSES } from './helpers/reporters/report-categories.ts';

/**
 * Allure 3 configuration for `npm run report` (scripts/report.ts): one self-contained HTML file
 * (awesome plugin, singleFile) that opens from disk, mailed or uploaded as a CI artifact as is.
 * Categories are derived from the check definitions (helpers/reporters/report-categories.ts); scripts/report.ts
 * runs Allure with tsx so that this file can read them.
 */
export { categories, CAUSES };

const reportsDir = reportsDirOf();

// A plain object, not allure's defineConfig: importing the `allure` package runs its command line.
export default {
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
        // The API's tree: LOS › group › Group › Operation (helpers/reporters/report-tree.ts); the spec file stays the `suite` label.
        groupBy: ['epic', 'feature', 'story'],
      },
    },
  },
};
