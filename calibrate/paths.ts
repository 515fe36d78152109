import type { Operation } from '../schemas/catalogue';
import { paramNames, replaceParams, routeKey } from '../schemas/paths';
import { sandboxFileOf } from './catalogue-source';

/**
 * Path templates as the catalogue and its sources write them, read with schemas/paths. Two templates
 * are the same route when they differ only in their parameter names (`{id}` vs `{account_id}`, one
 * routeKey); a trailing slash, a plural or a hyphen is a different route, which is exactly what
 * calibration has to find.
 */

/** An upstream template in the catalogue's words: its parameters renamed to the catalogue's, in order, when they are as many. */
export function inCatalogueTerms(upstream: string, catalogue: string): string {
  const names = paramNames(catalogue);
  if (paramNames(upstream).length !== names.length) return upstream;
  return replaceParams(upstream, (_name, i) => `{${names[i]}}`);
}

/** The sandbox's handlers read path parameters by name: a new path with other names needs them edited. */
export function pathHandEdits(op: Operation, path: string): string[] | undefined {
  const file = sandboxFileOf(op.id);
  return file && paramNames(path).join() !== paramNames(op.path).join() ? [`${file} (path parameters ${paramNames(path).join(', ') || 'none'})`] : undefined;
}

/** A concrete request path as a template: segments that look like ids become `{id}`. */
export function templateOf(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment) || /^\d+$/.test(segment) ? '{id}' : segment))
    .join('/');
}

const segmentsOf = (path: string): string[] => routeKey(path).split('/').filter(Boolean);
const stem = (segment: string): string =>
  segment
    .toLowerCase()
    .replace(/_/g, '-')
    .replace(/(ies)$/, 'y')
    .replace(/s$/, '');

/**
 * How alike two templates are, 0 to 1: segments compared in order from the end (the resource and
 * action live there), a segment that differs only in plural, hyphen or underscore counting most.
 */
export function similarity(a: string, b: string): number {
  const x = segmentsOf(a).reverse();
  const y = segmentsOf(b).reverse();
  const length = Math.max(x.length, y.length);
  if (!length) return 1;
  let score = 0;
  for (let i = 0; i < length; i++) {
    if (x[i] === undefined || y[i] === undefined) continue;
    if (x[i] === y[i]) score += 1;
    else if (stem(x[i]) === stem(y[i])) score += 0.8;
  }
  // Nesting under the account or not shifts the segments: also compare from the start of the shorter one.
  const shifted = segmentsOf(a).filter((s) => segmentsOf(b).includes(s)).length / length;
  return Math.max(score / length, shifted * 0.9);
}

const ACCOUNT_PREFIX = '/v1/los/accounts/{}/';
const API_PREFIX = /^\/v1\/los\//;

/** The usual ways a guessed path is wrong: trailing slash, singular/plural, hyphen/underscore, nesting under the account. */
export function pathVariants(path: string): string[] {
  const variants = new Set<string>();
  const toggleSlash = (p: string) => (p.endsWith('/') ? p.slice(0, -1) : `${p}/`);
  const segments = path.split('/');
  const literal = segments.map((s, i) => ({ s, i })).filter(({ s }) => s && !paramNames(s).length && !/^v\d+$/.test(s) && s !== 'los');
  const base: string[] = [path];
  for (const { s, i } of literal) {
    const forms = new Set<string>([
      s.endsWith('ies') ? `${s.slice(0, -3)}y` : s.endsWith('s') ? s.slice(0, -1) : s.endsWith('y') ? `${s.slice(0, -1)}ies` : `${s}s`,
      s.replace(/-/g, '_'),
      s.replace(/_/g, '-'),
    ]);
    forms.delete(s);
    for (const form of forms) base.push(segments.map((x, j) => (j === i ? form : x)).join('/'));
  }
  // Under the account, `/v1/los/accounts/{…}/` is five segments (the first empty) before the resource's.
  if (routeKey(path).startsWith(ACCOUNT_PREFIX)) base.push(`/v1/los/${segments.slice(5).join('/')}`);
  else if (API_PREFIX.test(path)) base.push(path.replace(API_PREFIX, '/v1/los/accounts/{account_id}/'));
  for (const p of base) {
    variants.add(p);
    variants.add(toggleSlash(p));
  }
  variants.delete(path);
  return [...variants];
}
