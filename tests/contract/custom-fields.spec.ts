import { test, expect, expectPagination, echoed, verify, persisted, namedFields, type LosClient } from '../../helpers/test';
import type { CustomField } from '../../schemas/types/custom-fields';
import { customFieldRequest, type FieldType } from '../../fixtures/builders-account-data';

const FIELD_TYPES: FieldType[] = ['string', 'number', 'boolean', 'date'];

const listAll = async (api: LosClient, accountId: string): Promise<CustomField[]> =>
  verify(await api.send('customFields.list', { params: { account_id: accountId }, query: { page_size: 100 }, purpose: 're-read' }), { status: 200 }).json
    .results;

test.describe('Custom Fields', () => {
  for (const type of FIELD_TYPES) {
    test(
      `Create answers 201 with a ${type} field on the account, echoing key, label, field_type and value`,
      { tag: ['@contract', '@smoke'] },
      async ({ api, factory, faker }) => {
        const account = await factory.account();
        const request = customFieldRequest(faker, type);
        const created = verify(await api.send('customFields.create', { params: { account_id: account.id }, body: request }), { status: 201 });
        echoed(created, request);
        expect(created.json.account_id, 'account_id of the field').toBe(account.id);
      },
    );
  }

  test('Create refuses a key the account already has with 409, and keeps the first field', { tag: '@contract' }, async ({ api, factory, faker }) => {
    const accountId = (await factory.account()).id;
    const first = customFieldRequest(faker, 'string');
    const created = verify(await api.send('customFields.create', { params: { account_id: accountId }, body: first }), { status: 201 }).json;
    const again = await api.send('customFields.create', {
      params: { account_id: accountId },
      body: { ...customFieldRequest(faker, 'number'), key: first.key },
      purpose: 'conflict',
    });
    verify(again, { status: 409 });
    persisted(await api.send('customFields.list', { params: { account_id: accountId }, query: { page_size: 100 }, purpose: 're-read' }), {
      count: 1,
      results: [created],
    });
  });

  test(
    'Create accepts on one account a key another account already uses (keys are unique per account)',
    { tag: '@contract' },
    async ({ api, factory, faker }) => {
      const request = customFieldRequest(faker);
      for (const account of [await factory.account(), await factory.account()]) {
        const created = verify(await api.send('customFields.create', { params: { account_id: account.id }, body: request }), { status: 201 });
        echoed(created, request);
      }
    },
  );

  for (const [type, value] of [
    ['boolean', 'yes'],
    ['number', '12.5'],
    ['date', '2024-02-30'],
    ['string', 42],
  ] as const) {
    test(
      `Create refuses a ${type} field whose value is ${JSON.stringify(value)} with 400 naming /value, and stores nothing`,
      { tag: '@contract' },
      async ({ api, factory, faker }) => {
        const accountId = (await factory.account()).id;
        const refused = await api.send('customFields.create', {
          params: { account_id: accountId },
          body: { ...customFieldRequest(faker, type), value },
          purpose: 'value of the wrong type',
        });
        expect(namedFields(verify(refused, { status: 400 }).json), 'fields named in the error').toContain('/value');
        expect(await listAll(api, accountId), 'fields of the account after the refused create').toEqual([]);
      },
    );
  }

  test(
    'List pages through the fields of an account: page_size honoured, no duplicates, every created field listed',
    { tag: '@contract' },
    async ({ api, factory, faker }) => {
      const accountId = (await factory.account()).id;
      const created: string[] = [];
      for (let i = 0; i < 5; i++) {
        const field = await api.send('customFields.create', { params: { account_id: accountId }, body: customFieldRequest(faker), purpose: 'setup' });
        created.push(verify(field, { status: 201 }).json.id);
      }
      const otherAccount = (await factory.account()).id;
      verify(await api.send('customFields.create', { params: { account_id: otherAccount }, body: customFieldRequest(faker), purpose: 'setup' }), {
        status: 201,
      });
      const seen = await expectPagination(api, 'customFields.list', { account_id: accountId }, 2, created);
      expect(seen.map((f) => f.id).sort(), 'only the account’s own fields are listed').toEqual([...created].sort());
    },
  );
});
