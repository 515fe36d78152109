import { test, expect, expectPagination, echoed, verify } from '../../helpers/test';
import { accountRequest, dropRequest } from '../../fixtures/builders';
import { accountTransitions, INITIAL_ACCOUNT_STATUS, type AccountAction } from '../../schemas/catalogue';
import type { Account } from '../../schemas/types/accounts';

test.describe('Accounts', () => {
  test('Create answers 201 with the documented body, echoing the request', { tag: ['@contract', '@smoke'] }, async ({ api, factory, faker, cfg }) => {
    const lead = await factory.lead();
    const request = accountRequest(faker, lead.id, cfg.programId, cfg.runId);
    const created = await api.send('accounts.create', { body: request });
    if (created.status === 201 || created.status === 200) factory.track((created.json as Account).id);
    const account = verify(created, { status: 201 }).json;
    echoed(created, request);
    expect(account.status, 'status of a new account').toBe(INITIAL_ACCOUNT_STATUS);
    expect(account.tags, 'tags of a new account').toEqual([]);
    expect(account.drop_reason, 'drop_reason of a new account').toBeNull();
  });

  test('Create refuses a second account with the same ref_id with 409', { tag: '@contract' }, async ({ api, factory, faker, cfg }) => {
    // The same request twice, as sent: what the first answer carries may be flawed (a lenient setup goes on past that).
    const request = accountRequest(faker, (await factory.lead()).id, cfg.programId, cfg.runId);
    verify(await api.send('accounts.create', { body: request, purpose: 'setup' }), { status: 201 });
    verify(await api.send('accounts.create', { body: request, purpose: 'conflict' }), { status: 409 });
  });

  test('List answers the shared pagination envelope without changing anything', { tag: ['@contract', '@smoke'] }, async ({ api }) => {
    const list = verify(await api.send('accounts.list', { query: { page_size: 5 } }), { status: 200 });
    expect(list.json.results.length, 'page_size 5 honoured').toBeLessThanOrEqual(5);
  });

  test('Detail of an unknown account answers 404 with the error body', { tag: '@contract' }, async ({ api, faker }) => {
    verify(await api.send('accounts.detail', { params: { account_id: faker.string.uuid() }, purpose: 'unknown-id' }), { status: 404 });
  });

  test('Detail returns the account as created', { tag: ['@contract', '@smoke'] }, async ({ api, factory }) => {
    const account = await factory.account();
    const detail = verify(await api.send('accounts.detail', { params: { account_id: account.id } }), { status: 200 });
    expect(detail.json, 'Detail body').toEqual(account);
  });

  test('List pages through the accounts of a lead without duplicates', { tag: '@contract' }, async ({ api, factory }) => {
    const lead = await factory.lead();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await factory.account(INITIAL_ACCOUNT_STATUS, lead.id)).id);
    const seen = await expectPagination(api, 'accounts.list', {}, 2, ids, { crm_lead_id: lead.id });
    expect(seen.map((a) => a.id).sort(), 'only the lead’s accounts are listed').toEqual([...ids].sort());
  });

  for (const action of ['accounts.initiate', 'accounts.approve', 'accounts.activate'] satisfies AccountAction[]) {
    const {
      from: [from],
      to,
    } = accountTransitions[action];
    test(`${action.split('.')[1]} moves an account from ${from} to ${to}`, { tag: '@contract' }, async ({ api, factory }) => {
      const account = await factory.account(from);
      // updated_at: never back from the account as created, strictly forward where timestamps_conformance can tell.
      const moved = verify(await api.send(action, { params: { account_id: account.id }, body: {} }), {
        status: 200,
        changedIds: [account.id],
      });
      expect(moved.json.status, 'status after the action').toBe(to);
    });
  }

  test('Drop records the reason and Reopen clears it', { tag: '@contract' }, async ({ api, factory, faker, cfg }) => {
    const account = await factory.account();
    const reason = dropRequest(faker, cfg.runId);
    const dropped = verify(await api.send('accounts.drop', { params: { account_id: account.id }, body: reason }), { status: 200 });
    expect(dropped.json, 'dropped account').toMatchObject({ status: accountTransitions['accounts.drop'].to, drop_reason: reason.drop_reason });
    const reopened = verify(await api.send('accounts.reopen', { params: { account_id: account.id }, body: {} }), { status: 200 });
    expect(reopened.json, 'reopened account').toMatchObject({ status: accountTransitions['accounts.reopen'].to, drop_reason: null });
  });
});
