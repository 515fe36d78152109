import { randomUUID } from 'node:crypto';
import { test, expect, echoed, verify, persisted, sameMoment, expectPagination } from '../../helpers/test';
import { callbackRequest, esignRequest, signedCopyUpload, signingRequest } from '../../fixtures/builders-documents';
import { agreementOn, readAgreement, stampedAgreement } from '../../fixtures/requests/agreements';
import { esignOn, signingOn } from '../../fixtures/requests/esign';

/** A signing link the signer can open: an absolute http(s) URL. */
const expectSigningUrl = (url: string): void => {
  expect(url, 'signing_url').toEqual(expect.any(String));
  expect(new URL(url).protocol, 'signing_url scheme').toMatch(/^https?:$/);
};

test.describe('Sign', () => {
  test(
    'Initiate Esign answers 201 with an initiated request for a stamped agreement, which becomes esign_initiated',
    { tag: '@contract' },
    async ({ api, factory, faker, cfg }) => {
      const { accountId, agreement } = await stampedAgreement({ api, factory, faker, cfg });
      const request = esignRequest(faker, agreement.id);
      const created = verify(await api.send('sign.initiateEsign', { params: { account_id: accountId }, body: request }), { status: 201 });
      // Signers are compared as a subset: the contract lets the server add fields to each one.
      echoed(created, { agreement_id: request.agreement_id });
      const sign = created.json;
      expect(sign.signers, 'signers as sent').toMatchObject(request.signers);
      expect(sign, 'an initiated e-sign').toMatchObject({
        account_id: accountId,
        document_id: agreement.document_id,
        status: 'initiated',
        signed_at: null,
        signed_document_id: null,
      });
      expect(sign.provider_reference, 'provider_reference').toEqual(expect.stringMatching(/\S/));
      expectSigningUrl(sign.signing_url);
      await readAgreement(api, accountId, agreement.id, { status: 'esign_initiated' });

      const refreshed = verify(await api.send('sign.refresh', { params: { account_id: accountId, esign_id: sign.id } }), { status: 200 });
      expect(refreshed.json, 'Refresh of a new e-sign').toEqual(sign);
    },
  );

  test('Initiate Esign refuses an agreement that is not stamped with 409', { tag: '@contract' }, async ({ api, factory, faker, cfg }) => {
    const { accountId, agreement } = await agreementOn({ api, factory, faker, cfg });
    const refused = await api.send('sign.initiateEsign', {
      params: { account_id: accountId },
      body: esignRequest(faker, agreement.id),
      purpose: 'conflict',
    });
    verify(refused, { status: 409 });
    await readAgreement(api, accountId, agreement.id, { status: 'generated' });
  });
});

