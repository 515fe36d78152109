/**
 * Path templates, as the catalogue writes them: `/v1/los/accounts/{account_id}/approvals/{approval_id}/`.
 * A parameter is `{name}` and stands for the text of one path segment; everything else is literal,
 * the trailing slash included (`…/accounts` is not `…/accounts/`: the sandbox redirects it as
 * Django's APPEND_SLASH does, sandbox/server.ts). Every reading of a template goes through here:
 * its parameter names, filling it in, matching a concrete path, Fastify's syntax and the key that
 * compares routes whatever their parameters are called.
 */

const PARAM = /\{([^{}/]+)\}/g;

/** The template with each parameter replaced by what `fill` makes of its name and position (0 for the first). */
export function replaceParams(template: string, fill: (name: string, index: number) => string): string {
  let index = 0;
  return template.replace(PARAM, (_match, name: string) => fill(name, index++));
}

/** `/v1/los/accounts/{account_id}/approvals/{approval_id}/` → `['account_id', 'approval_id']`. */
export const paramNames = (template: string): string[] => [...template.matchAll(PARAM)].map((m) => m[1]);

/** The template around its last parameter: `/a/{x}/b/` → `{ before: '/a/', name: 'x', after: '/b/' }`; undefined without parameters. */
export function lastParam(template: string): { before: string; name: string; after: string } | undefined {
  const last = [...template.matchAll(PARAM)].at(-1);
  return last && { before: template.slice(0, last.index), name: last[1], after: template.slice(last.index + last[0].length) };
}

/** A concrete path from a template: each parameter's value percent-encoded as one segment; a missing one throws, naming `label`. */
export function expandTemplate(template: string, params: Record<string, string>, label = template): string {
  return replaceParams(template, (name) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${label} needs path parameter ${name}`);
    return encodeURIComponent(value);
  });
}

/** Fastify's syntax for a template: `/accounts/{account_id}/` → `/accounts/:account_id/`. */
export const toFastifyPath = (template: string): string => replaceParams(template, (name) => `:${name}`);

/**
 * A template with its parameter names erased, `/v1/los/accounts/{account_id}/` → `/v1/los/accounts/{}/`:
 * two templates are the same route when their keys are equal, `{id}` and `{account_id}` alike.
 */
export const routeKey = (template: string): string => replaceParams(template, () => '{}');

const escape = (literal: string): string => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const patterns = new Map<string, RegExp>();
/** The template as a regular expression: its literal text as is, each parameter one capture of a segment's text. */
const patternOf = (template: string): RegExp => {
  let pattern = patterns.get(template);
  if (!pattern) {
    // Splitting on a pattern with a capture keeps the names at the odd places; the literals are the rest.
    const literals = template.split(PARAM).filter((_part, i) => i % 2 === 0);
    pattern = new RegExp(`^${literals.map(escape).join('([^/]+)')}$`);
    patterns.set(template, pattern);
  }
  return pattern;
};

const decode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/**
 * The parameters a concrete path gives a template, each percent-decoded (left as sent when that is
 * not valid), or undefined when the path is not one of the template's. A query string is no part of the path.
 */
export function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const found = patternOf(template).exec(path.split('?')[0]);
  return found ? Object.fromEntries(paramNames(template).map((name, i) => [name, decode(found[i + 1])])) : undefined;
}

/**
 * The operation a request is meant for, with its path parameters. Of the operations with its
 * method whose template the path fits, the one with the fewest parameters wins, so a literal segment
 * beats a parameter (`…/approvals/bulk-approve/` is Bulk Approve, not an approval's id); between
 * equals, the first listed.
 */
export function matchOperation<Op extends { method: string; path: string }>(
  operations: readonly Op[],
  method: string,
  path: string,
): { operation: Op; params: Record<string, string> } | undefined {
  let best: { operation: Op; params: Record<string, string>; count: number } | undefined;
  for (const operation of operations) {
    if (operation.method !== method.toUpperCase()) continue;
    const params = matchTemplate(operation.path, path);
    const count = paramNames(operation.path).length;
    if (params && (!best || count < best.count)) best = { operation, params, count };
  }
  return best && { operation: best.operation, params: best.params };
}
