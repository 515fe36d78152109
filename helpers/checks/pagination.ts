import { test } from '@playwright/test';
import type { OperationId } from '../../schemas/catalogue';
import type { LosClient } from '../net/api';
import type { ListEnvelope } from '../../schemas/types/common';
import { verify } from './checks';
import { pagination_conformance } from './checks-conformance';
import type { Exchange } from '../core/exchange';
import { pool } from '../core/pool';

/** A listed record: the pagination invariants only need its id. */
type Listed = { id: string } & Record<string, unknown>;

/**
 * Reads a list endpoint page by page with a small page_size, each page held to the contract, and
 * the walk to pagination_conformance (helpers/checks/checks-conformance.ts). Returns every record seen.
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

      const walked: Exchange[] = [];
      for (let page = 1; page <= maxPages; page++) {
        const list = verify(prefetched[page - 1] ?? (await send(page)), { status: 200 });
        walked.push(list);
        if (!(list.json as Partial<ListEnvelope> | undefined)?.next) break;
      }
      verify(walked.at(-1)!, { status: 200, walk: { pageSize, maxPages, created, pages: walked } }, [pagination_conformance]);
      const seen = walked.flatMap((list) => (list.json as { results: Listed[] }).results);
      return seen;
    },
    { box: true },
  );
}
