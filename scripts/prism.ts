import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runChild } from './child';

/** Stoplight Prism, the mock server the bench races the sandbox against and the probe's tests probe. */
export const PRISM_VERSION = '5.14.2';
const PRISM_DIR = resolve(process.env.BENCH_PRISM_DIR || `node_modules/.cache/los-bench/prism-${PRISM_VERSION}`);

function prismEntry(): string {
  const entry = join(PRISM_DIR, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');
  const manifest = join(PRISM_DIR, 'node_modules', '@stoplight', 'prism-cli', 'package.json');
  return existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version === PRISM_VERSION ? entry : '';
}

/** Prism 5.14.2 is the last release that runs on Node 20 (5.15 needs Node 24); ~90 MB, so installed on demand. */
export async function ensurePrism(): Promise<string> {
  const ready = prismEntry();
  if (ready) return ready;
  console.log(`  installing @stoplight/prism-cli@${PRISM_VERSION} into ${PRISM_DIR} (once)`);
  mkdirSync(PRISM_DIR, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = await runChild(
    npm,
    ['install', '--prefix', PRISM_DIR, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `@stoplight/prism-cli@${PRISM_VERSION}`],
    {
      timeoutMs: 300_000,
    },
  );
  if (install.code !== 0 || !prismEntry()) throw new Error(`could not install Prism:\n${install.output.slice(-2000)}`);
  return prismEntry();
}
