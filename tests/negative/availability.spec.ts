import { test, verify, ensure_resource_availability, use_after_free, checkCase, listOf, readerOf } from '../../helpers/test';
import { prepare } from '../../fixtures/requests/index';
import { operations, title } from '../../schemas/catalogue';
import { paramNames } from '../../schemas/paths';

const pick = (params: Record<string, string> | undefined, names: string[]): Record<string, string> =>
  Object.fromEntries(names.map((name) => [name, (params ?? {})[name]]));

/**
 * ensure_resource_availability on every catalogued create (a POST answering 201): the record is
 * readable right away through the operation that reads it back (its detail, else its list).
 * Creates the catalogue gives no way to read back are skipped, saying so.
 */
for (const create of operations.filter((o) => o.method === 'POST' && o.success === 201)) {
  const reader = readerOf(create);
  test(
    `${title(create)}: the created record is readable right away${reader ? ` through ${title(reader.op)}` : ''}`,
    { tag: '@negative' },
    async ({ api, factory, faker, cfg }) => {
      test.skip(!reader, `the catalogue has no operation that reads back what ${title(create)} creates`);
      const id = create.id;
      const prepared = await test.step('Prepare a valid request', () => prepare(id, { api, factory, faker, cfg }), { box: true });
      // Any create: the body has been checked against its success schema, and every record a create answers has a string id.
      const created = verify(await api.send(id, { ...prepared, purpose: 'availability' }), { status: create.success }).json as { id: string };
      const { op: read, idParam } = reader!;
      const params = { ...pick(prepared.params, paramNames(read.path)), ...(idParam ? { [idParam]: created.id } : {}) };
      const exchange = await api.send(read.id, { params, query: idParam ? undefined : { page_size: 100 }, purpose: 'availability' });
      checkCase(`${title(read)} right after ${title(create)}`, exchange, { status: 200, presentIds: [created.id] }, [ensure_resource_availability]);
    },
  );
}

/**
 * use_after_free on every catalogued delete: once deleted, the record's detail (when the
 * catalogue has one) answers 404, its list no longer carries it, and deleting it again is 404.
 */
for (const remove of operations.filter((o) => o.method === 'DELETE')) {
  const detail = operations.find((o) => o.method === 'GET' && o.path === remove.path);
  const list = listOf(remove);
  test(
    `${title(remove)}: the deleted record is gone${detail ? ` from ${title(detail)}` : ''}${list ? ` and ${title(list)}` : ''}, and a second delete is 404`,
    { tag: '@negative' },
    async ({ api, factory, faker, cfg }) => {
      const id = remove.id;
      const prepared = await test.step('Prepare a record to delete', () => prepare(id, { api, factory, faker, cfg }), { box: true });
      const recordId = prepared.params?.[paramNames(remove.path).at(-1)!] as string;
      verify(await api.send(id, { ...prepared, purpose: 'availability' }), { status: remove.success });
      if (detail) {
        const exchange = await api.send(detail.id, { params: prepared.params, purpose: 'availability' });
        checkCase(`${title(detail)} after ${title(remove)}`, exchange, {}, [use_after_free]);
      }
      if (list) {
        const exchange = await api.send(list.id, {
          params: pick(prepared.params, paramNames(list.path)),
          query: { page_size: 100 },
          purpose: 'availability',
        });
        checkCase(`${title(list)} after ${title(remove)}`, exchange, { status: 200, absentIds: [recordId] }, [use_after_free]);
      }
      const again = await api.send(id, { ...prepared, purpose: 'availability' });
      checkCase(`${title(remove)} of the deleted record`, again, {}, [use_after_free]);
    },
  );
}
