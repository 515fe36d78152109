/**
 * `npm run coverage`: rebuilds the coverage, latency and drift reports from the call records in
 * REPORTS_DIR/.calls (one sub-folder per shard after a sharded CI run) and applies the gate the
 * reporter skips in a shard: every catalogued LOS operation exercised, every latency budget kept.
 * Exit code 1 when the gate fails (COVERAGE_GATE=off only reports), 2 when there is nothing to judge.
 */
import { reportsDir as reportsDirOf } from '../helpers/core/config';
import { readCalls } from '../helpers/core/calls';
import { aggregate } from '../helpers/triage/coverage';

const reportsDir = reportsDirOf();
const records = readCalls(reportsDir);
if (records.length === 0) {
  console.error(`no call records under ${reportsDir}/.calls: run the suite first (npm run conformance), or download every shard's calls there`);
  process.exit(2);
}
const { failures, lines } = aggregate(reportsDir, records, process.env.COVERAGE_GATE !== 'off');
console.log(lines.join('\n'));
for (const failure of failures) console.log(failure);
process.exitCode = failures.length ? 1 : 0;
