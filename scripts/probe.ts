import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { request } from '@playwright/test';
import { ConfigError, loadDotenv, parseConfig, type Config } from '../helpers/core/config';
import { networkNotices, requestContextOptions } from '../helpers/net/network';
import { redact, redactJson } from '../helpers/core/redact';
import { buildSandbox } from '../sandbox/server';
import { ROOT } from '../calibrate/catalogue-source';
import { probe, probeTable } from '../calibrate/probe';
import { applyFindings } from '../calibrate/write';

/**
 * `npm run probe [-- --write]`: which catalogued routes the target (BASE_URL; the bundled sandbox
 * when unset) has, read-only: no credentials, no bodies. Prints a table, writes reports/probe.json.
 * Exit 0 = every operation has its route, 1 = some do not (or cannot be told), 2 = bad settings.
 * `--write` sets the learnt 4xx error body in its one place (schemas/common.json#/$defs/error).
 */
async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { write: { type: 'boolean' } } });
  loadDotenv();
  // The probe sends no credentials, so it needs no token: only the run's other settings.
  const cfg: Config = parseConfig({ ...process.env, API_TOKEN: process.env.API_TOKEN?.trim() || 'probe-sends-no-token', ISOLATION_TOKEN: undefined });
  const concurrency = Number(process.env.PROBE_CONCURRENCY ?? 4);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32)
    throw new ConfigError([`PROBE_CONCURRENCY="${process.env.PROBE_CONCURRENCY}" is not a whole number between 1 and 32.`]);

  const sandbox = cfg.sandbox ? buildSandbox() : undefined;
  if (sandbox) cfg.baseUrl = await sandbox.listen({ host: '127.0.0.1', port: 0 });
  for (const line of networkNotices(cfg)) console.log(line);
  // Proxies, NO_PROXY, IGNORE_HTTPS_ERRORS and the timeout exactly as a run reaches the target.
  const context = await request.newContext(requestContextOptions(cfg));
  try {
    const result = await probe(context, cfg, concurrency);
    const out = join(cfg.reportsDir, 'probe.json');
    mkdirSync(cfg.reportsDir, { recursive: true });
    const report = { operations: result.operations, ...(result.errorShape ? { error_shape: result.errorShape.summary } : {}) };
    writeFileSync(out, `${redactJson(report, 2)}\n`);
    console.log(`probe of ${cfg.sandbox ? 'the bundled sandbox' : cfg.baseUrl} (no credentials sent)`);
    console.log(probeTable(result));
    console.log(`written: ${out}`);
    if (values.write && result.errorShape) {
      const written = await applyFindings([result.errorShape], { root: ROOT, documented: false });
      console.log(`--write: the error body is now what the target answers, in ${written.files.join(', ')}`);
    }
    return result.operations.every((p) => p.verdict === 'route') ? 0 : 1;
  } finally {
    await context.dispose();
    await sandbox?.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof ConfigError) && !String((error as { code?: string }).code).startsWith('ERR_PARSE_ARGS')) throw error;
  console.error(`probe: ${redact((error as Error).message)}`);
  process.exitCode = 2;
}
