/**
 * `npm run triage [-- --passed]`: the triage of a sharded run once merged (the workflow's report
 * job): every shard's failure records (reports/.triage/<shard>/) and calls (reports/.calls/<shard>/)
 * grouped into reports/triage.json, then compared with the last green run (reports/changes.json).
 * `--passed` says every shard passed, so a whole green run becomes the new baseline. Failed tests
 * that broke no check (a spec's own expectation, a test timeout) are in the merged JUnit, not here.
 * With GITHUB_STEP_SUMMARY set, the merged run's verdict, causes, coverage and gates go to the job
 * page (run it after `npm run coverage`, whose reports it reads).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportsDir as reportsDirOf } from '../helpers/core/config';
import { readCalls } from '../helpers/core/calls';
import { compareWithLastGreen } from '../helpers/triage/triage-changes';
import { appendStepSummary, gateStates } from '../helpers/triage/step-summary';
import { readFailureRecords, triage, triageLines } from '../helpers/triage/triage';

const reportsDir = reportsDirOf();
const found = triage(readFailureRecords(reportsDir), readCalls(reportsDir), []);
mkdirSync(reportsDir, { recursive: true });
const file = join(reportsDir, 'triage.json');
writeFileSync(file, JSON.stringify({ causes: found.causes }, null, 2));
const passed = process.argv.includes('--passed');
const changes = compareWithLastGreen(reportsDir, found, passed);
console.log([...changes, ...triageLines(found, file)].join('\n'));
const { gates, reasons } = gateStates(reportsDir, process.env.COVERAGE_GATE !== 'off');
appendStepSummary(reportsDir, {
  title: 'LOS conformance (all shards merged)',
  passed: passed && !reasons.length && !found.causes.length,
  reasons: [
    ...(passed ? [] : ['a shard failed (its own summary says why)']),
    ...reasons,
    ...(found.causes.length ? [`${found.causes.length} root cause(s)`] : []),
  ],
  triage: found,
  changes,
  gates: [...gates, ['leftovers', 'checked by each shard (see its summary)']],
});
if (found.causes.length) process.exitCode = 1;
