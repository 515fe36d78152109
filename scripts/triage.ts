/**
 * `npm run triage [-- --passed]`: the triage of a sharded run once merged (the workflow's report
 * job): every shard's failure records (reports/.triage/<shard>/) and calls (reports/.calls/<shard>/)
 * grouped into reports/triage.json, then compared with the last green run (reports/changes.json).
 * `--passed` says every shard passed, so a whole green run becomes the new baseline. Failed tests
 * that broke no check (a spec's own expectation, a test timeout) are in the merged JUnit, not here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportsDir as reportsDirOf } from '../helpers/core/config';
import { readCalls } from '../helpers/core/calls';
import { compareWithLastGreen } from '../helpers/triage/triage-changes';
import { readFailureRecords, triage, triageLines } from '../helpers/triage/triage';

const reportsDir = reportsDirOf();
const found = triage(readFailureRecords(reportsDir), readCalls(reportsDir), []);
mkdirSync(reportsDir, { recursive: true });
const file = join(reportsDir, 'triage.json');
writeFileSync(file, JSON.stringify({ causes: found.causes }, null, 2));
console.log([...compareWithLastGreen(reportsDir, found, process.argv.includes('--passed')), ...triageLines(found, file)].join('\n'));
if (found.causes.length) process.exitCode = 1;
