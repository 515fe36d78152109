import { test, expect, echoed, verify, expectPagination } from '../../helpers/test';
import { agreementUpload, generateAgreementRequest } from '../../fixtures/builders-documents';
import { agreementOn } from '../../fixtures/requests/agreements';
import type { Agreement } from '../../schemas/types/agreements';

test.describe('Agreement', () => {
  test(
    'Generate answers 201 with a generated agreement echoing template_id, filed as an agreement document',
    { tag: '@contract' },
    async ({ api, factory, faker }) => {
      const account = await factory.account();
      const request = generateAgreementRequest(faker);
      const created = verify(await api.send('agreements.generate', { params: { account_id: account.id }, body: request }), { status: 201 });
      echoed(created, { template_id: request.template_id });
      const agreement = created.json;
      expect(agreement, 'a generated agreement').toMatchObject({ account_id: account.id, source: 'generated', status: 'generated' });

      const document = verify(await api.send('documents.detail', { params: { account_id: account.id, document_id: agreement.document_id } }), {
        status: 200,
      }).json;
      expect(document, 'the agreement document').toMatchObject({ id: agreement.document_id, account_id: account.id, category: 'agreement' });
    },
  );

  test(
    'Upload takes a multipart PDF and answers 201 with an uploaded agreement whose document is that file',
    { tag: '@contract' },
    async ({ api, factory, faker }) => {
      const account = await factory.account();
      const upload = agreementUpload(faker);
      const created = verify(await api.send('agreements.upload', { params: { account_id: account.id }, multipart: upload }), { status: 201 });
      const agreement = created.json;
      expect(agreement, 'an uploaded agreement').toMatchObject({ account_id: account.id, source: 'uploaded', status: 'uploaded', template_id: null });

      const document = verify(await api.send('documents.detail', { params: { account_id: account.id, document_id: agreement.document_id } }), {
        status: 200,
      }).json;
      expect(document, 'the uploaded file as a document').toMatchObject({
        name: upload.title,
        category: 'agreement',
        mime_type: upload.file.mimeType,
        size_bytes: upload.file.buffer.length,
      });
    },
  );

  test('List pages through the agreements of an account without duplicates, each as created', { tag: '@contract' }, async ({ api, factory, faker, cfg }) => {
    const account_id = (await factory.account()).id;
    const created: Agreement[] = [];
    for (let i = 0; i < 2; i++) created.push((await agreementOn({ api, factory, faker, cfg }, account_id)).agreement);
    created.push(
      verify(await api.send('agreements.upload', { params: { account_id }, multipart: agreementUpload(faker), purpose: 'setup' }), { status: 201 }).json,
    );

    const listed = await expectPagination(
      api,
      'agreements.list',
      { account_id },
      2,
      created.map((a) => a.id),
    );
    expect(listed.length, 'agreements of a new account with three agreements').toBe(3);
    for (const agreement of created)
      expect(
        listed.find((a) => a.id === agreement.id),
        `listed agreement ${agreement.id}`,
      ).toEqual(agreement);
  });

  test("Generate on another tenant's account answers 404", { tag: '@contract' }, async ({ factory, otherTenant, faker }) => {
    const account = await factory.account();
    const foreign = await otherTenant.send('agreements.generate', {
      params: { account_id: account.id },
      body: generateAgreementRequest(faker),
      purpose: 'isolation',
    });
    verify(foreign, { status: 404 });
  });
});
