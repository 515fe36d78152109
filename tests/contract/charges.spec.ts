import { test, expect, echoed, verify, namedFields } from '../../helpers/test';
import { feeRequest, insuranceRequest, mandateRequest } from '../../fixtures/builders-account-data';

test.describe('Insurances', () => {
  test('Create answers 201 with an active policy on the account, echoing the request', { tag: ['@contract', '@smoke'] }, async ({ api, factory, faker }) => {
    const account = await factory.account();
    const request = insuranceRequest(faker);
    const created = verify(await api.send('insurances.create', { params: { account_id: account.id }, body: request }), { status: 201 });
    echoed(created, request);
    expect(created.json, 'a new insurance').toMatchObject({ account_id: account.id, status: 'active' });
  });

  for (const [label, shiftDays] of [
    ['on its start_date', 0],
    ['before its start_date', -1],
  ] as const) {
    test(`Create refuses a policy that ends ${label} with 400 naming /end_date`, { tag: '@contract' }, async ({ api, factory, faker }) => {
      const account = await factory.account();
      const request = insuranceRequest(faker);
      const end = new Date(`${request.start_date}T00:00:00Z`);
      end.setUTCDate(end.getUTCDate() + shiftDays);
      const refused = await api.send('insurances.create', {
        params: { account_id: account.id },
        body: { ...request, end_date: end.toISOString().slice(0, 10) },
        purpose: 'end_date not after start_date',
      });
      expect(namedFields(verify(refused, { status: 400 }).json), 'fields named in the error').toContain('/end_date');
    });
  }
});

test.describe('Fee', () => {
  test('Create answers 201 with a pending fee on the account, echoing the request', { tag: ['@contract', '@smoke'] }, async ({ api, factory, faker }) => {
    const account = await factory.account();
    const request = feeRequest(faker);
    const created = verify(await api.send('fees.create', { params: { account_id: account.id }, body: request }), { status: 201 });
    echoed(created, request);
    expect(created.json, 'a new fee').toMatchObject({ account_id: account.id, status: 'pending' });
  });

  test('Create without currency or due_date charges in INR with no due date', { tag: '@contract' }, async ({ api, factory, faker }) => {
    const account = await factory.account();
    const { fee_type, amount } = feeRequest(faker);
    const created = verify(await api.send('fees.create', { params: { account_id: account.id }, body: { fee_type, amount } }), { status: 201 });
    echoed(created, { fee_type, amount });
    expect(created.json, 'defaults of a fee').toMatchObject({ currency: 'INR', due_date: null, status: 'pending' });
  });
});

test.describe('Mandate', () => {
  test(
    'Create answers 201 with an initiated mandate and no UMRN yet, echoing the request',
    { tag: ['@contract', '@smoke'] },
    async ({ api, factory, faker }) => {
      const account = await factory.account();
      const request = mandateRequest(faker);
      const created = verify(await api.send('mandates.create', { params: { account_id: account.id }, body: request }), { status: 201 });
      echoed(created, request);
      expect(created.json, 'a new mandate').toMatchObject({ account_id: account.id, status: 'initiated', umrn: null });
    },
  );

  test('Get Details returns the mandate as created', { tag: '@contract' }, async ({ api, factory, faker }) => {
    const accountId = (await factory.account()).id;
    const created = verify(await api.send('mandates.create', { params: { account_id: accountId }, body: mandateRequest(faker), purpose: 'setup' }), {
      status: 201,
    }).json;
    const details = verify(await api.send('mandates.get', { params: { account_id: accountId, mandate_id: created.id } }), { status: 200 });
    expect(details.json, 'Get Details body').toEqual(created);
  });

  test('Get Details answers 404 for an unknown mandate and for a mandate of another account', { tag: '@contract' }, async ({ api, factory, faker }) => {
    const accountId = (await factory.account()).id;
    const otherId = (await factory.account()).id;
    const foreign = verify(await api.send('mandates.create', { params: { account_id: otherId }, body: mandateRequest(faker), purpose: 'setup' }), {
      status: 201,
    }).json;
    verify(await api.send('mandates.get', { params: { account_id: accountId, mandate_id: faker.string.uuid() }, purpose: 'unknown id' }), { status: 404 });
    verify(await api.send('mandates.get', { params: { account_id: accountId, mandate_id: foreign.id }, purpose: 'wrong account' }), { status: 404 });
  });
});
