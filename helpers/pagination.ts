import { expect, test } from '@playwright/test';
import type { OperationId } from '../schemas/catalogue';
import type { LosClient } from './api';
import type { ListEnvelope } from '../schemas/types/common';
import { verify } from './checks';
import type { Exchange } from './exchange';
import { pool } from './pool';

/** A listed record: the pagination invariants only need its id. */
type Listed = { id: string } & Record<string, unknown>;

/**
 * Reads a list endpoint page by page with a small page_size and checks the shared pagination
 * invariants: every page honours page_size and all but the last are full, `count` is the same on
 * every page and equals the records seen, `next` is null exactly on the last page, no record
 * appears twice, and every id in `created` is listed. Returns every record seen.
 *
 * The first page's `count` says how many pages there are, so the others are requested at once
 * (CONCURRENCY at a time): against a remote target the walk costs two round trips, not one per
 * page. The pages are then judged in order, as a walk that follows `next` would judge them, so a
 * page the walk never reaches (the target's `count` was wrong) is never held against it.
 */
export function expectPagination(
  api: LosClient,
  id: OperationId,
  params: Record<string, string>,
  pageSize: number,
  created: string[],
  filter: Record<string, string> = {},
): Promise<Listed[]> {
  return test.step(
    `Page through ${id} with page_size ${pageSize}`,
    async () => {
      const send = (page: number): Promise<Exchange> => api.send(id, { params, query: { ...filter, page, page_size: pageSize } });
      // Bounded: twice the pages the created records need, so a server that never ends `next` fails here instead of looping.
      const maxPages = 2 * Math.ceil(Math.max(created.length, 1) / pageSize) + 1;
      const first = await send(1);
      const count = (first.json as Partial<ListEnvelope> | undefined)?.count;
      const announced = typeof count === 'number' ? Math.min(maxPages, Math.ceil(count / pageSize)) : 1;
      const prefetched = [
        first,
        ...(await pool(
          Array.from({ length: Math.max(0, announced - 1) }, (_, i) => i + 2),
          api.concurrency,
          send,
        )),
      ];

      const pages: Listed[][] = [];
      const counts: number[] = [];
      let ended = false;
      for (let page = 1; page <= maxPages; page++) {
        const list = verify(prefetched[page - 1] ?? (await send(page)), { status: 200 });
        const body = list.json as ListEnvelope & { results: Listed[] };
        pages.push(body.results);
        counts.push(body.count);
        expect(body.results.length, `results on page ${page} with page_size ${pageSize}`).toBeLessThanOrEqual(pageSize);
        if (!body.next) {
          ended = true;
          break;
        }
        expect(body.results.length, `page ${page} has a next page, so it is full`).toBe(pageSize);
      }
      const seen = pages.flat();
      const ids = seen.map((r) => r.id);
      expect(ended, `next is null within ${maxPages} pages`).toBe(true);
      expect(
        ids.filter((v, i) => ids.indexOf(v) !== i),
        'records listed on more than one page',
      ).toEqual([]);
      expect(new Set(counts), 'count is the same on every page').toEqual(new Set([seen.length]));
      expect(ids, 'every created record is listed').toEqual(expect.arrayContaining(created));
      return seen;
    },
    { box: true },
  );
}
