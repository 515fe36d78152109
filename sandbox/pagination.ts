import type { Ctx } from './http';

export const DEFAULT_PAGE_SIZE = 20;

/** The shared list envelope: `{ count, next, previous, results }` with page-number links. */
export function paginate<T>(ctx: Pick<Ctx, 'query' | 'url'>, items: T[]): { count: number; next: string | null; previous: string | null; results: T[] } {
  const page = ctx.query.page ?? 1;
  const size = ctx.query.page_size ?? DEFAULT_PAGE_SIZE;
  const start = (page - 1) * size;
  // Absolute URIs, as DRF's PageNumberPagination builds them; the link to the first page has no `page`, as there.
  const link = (p: number): string => {
    const params = new URLSearchParams(
      Object.entries({ ...ctx.query, page: p, page_size: size })
        .filter(([k]) => k !== 'page' || p > 1)
        .map(([k, v]): [string, string] => [k, String(v)]),
    );
    return `${ctx.url}?${params.toString()}`;
  };
  return {
    count: items.length,
    next: start + size < items.length ? link(page + 1) : null,
    previous: page > 1 ? link(Math.min(page - 1, Math.max(1, Math.ceil(items.length / size)))) : null,
    results: items.slice(start, start + size),
  };
}
