import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { Edit, Finding } from './difference';
import { definitionOf, type Json, type Place } from './schema-view';
import { unescapeToken } from '../schemas/walk';

/**
 * `--write`: applies findings to `schemas/catalogue.ts` and `schemas/*.json`, nothing else. Paths,
 * methods and statuses are entries of the catalogue (the sandbox registers its routes from them);
 * shapes are the JSON Schemas. What a document confirms is marked `"x-provenance": "documented"`.
 */

export interface WriteResult {
  applied: Finding[];
  /** Findings no edit can settle (an operation to add or drop): a person decides. */
  skipped: Finding[];
  files: string[];
  /** Sandbox files that build response bodies by hand and still follow the old shape. */
  handEdits: string[];
}

const ACCOUNT_PREFIX = '/v1/los/accounts/{account_id}/';

/** The catalogue's way of writing a path: nested paths through its ACCOUNT constant. */
function pathLiteral(path: string): string {
  if (path === ACCOUNT_PREFIX) return 'ACCOUNT';
  if (path.startsWith(ACCOUNT_PREFIX)) return `\`\${ACCOUNT}${path.slice(ACCOUNT_PREFIX.length)}\``;
  return `'${path}'`;
}

/** The `{ … }` of an operation's entry, scanning past braces inside string and template literals. */
function entryBounds(text: string, id: string): [number, number] {
  const head = text.indexOf(`'${id}': {`);
  if (head < 0) throw new Error(`schemas/catalogue.ts has no entry '${id}'`);
  const start = text.indexOf('{', head + id.length + 2);
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '`') i = text.indexOf(c, i + 1);
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return [start, i + 1];
  }
  throw new Error(`schemas/catalogue.ts: the entry '${id}' does not close`);
}

function editCatalogue(text: string, edit: Extract<Edit, { file: 'catalogue.ts' }>, documented: boolean): string {
  const [start, end] = entryBounds(text, edit.operation);
  let entry = text.slice(start, end);
  const replace = (pattern: RegExp, value: string) => {
    if (!pattern.test(entry)) throw new Error(`schemas/catalogue.ts: the entry '${edit.operation}' has no ${edit.set}`);
    entry = entry.replace(pattern, value);
  };
  if (edit.set === 'path') replace(/\bpath: (ACCOUNT|'[^']*'|`[^`]*`)/, `path: ${pathLiteral(edit.value)}`);
  if (edit.set === 'method') replace(/\bmethod: '[A-Z]+'/, `method: '${edit.value}'`);
  if (edit.set === 'success') replace(/\bsuccess: \d+/, `success: ${edit.value}`);
  if (documented)
    entry = /\bprovenance: '\w+'/.test(entry)
      ? entry.replace(/\bprovenance: '\w+'/, "provenance: 'documented'")
      : `{ provenance: 'documented',${entry.slice(1)}`;
  return text.slice(0, start) + entry + text.slice(end);
}

function nodeAt(root: Json, pointer: string[], create: boolean): Json | undefined {
  let node: Json | undefined = root;
  for (const part of pointer.map(unescapeToken)) {
    if (!node) return undefined;
    if (node[part] === undefined && create) node[part] = {};
    node = node[part] as Json | undefined;
  }
  return node;
}

function editSchema(root: Json, edit: Exclude<Edit, { file: 'catalogue.ts' }>): void {
  if (edit.action === 'inline') {
    const parent = nodeAt(root, edit.pointer.slice(0, -1), false);
    const key = unescapeToken(edit.pointer[edit.pointer.length - 1]);
    const node = parent?.[key] as Json | undefined;
    if (!node || typeof node.$ref !== 'string') return;
    const { $ref: _ref, ...own } = node; // eslint-disable-line @typescript-eslint/no-unused-vars
    parent![key] = { ...edit.value, ...own };
    return;
  }
  if (edit.action === 'replace' || edit.action === 'delete') {
    const parent = nodeAt(root, edit.pointer.slice(0, -1), edit.action === 'replace');
    const key = unescapeToken(edit.pointer[edit.pointer.length - 1]);
    if (!parent) return;
    if (edit.action === 'replace') parent[key] = edit.value;
    else delete parent[key];
    return;
  }
  const node = nodeAt(root, edit.pointer, false);
  if (!node) return;
  const required = new Set((node.required as string[] | undefined) ?? []);
  if (edit.action === 'require') required.add(edit.name);
  else required.delete(edit.name);
  if (required.size) node.required = [...required];
  else delete node.required;
}

async function pretty(file: string, text: string): Promise<string> {
  return format(text, { ...(await resolveConfig(file)), filepath: file });
}

export async function applyFindings(findings: Finding[], options: { root: string; documented: boolean }): Promise<WriteResult> {
  const schemasDir = join(options.root, 'schemas');
  const catalogueFile = join(schemasDir, 'catalogue.ts');
  let catalogue = readFileSync(catalogueFile, 'utf8');
  const schemas = new Map<string, Json>();
  const schema = (file: string): Json => {
    if (!schemas.has(file)) schemas.set(file, JSON.parse(readFileSync(join(schemasDir, file), 'utf8')) as Json);
    return schemas.get(file)!;
  };
  const applied = findings.filter((f) => f.edits.length);
  let catalogueChanged = false;
  for (const finding of applied) {
    for (const edit of finding.edits) {
      if (edit.file === 'catalogue.ts') {
        catalogue = editCatalogue(catalogue, edit as Extract<Edit, { file: 'catalogue.ts' }>, options.documented);
        catalogueChanged = true;
        continue;
      }
      const schemaEdit = edit as Exclude<Edit, { file: 'catalogue.ts' }>;
      editSchema(schema(schemaEdit.file), schemaEdit);
      const definition = definitionOf(schemaEdit as Place);
      const node = definition && nodeAt(schema(schemaEdit.file), definition.pointer, false);
      if (node && options.documented) node['x-provenance'] = 'documented';
    }
  }
  const files: string[] = [];
  if (catalogueChanged) {
    writeFileSync(catalogueFile, await pretty(catalogueFile, catalogue));
    files.push(relative(options.root, catalogueFile));
  }
  for (const [file, root] of schemas) {
    const path = join(schemasDir, file);
    writeFileSync(path, await pretty(path, `${JSON.stringify(root, null, 2)}\n`));
    files.push(relative(options.root, path));
  }
  if (schemas.size || catalogueChanged) files.push(...retype(options.root));
  return {
    applied,
    skipped: findings.filter((f) => !f.edits.length),
    files,
    handEdits: [...new Set(applied.flatMap((f) => f.handEdits ?? []))].sort(),
  };
}

/**
 * A calibrated schema or catalogue retypes the code: the generated body types and the operation map
 * (scripts/schema-types.ts) are written anew, so `npm run typecheck` then fails wherever code relies
 * on a shape or a success status the target does not have. Returns the types folder when it was
 * regenerated.
 */
function retype(root: string): string[] {
  const generator = join(root, 'scripts', 'schema-types.ts');
  if (!existsSync(generator)) return [];
  const run = spawnSync(process.execPath, ['--import', 'tsx', generator], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) throw new Error(`the schemas were written, but regenerating their types failed (run npm run types): ${run.stderr.trim()}`);
  return ['schemas/types/'];
}
