/**
 * TypeScript types for the request and response bodies, generated from schemas/*.json with
 * json-schema-to-typescript into schemas/types/<file>.ts, one module per schema file, so the sandbox,
 * the fixtures and the helpers type their records from the contract itself: changing a field's
 * type in a schema fails `tsc` wherever code relies on the old one.
 *
 *   tsx scripts/schema-types.ts           write the modules (npm run types)
 *   tsx scripts/schema-types.ts --check   fail, naming the stale files, when they differ (npm run typecheck)
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import { format, resolveConfig } from 'prettier';

const SCHEMAS = fileURLToPath(new URL('../schemas/', import.meta.url));
const OUT = join(SCHEMAS, 'types');
const pascal = (file: string): string => file.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase());

async function generate(file: string): Promise<string> {
  const schema = JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')) as Record<string, unknown>;
  const root = pascal(file.replace(/\.json$/, ''));
  const ts = await compile({ ...schema, title: root }, root, {
    cwd: SCHEMAS,
    unreachableDefinitions: true,
    additionalProperties: false,
    format: false,
    bannerComment: `/* Generated from schemas/${file} by scripts/schema-types.ts (npm run types): edit the schema, not this file. */`,
    // Cross-file `$ref`s (`common.json#/$defs/…`) are read from this folder, never fetched.
    $refOptions: { resolve: { http: false } },
  });
  // The file's root only gathers its $defs: it describes no body.
  const bodies = ts.replace(new RegExp(`export interface ${root} \\{\\s*\\[k: string\\]: unknown;?\\s*\\}\\n`), '');
  const path = join(OUT, file.replace(/\.json$/, '.ts'));
  return format(bodies, { ...(await resolveConfig(path)), filepath: path });
}

const check = process.argv.includes('--check');
const stale: string[] = [];
mkdirSync(OUT, { recursive: true });
for (const file of readdirSync(SCHEMAS)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const path = join(OUT, file.replace(/\.json$/, '.ts'));
  const text = await generate(file);
  if (check) {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.push(path);
  } else writeFileSync(path, text);
}
if (stale.length) {
  console.error(`generated schema types are out of date (run npm run types and commit them):\n  ${stale.join('\n  ')}`);
  process.exit(1);
}
