import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDotenv, reportsDir } from '../helpers/core/config';
import { readHar, registerCredentials, UnreadableHar } from '../helpers/net/har';
import { redact } from '../helpers/core/redact';
import { ROOT } from '../calibrate/catalogue-source';
import type { Finding } from '../calibrate/difference';
import { harFindings } from '../calibrate/from-har';
import { openApiFindings } from '../calibrate/from-openapi';
import { readOpenApi, sourceLabel, UnreadableInput } from '../calibrate/openapi-source';
import { calibrationTable, writeCalibration } from '../calibrate/report';
import { applyFindings } from '../calibrate/write';

/**
 * `npm run calibrate -- --openapi FILE|URL [--write]` or `npm run calibrate -- --har FILE… [--write]`:
 * the differences between the catalogue and what the real API documents or was seen doing, as a
 * table per group and `reports/calibration.json`. Exit 0 = none, 1 = differences, 2 = unreadable
 * input. `--write` corrects schemas/catalogue.ts and schemas/*.json.
 */
const USAGE = 'usage: npm run calibrate -- --openapi <file.json|yaml|http(s) URL> [--write]   or   npm run calibrate -- --har <file.har>… [--write]';

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { openapi: { type: 'string' }, har: { type: 'string', multiple: true }, write: { type: 'boolean' } },
    });
  } catch (error) {
    throw new UnreadableInput(`${(error as Error).message}\n${USAGE}`);
  }
  const { openapi, write } = args.values;
  const har = [...(args.values.har ?? []), ...args.positionals];
  if ((openapi === undefined) === (har.length === 0) || (openapi !== undefined && args.positionals.length)) throw new UnreadableInput(USAGE);

  // .env first: a schema URL is fetched with its API_TOKEN and network settings.
  loadDotenv();
  let findings: Finding[];
  let source: string;
  if (openapi !== undefined) {
    findings = openApiFindings(await readOpenApi(openapi));
    source = `openapi:${sourceLabel(openapi)}`;
  } else {
    const entries = har.flatMap((file) => {
      const read = readHar(file);
      registerCredentials(read);
      return read;
    });
    findings = harFindings(entries);
    source = `har:${har.join(',')}`;
  }

  const out = join(reportsDir(), 'calibration.json');
  writeCalibration(out, source, findings);
  console.log(redact(calibrationTable(findings)));
  console.log(`written: ${out}`);
  if (write && findings.length) {
    const result = await applyFindings(findings, { root: ROOT, documented: openapi !== undefined });
    console.log(`--write: applied ${result.applied.length} difference(s) to ${result.files.join(', ') || 'nothing'}`);
    if (result.skipped.length)
      console.log(`  left for a person (no edit settles them): ${result.skipped.map((f) => `${f.kind} ${f.operation ?? f.upstream}`).join('; ')}`);
    if (result.handEdits.length)
      console.log(
        `  the sandbox builds these bodies by hand; edit to follow the new shapes: ${result.handEdits.map((f) => relative(process.cwd(), join(ROOT, f))).join(', ')}`,
      );
    console.log('  paths, methods and statuses: the sandbox and `npm run openapi` follow the catalogue as it is now');
  }
  return findings.length ? 1 : 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UnreadableInput) && !(error instanceof UnreadableHar)) throw error;
  console.error(`calibrate: ${redact(error.message)}`);
  process.exitCode = 2;
}
