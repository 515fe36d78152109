/**
 * TypeScript types for the request and response bodies, generated from schemas/*.json with
 * json-schema-to-typescript into schemas/types/<file>.ts, one module per schema file, so the sandbox,
 * the fixtures and the helpers type their records from the contract itself: changing a field's
 * type in a schema fails `tsc` wherever code relies on the old one. schemas/types/operations.ts maps
 * each catalogue operation to its JSON request body, multipart form, query, success status and
 * response bodies, so the operation id a call names selects the types of what it sends and gets back
 * (helpers/core/exchange.ts), and the id a sandbox handler serves those of what it reads and answers
 * (sandbox/http.ts).
 *
 *   tsx scripts/schema-types.ts           write the modules (npm run types)
 *   tsx scripts/schema-types.ts --check   fail, naming the stale files, when they differ (npm run typecheck)
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import { format, resolveConfig } from 'prettier';
import { operations } from '../schemas/catalogue';

const SCHEMAS = fileURLToPath(new URL('../schemas/', import.meta.url));
const OUT = join(SCHEMAS, 'types');
const pascal = (file: string): string => file.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase());

type Schema = Record<string, unknown>;

/**
 * json-schema-to-typescript drops an `allOf` that has `properties` beside it, so a list came out
 * without its envelope (`count`, `next`, `previous`). For the types only (Ajv reads the files as they
 * are), the sibling keywords become the first member of the `allOf`: the record type then comes
 * first in the intersection, and `results` reads as the records rather than the envelope's unknown[].
 */
function foldAllOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(foldAllOf);
  if (!node || typeof node !== 'object') return node;
  const schema = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, foldAllOf(value)])) as Schema;
  if (!Array.isArray(schema.allOf) || !('properties' in schema)) return schema;
  const { properties, required, additionalProperties, ...rest } = schema;
  const own = { type: 'object', properties, ...(required ? { required } : {}), ...(additionalProperties === undefined ? {} : { additionalProperties }) };
  return { ...rest, allOf: [own, ...schema.allOf] };
}

/** The type each definition of a schema file became: json-schema-to-typescript names it in a comment above it. */
function definedTypes(root: string, ts: string): Map<string, string> {
  const found = new Map<string, string>();
  const pattern = new RegExp(
    `referenced by \`${root}\`'s JSON-Schema\\n \\* via the \`definition\` "([^"]+)"\\.\\n \\*/\\nexport (?:interface|type) (\\w+)`,
    'g',
  );
  for (const [, definition, name] of ts.matchAll(pattern)) found.set(definition, name);
  return found;
}

async function generate(file: string): Promise<{ text: string; types: Map<string, string> }> {
  const schema = foldAllOf(JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8'))) as Schema;
  const root = pascal(file.replace(/\.json$/, ''));
  const ts = await compile({ ...schema, title: root }, root, {
    cwd: SCHEMAS,
    unreachableDefinitions: true,
    additionalProperties: false,
    // Array lengths are Ajv's to check: as tuples ([X, ...X[]], one per length up to maxItems) no builder's array would fit without a cast.
    ignoreMinAndMaxItems: true,
    format: false,
    bannerComment: `/* Generated from schemas/${file} by scripts/schema-types.ts (npm run types): edit the schema, not this file. */`,
    // Cross-file `$ref`s (`common.json#/$defs/…`) are read from this folder, never fetched.
    $refOptions: { resolve: { http: false } },
  });
  // The file's root only gathers its $defs: it describes no body.
  const bodies = ts.replace(new RegExp(`export interface ${root} \\{\\s*\\[k: string\\]: unknown;?\\s*\\}\\n`), '');
  const path = join(OUT, file.replace(/\.json$/, '.ts'));
  const text = await format(bodies, { ...(await resolveConfig(path)), filepath: path });
  return { text, types: definedTypes(root, text) };
}

/** The generated type of a catalogue schema reference (`…/accounts.json#/$defs/account` → `Accounts.Account`). */
function typeOf(ref: string, types: Map<string, Map<string, string>>): string {
  const [, file, definition] = /\/([a-z-]+)\.json#\/\$defs\/([A-Za-z]+)$/.exec(ref) ?? [];
  const name = file && types.get(`${file}.json`)?.get(definition);
  if (!name) throw new Error(`no generated type for ${ref}: the catalogue names a definition schemas/${file}.json does not have`);
  return `${pascal(file)}.${name}`;
}

/** Per catalogue operation: what it takes (JSON body, multipart form, query), its success status, and the body of each documented status. */
async function operationMap(types: Map<string, Map<string, string>>): Promise<string> {
  const entries = operations.map((op) => {
    const takes = (contentType: string): string => (op.request?.contentType === contentType ? typeOf(op.request.schema, types) : 'never');
    const query = op.query ? typeOf(op.query, types) : 'never';
    const responses = Object.entries(op.responses).map(([status, body]) => `${status}: ${body ? typeOf(body, types) : 'undefined'}`);
    return `  '${op.id}': { request: ${takes('application/json')}; form: ${takes('multipart/form-data')}; query: ${query}; success: ${op.success}; responses: { ${responses.join('; ')} } };`;
  });
  const used = [...new Set(entries.join('\n').match(/\b[A-Z][A-Za-z]*(?=\.)/g))].sort();
  const modules = [...types.keys()].map((file) => file.replace(/\.json$/, '')).filter((file) => used.includes(pascal(file)));
  const path = join(OUT, 'operations.ts');
  const text = [
    '/* Generated from schemas/catalogue.ts and schemas/*.json by scripts/schema-types.ts (npm run types): edit those, not this file. */',
    ...modules.map((file) => `import type * as ${pascal(file)} from './${file}';`),
    '',
    '/**',
    ' * Per catalogue operation: `request`, the JSON body it takes (`never` for none or a multipart form);',
    ' * `form`, the fields of the multipart form it takes, as its schema types them (`never` for none);',
    ' * `query`, the query parameters it reads (`never` for none); `success`, its success status;',
    ' * `responses`, the body of each documented status (`undefined` for none).',
    ' */',
    'export interface Operations {',
    ...entries,
    '}',
    '',
  ].join('\n');
  return format(text, { ...(await resolveConfig(path)), filepath: path });
}

const check = process.argv.includes('--check');
const stale: string[] = [];
const write = (path: string, text: string): void => {
  if (!check) writeFileSync(path, text);
  else if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.push(path);
};
mkdirSync(OUT, { recursive: true });
const types = new Map<string, Map<string, string>>();
for (const file of readdirSync(SCHEMAS)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const generated = await generate(file);
  types.set(file, generated.types);
  write(join(OUT, file.replace(/\.json$/, '.ts')), generated.text);
}
write(join(OUT, 'operations.ts'), await operationMap(types));
if (stale.length) {
  console.error(`generated schema types are out of date (run npm run types and commit them):\n  ${stale.join('\n  ')}`);
  process.exit(1);
}
