import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where, in this checkout, an operation is written down and served: for messages that name the line to fix. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CATALOGUE_FILE = join(ROOT, 'schemas', 'catalogue.ts');
export const SCHEMAS_DIR = join(ROOT, 'schemas');

/** `schemas/catalogue.ts:171`: the line that opens the operation's entry. */
export function catalogueEntry(id: string): string {
  const lines = readFileSync(CATALOGUE_FILE, 'utf8').split('\n');
  const index = lines.findIndex((line) => line.trimStart().startsWith(`'${id}': {`));
  return `${relative(ROOT, CATALOGUE_FILE)}:${index + 1}`;
}

/** The sandbox route module that implements an operation (it builds the response bodies by hand). */
export function sandboxFileOf(id: string): string | undefined {
  const dir = join(ROOT, 'sandbox', 'routes');
  const file = readdirSync(dir).find((f) => f.endsWith('.ts') && readFileSync(join(dir, f), 'utf8').includes(`'${id}'`));
  return file && relative(ROOT, join(dir, file));
}
