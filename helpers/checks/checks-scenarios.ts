import { randomUUID } from 'node:crypto';
import { operations, type Method, type Operation } from '../../schemas/catalogue';
import { lastParam, paramNames } from '../../schemas/paths';

/**
 * What the scenario specs derive from the catalogue alone, so a corrected or added operation is
 * covered without touching a spec: ids for path parameters, which operation reads back what another
 * one created or changed, and which methods a concrete path answers.
 */

/** Path ids that exist nowhere: enough for checks that must be decided before any lookup (auth, method). */
export const randomParams = (op: Operation): Record<string, string> => Object.fromEntries(paramNames(op.path).map((name) => [name, randomUUID()]));

export const isList = (op: Operation): boolean => op.method === 'GET' && /#\/\$defs\/list$/.test(op.responses[op.success] ?? '');

export interface Reader {
  op: Operation;
  /** The path parameter that takes the created record's id (detail readers); lists find it in their results. */
  idParam?: string;
}

/** A detail path in a collection: `<collection>{id}/` or `<collection>{id}/<word>/`. */
function isDetailIn(path: string, collection: string): boolean {
  const last = lastParam(path);
  return last?.before === collection && /^\/([a-z-]+\/)?$/.test(last.after);
}

/**
 * The operation that reads back what a create made: a GET on `<collection>/{id}/` (or
 * `<collection>/{id}/<word>/`, e.g. Stamp > Get Status), else the collection's list. The
 * collection is the create's path without a trailing generate/ or upload/ action, and without
 * the record id when the create acts on a record named in its path (Signing > Upload).
 */
export function readerOf(create: Operation): Reader | undefined {
  let collection = create.path.replace(/(generate|upload)\/$/, '');
  const named = lastParam(collection);
  if (named?.after === '/') collection = named.before;
  const detail = operations.filter((o) => o.method === 'GET' && !isList(o) && isDetailIn(o.path, collection)).sort((a, b) => a.path.length - b.path.length)[0];
  if (detail) return { op: detail, idParam: lastParam(detail.path)!.name };
  const list = operations.find((o) => isList(o) && o.path === collection);
  return list ? { op: list } : undefined;
}

/**
 * The GET that shows what a writing operation would change: the same path, else the nearest
 * ancestor path that has a GET (Accounts > Initiate → Detail, Approval > Approve → Get,
 * Approval > Create → List). Undefined when nothing above the path can be read (CRM leads).
 */
export function rereadOf(op: Operation): Operation | undefined {
  let path = op.path;
  while (path !== '/') {
    const found = operations.find((o) => o.method === 'GET' && o.path === path);
    if (found) return found;
    path = path.replace(/[^/]+\/$/, '');
  }
  return undefined;
}

/**
 * The list that holds the records of an operation's last path parameter: the one the catalogue
 * names (`listedBy`), else the list on the path before that parameter (a record at
 * `…/documents/{document_id}/` belongs to Document › List).
 */
export function listOf(op: Operation): Operation | undefined {
  if (op.listedBy) return operations.find((o) => o.id === op.listedBy);
  const last = lastParam(op.path);
  return last && operations.find((o) => isList(o) && o.path === last.before);
}

/** The id an answer's record carries (every record schema has a string id), or undefined. */
export function idOf(json: unknown): string | undefined {
  const id = json && typeof json === 'object' ? (json as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** The ids of the records a list answer carries, for walks over many list operations alike. */
export function listedIds(json: unknown): string[] {
  const results = json && typeof json === 'object' ? (json as { results?: unknown }).results : undefined;
  return Array.isArray(results) ? results.flatMap((record) => idOf(record) ?? []) : [];
}

export const METHODS: readonly Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