test.describe('Signing', () => {
  test(
    'Service Callback signs the request: Refresh reports signed and the agreement is signed; a second callback gets 409',
    { tag: '@contract' },
    async ({ api, factory, faker, cfg }) => {
      const { accountId, agreement, signRequest } = await esignOn({ api, factory, faker, cfg });
      const callback = callbackRequest(signRequest.provider_reference, 'signed');
      const answered = verify(await api.send('signing.callback', { body: callback }), { status: 200 });
      echoed(answered, { provider_reference: callback.provider_reference });
      expect(answered.json, 'sign request after the callback').toMatchObject({ id: signRequest.id, status: 'signed' });
      const signedAt = answered.json.signed_at;
      expect(sameMoment(signedAt, callback.signed_at as number), `signed_at ${signedAt} is the sent ${callback.signed_at}, to the target's resolution`).toBe(
        true,
      );

      persisted(await api.send('sign.refresh', { params: { account_id: accountId, esign_id: signRequest.id } }), { status: 'signed', signed_at: signedAt });
      await readAgreement(api, accountId, agreement.id, { status: 'signed' });

      const again = await api.send('signing.callback', { body: callbackRequest(signRequest.provider_reference, 'declined'), purpose: 'conflict' });
      verify(again, { status: 409 });
      persisted(await api.send('sign.refresh', { params: { account_id: accountId, esign_id: signRequest.id } }), { status: 'signed' });
    },
  );

  test('Service Callback records a declined signature, which Refresh reports', { tag: '@contract' }, async ({ api, factory, faker, cfg }) => {
    const { accountId, signRequest } = await esignOn({ api, factory, faker, cfg });
    const callback = callbackRequest(signRequest.provider_reference, 'declined');
    const answered = verify(await api.send('signing.callback', { body: callback }), { status: 200 });
    echoed(answered, { provider_reference: callback.provider_reference });
    expect(answered.json, 'sign request after the callback').toMatchObject({ id: signRequest.id, status: 'declined', signed_at: null });
    persisted(await api.send('sign.refresh', { params: { account_id: accountId, esign_id: signRequest.id } }), { status: 'declined', signed_at: null });
  });

  test('Service Callback answers 404 for a provider_reference no sign request has', { tag: '@contract' }, async ({ api }) => {
    verify(await api.send('signing.callback', { body: callbackRequest(`UNKNOWN-${randomUUID()}`, 'signed'), purpose: 'not-found' }), { status: 404 });
  });

  test('Initiate answers 201 with an initiated sign request for a document of the account', { tag: '@contract' }, async ({ api, factory, faker, cfg }) => {
    const { accountId, agreement } = await agreementOn({ api, factory, faker, cfg });
    const request = signingRequest(faker, agreement.document_id);
    const created = verify(await api.send('signing.initiate', { params: { account_id: accountId }, body: request }), { status: 201 });
    echoed(created, { document_id: request.document_id });
    const sign = created.json;
    expect(sign.signers, 'signers as sent').toMatchObject(request.signers);
    expect(sign, 'an initiated sign request').toMatchObject({ account_id: accountId, status: 'initiated', signed_at: null, signed_document_id: null });
    expectSigningUrl(sign.signing_url);
  });

  test(
    'Upload stores the signed copy as a signed_agreement document and marks the request and agreement signed',
    { tag: '@contract' },
    async ({ api, factory, faker, cfg }) => {
      const { accountId, agreement, signRequest } = await esignOn({ api, factory, faker, cfg });
      const params = { account_id: accountId, signing_id: signRequest.id };
      const upload = signedCopyUpload(faker);
      const uploaded = verify(await api.send('signing.upload', { params, multipart: upload }), { status: 201 }).json;
      expect(uploaded, 'sign request after the signed copy').toMatchObject({ id: signRequest.id, status: 'signed', signed_at: expect.any(Number) });
      expect(uploaded.signed_document_id, 'signed_document_id').toEqual(expect.any(String));

      persisted(await api.send('documents.detail', { params: { account_id: accountId, document_id: uploaded.signed_document_id as string } }), {
        name: upload.title,
        category: 'signed_agreement',
        size_bytes: upload.file.buffer.length,
      });
      persisted(await api.send('sign.refresh', { params: { account_id: accountId, esign_id: signRequest.id } }), uploaded);
      await readAgreement(api, accountId, agreement.id, { status: 'signed' });

      verify(await api.send('signing.upload', { params, multipart: signedCopyUpload(faker), purpose: 'conflict' }), { status: 409 });
    },
  );

  test('List pages through the sign requests of an account without duplicates', { tag: '@contract' }, async ({ api, factory, faker, cfg }) => {
    const ctx = { api, factory, faker, cfg };
    const account_id = (await factory.account()).id;
    const created = [
      (await esignOn(ctx, account_id)).signRequest,
      (await signingOn(ctx, account_id)).signRequest,
      (await signingOn(ctx, account_id)).signRequest,
    ];
    const listed = await expectPagination(
      api,
      'signing.list',
      { account_id },
      2,
      created.map((s) => s.id),
    );
    expect(listed.length, 'sign requests of an account with three').toBe(3);
    for (const sign of created)
      expect(
        listed.find((s) => s.id === sign.id),
        `listed sign request ${sign.id}`,
      ).toEqual(sign);
  });
});
