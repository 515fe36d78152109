import { test, expect } from '../../helpers/test';
import { verify } from '../../helpers/checks';
import type { LosClient } from '../../helpers/api';
import { dropRequest } from '../../fixtures/builders';
import type { AccountAction, AccountStatus } from '../../schemas/catalogue';
import type { Account } from '../../schemas/types/accounts';

/** Runs one account action, then re-reads the account to prove the new state was persisted. */
async function step(api: LosClient, account: Account, action: AccountAction, expected: AccountStatus, body: Record<string, unknown> = {}): Promise<Account> {
  return test.step(
    `${action.split('.')[1]} → ${expected}`,
    async () => {
      const moved = verify(await api.send(action, { params: { account_id: account.id }, body }), { status: 200 });
      expect(moved.json.status, `status answered by ${action}`).toBe(expected);
      const reread = verify(await api.send('accounts.detail', { params: { account_id: account.id } }), { status: 200 });
      expect(reread.json, 'the account as re-read').toEqual(moved.json);
      return reread.json;
    },
    { box: true },
  );
}

test.describe('Account lifecycle', () => {
  test('create → initiate → approve → activate persists every status', { tag: ['@lifecycle', '@smoke'] }, async ({ api, factory }) => {
    let account = await factory.account();
    account = await step(api, account, 'accounts.initiate', 'initiated');
    account = await step(api, account, 'accounts.approve', 'approved');
    account = await step(api, account, 'accounts.activate', 'active');
    expect(account.drop_reason, 'an active account has no drop reason').toBeNull();
  });

  test('create → drop → reopen brings the account back to activation', { tag: '@lifecycle' }, async ({ api, factory, faker, cfg }) => {
    let account = await factory.account();
    const reason = dropRequest(faker, cfg.runId);
    account = await step(api, account, 'accounts.drop', 'dropped', reason);
    expect(account.drop_reason, 'drop reason as sent').toBe(reason.drop_reason);
    account = await step(api, account, 'accounts.reopen', 'activation');
    expect(account.drop_reason, 'reopen clears the drop reason').toBeNull();
  });
});
