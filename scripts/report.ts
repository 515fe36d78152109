/**
 * `npm run report`: turns the last run's allure-results into one self-contained HTML file
 * (Allure 3, awesome plugin, singleFile; see allurerc.mjs) that opens straight from disk or from
 * a downloaded CI artifact, and prints where it is. No Java, no server.
 *
 *   ALLURE_RESULTS_DIR (allure-results)  ALLURE_REPORT_DIR (allure-report)  REPORTS_DIR (reports)
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AllureReport, readConfig } from '@allurereport/core';
import { allureResultsDir } from '../helpers/checks/allure-evidence';
import { redact } from '../helpers/core/redact';
import { qualityGateResults } from '../helpers/reporters/report-gates';
import { reportsDir } from '../helpers/core/config';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = resolve(allureResultsDir());
const outputDir = resolve(process.env.ALLURE_REPORT_DIR || 'allure-report');

const files = existsSync(resultsDir) ? readdirSync(resultsDir) : [];
const results = files.filter((f) => f.endsWith('-result.json'));
// A run stopped by its preflight has no test results, only the global error that says why.
if (results.length === 0 && !files.some((f) => f.endsWith('-globals.json'))) {
  console.error(`no Allure results in ${resultsDir}: run the suite first (npm run conformance), then npm run report`);
  process.exit(2);
}

rmSync(outputDir, { recursive: true, force: true });
// What `allure generate` does, plus the run's gates in the Quality Gates tab (helpers/reporters/report-gates.ts).
process.env.REPORTS_DIR = resolve(reportsDir());
const config = await readConfig(root, join(root, 'allurerc.mjs'), { output: outputDir });
try {
  const report = new AllureReport(config);
  await report.start();
  await report.readDirectory(resultsDir);
  report.realtimeDispatcher.sendQualityGateResults(qualityGateResults(await report.store.allTestResults()));
  await report.done();
} catch (error) {
  console.error(`allure generate failed: ${redact((error as Error).message)}`);
  process.exit(1);
}
const index = join(outputDir, 'index.html');
if (!existsSync(index)) {
  console.error(`allure generate wrote no report at ${index}`);
  process.exit(1);
}
// The awesome template loads Google Analytics whenever the page is opened online; a conformance
// report about a partner's tenant stays on the reader's machine, so the page makes no request at all.
writeFileSync(
  index,
  readFileSync(index, 'utf8').replace(
    /<script async src="https:\/\/www\.googletagmanager\.com\/[^"]*"><\/script>\s*<script>[\s\S]*?gtag\('config'[\s\S]*?<\/script>/,
    '',
  ),
);
console.log(`Allure report (${results.length} test results, one file, opens from disk): ${index}\n  ${pathToFileURL(index).href}`);
