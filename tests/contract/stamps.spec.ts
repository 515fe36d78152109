import { randomUUID } from 'node:crypto';
import { test, expect, echoed, verify } from '../../helpers/test';
import { stampGenerateRequest, stampUpload } from '../../fixtures/builders-documents';
import { agreementOn, readAgreement, stampedAgreement } from '../../fixtures/requests/agreements';

test.describe('Stamp', () => {
  test('Generate answers 201 with a generated e-stamp for the agreement, which becomes stamped', { tag: '@contract' }, async ({ api, factory, faker, cfg }) => {
    const { accountId, agreement } = await agreementOn({ api, factory, faker, cfg });
    const request = stampGenerateRequest(faker, agreement.id);
    const created = verify(await api.send('stamps.generate', { params: { account_id: accountId }, body: request }), { status: 201 });
    echoed(created, request);
    const stamp = created.json;
    expect(stamp, 'a generated stamp').toMatchObject({ account_id: accountId, status: 'generated' });
    expect(stamp.certificate_number, 'certificate number of a generated e-stamp').toEqual(expect.stringMatching(/\S/));

    const document = verify(await api.send('documents.detail', { params: { account_id: accountId, document_id: stamp.document_id as string } }), {
      status: 200,
    }).json;
    expect(document.category, 'category of the e-stamp paper').toBe('stamp_paper');
    await readAgreement(api, accountId, agreement.id, { status: 'stamped' });
  });

  test(
    'Generate refuses an already stamped agreement with 409 and an unknown agreement with 404',
    { tag: '@contract' },
    async ({ api, factory, faker, cfg }) => {
      const { accountId, agreement } = await stampedAgreement({ api, factory, faker, cfg });
      const again = await api.send('stamps.generate', {
        params: { account_id: accountId },
        body: stampGenerateRequest(faker, agreement.id),
        purpose: 'conflict',
      });
      verify(again, { status: 409 });
      await readAgreement(api, accountId, agreement.id, { status: 'stamped' });

      const unknown = await api.send('stamps.generate', {
        params: { account_id: accountId },
        body: stampGenerateRequest(faker, randomUUID()),
        purpose: 'not-found',
      });
      verify(unknown, { status: 404 });
    },
  );

  test(
    'Upload records a multipart stamp paper as an uploaded stamp, and the agreement becomes stamped',
    { tag: '@contract' },
    async ({ api, factory, faker, cfg }) => {
      const { accountId, agreement } = await agreementOn({ api, factory, faker, cfg });
      const upload = stampUpload(faker, agreement.id);
      const created = verify(await api.send('stamps.upload', { params: { account_id: accountId }, multipart: upload }), { status: 201 });
      echoed(created, { agreement_id: upload.agreement_id, certificate_number: upload.certificate_number, state_code: upload.state_code });
      const stamp = created.json;
      expect(stamp, 'an uploaded stamp').toMatchObject({ account_id: accountId, status: 'uploaded', stamp_amount: Number(upload.stamp_amount) });

      const document = verify(await api.send('documents.detail', { params: { account_id: accountId, document_id: stamp.document_id as string } }), {
        status: 200,
      }).json;
      expect(document, 'the uploaded stamp paper').toMatchObject({
        category: 'stamp_paper',
        mime_type: 'application/pdf',
        size_bytes: upload.file.buffer.length,
      });
      await readAgreement(api, accountId, agreement.id, { status: 'stamped' });
    },
  );

  test('Get Status reports the stamp as Generate created it', { tag: '@contract' }, async ({ api, factory, faker, cfg }) => {
    const { accountId, stamp } = await stampedAgreement({ api, factory, faker, cfg });
    const status = verify(await api.send('stamps.status', { params: { account_id: accountId, stamp_id: stamp.id } }), { status: 200 });
    expect(status.json, 'stamp read back by Get Status').toEqual(stamp);
  });
});
