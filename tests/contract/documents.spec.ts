import { test, expect, DEFAULT_CHECKS, echoed, verify, persisted, use_after_free, expectPagination } from '../../helpers/test';
import { agreementUpload, documentUpdate } from '../../fixtures/builders-documents';
import { agreementOn } from '../../fixtures/requests/agreements';
import { documentOn } from '../../fixtures/requests/documents';

test.describe('Document', () => {
  test('List pages through the documents of an account without duplicates', { tag: '@contract' }, async ({ api, factory, faker, cfg }) => {
    const account_id = (await factory.account()).id;
    const ids = [
      (await documentOn({ api, factory, faker, cfg }, account_id)).documentId,
      (await documentOn({ api, factory, faker, cfg }, account_id)).documentId,
    ];
    const uploaded = verify(await api.send('agreements.upload', { params: { account_id }, multipart: agreementUpload(faker), purpose: 'setup' }), {
      status: 201,
    });
    ids.push(uploaded.json.document_id);

    const listed = await expectPagination(api, 'documents.list', { account_id }, 2, ids);
    expect(listed.length, 'documents of an account with three').toBe(3);
  });

  test('Detail returns the document as List shows it', { tag: '@contract' }, async ({ api, factory, faker, cfg }) => {
    const { accountId, documentId } = await documentOn({ api, factory, faker, cfg });
    const detail = verify(await api.send('documents.detail', { params: { account_id: accountId, document_id: documentId } }), { status: 200 });
    expect(detail.json, 'Detail body').toMatchObject({ id: documentId, account_id: accountId });
    const list = verify(await api.send('documents.list', { params: { account_id: accountId } }), { status: 200 }).json;
    expect(
      list.results.find((d) => d.id === documentId),
      'the document in List',
    ).toEqual(detail.json);
  });

  test('Update changes name, category and tags, echoing them, and Detail reads the change back', { tag: '@contract' }, async ({ api, factory, faker, cfg }) => {
    const { accountId, documentId } = await documentOn({ api, factory, faker, cfg });
    const params = { account_id: accountId, document_id: documentId };
    const before = verify(await api.send('documents.detail', { params }), { status: 200 }).json;
    const change = documentUpdate(faker);
    // updated_at: never back from `before`, strictly forward where timestamps_conformance can tell.
    const updated = verify(await api.send('documents.update', { params, body: change }), { status: 200, changedIds: [documentId] });
    echoed(updated, change);
    const after = updated.json;
    expect(after, 'fields the update did not name').toMatchObject({ id: before.id, created_at: before.created_at, size_bytes: before.size_bytes });
    persisted(await api.send('documents.detail', { params }), after);
  });

  test('Delete answers 204 with no body; the document is then 404 on Detail and gone from List', { tag: '@contract' }, async ({ api, factory, faker, cfg }) => {
    const { accountId, agreement } = await agreementOn({ api, factory, faker, cfg });
    const kept = (await documentOn({ api, factory, faker, cfg }, accountId)).documentId;
    const params = { account_id: accountId, document_id: agreement.document_id };
    verify(await api.send('documents.delete', { params }), { status: 204 });

    verify(await api.send('documents.detail', { params, purpose: 'after-delete' }), { status: 404 });
    const list = await api.send('documents.list', { params: { account_id: accountId } });
    verify(list, { status: 200, absentIds: [agreement.document_id], presentIds: [kept] }, [...DEFAULT_CHECKS, use_after_free]);
    expect((list.json as { count: number }).count, 'count after the delete').toBe(1);
    verify(await api.send('documents.delete', { params, purpose: 'after-delete' }), { status: 404 });
  });

  test("Detail of another tenant's document answers 404", { tag: '@contract' }, async ({ api, factory, faker, cfg, otherTenant }) => {
    const { accountId, documentId } = await documentOn({ api, factory, faker, cfg });
    verify(await otherTenant.send('documents.detail', { params: { account_id: accountId, document_id: documentId }, purpose: 'isolation' }), { status: 404 });
  });
});
