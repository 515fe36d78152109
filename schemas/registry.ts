import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { timestampKeyword } from './timestamps';

/**
 * One Ajv instance per process with every schema file registered once by its `$id`; validators
 * are compiled on first use and cached by Ajv, so a worker compiles each schema at most once.
 */
const SCHEMA_DIR = new URL('.', import.meta.url);

function createAjv(): Ajv2020 {
  // verbose: a failed union carries its branches, so a report names them instead of listing every branch's errors.
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true, verbose: true });
  addFormats.default(ajv);
  // Annotation only: records whether a definition is documented upstream or inferred by us.
  ajv.addKeyword({ keyword: 'x-provenance', schemaType: 'string', metaSchema: { enum: ['documented', 'inferred'] } });
  // Annotation only: what an inferred definition is inferred from.
  ajv.addKeyword({ keyword: 'x-evidence', schemaType: 'string' });
  ajv.addKeyword(timestampKeyword);
  for (const file of readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    ajv.addSchema(JSON.parse(readFileSync(new URL(file, SCHEMA_DIR), 'utf8')) as object);
  }
  return ajv;
}

export const ajv = createAjv();

export function validator(ref: string): ValidateFunction {
  const fn = ajv.getSchema(ref);
  if (!fn) throw new Error(`schema ${ref} is not registered (check its $id and the catalogue)`);
  return fn;
}

/** The raw schema behind a reference, for generators and the OpenAPI export. */
export function schemaAt(ref: string): Record<string, unknown> {
  const [base, pointer = ''] = ref.split('#');
  const root = ajv.getSchema(base)?.schema;
  if (!root || typeof root !== 'object') throw new Error(`schema ${base} is not registered`);
  let node: unknown = root;
  // A fragment is a JSON pointer written in a URI: each token percent-decoded, then `~1` and `~0` read back as `/` and `~`.
  for (const part of pointer.split('/').filter(Boolean))
    node = (node as Record<string, unknown> | undefined)?.[decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')];
  if (!node || typeof node !== 'object') throw new Error(`no schema at ${ref}`);
  return node as Record<string, unknown>;
}

export function compileAll(): number {
  let count = 0;
  for (const id of Object.keys(ajv.schemas)) {
    const root = ajv.getSchema(id)?.schema as { $defs?: Record<string, unknown> } | undefined;
    for (const def of Object.keys(root?.$defs ?? {})) {
      validator(`${id}#/$defs/${def}`);
      count++;
    }
  }
  return count;
}

export type { ErrorObject };
