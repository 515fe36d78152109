import { test, expect, verify, persisted, type LosClient } from '../../helpers/test';
import { dropRequest } from '../../fixtures/builders';
import { accountTransitions, type AccountAction } from '../../schemas/catalogue';
import type { Account } from '../../schemas/types/accounts';

const verb = (action: AccountAction): string => action.split('.')[1];

/**
 * Runs one account action, then re-reads the account to prove the new state was persisted. Where the
 * action must take the account is the catalogue's transition table: verify() fails a move it does not
 * predict (transition_conformance), which the triage names as lifecycle_differs.
 */
async function step(api: LosClient, account: Account, action: AccountAction, body: Record<string, unknown> = {}): Promise<Account> {
  return test.step(
    `${verb(action)} → ${accountTransitions[action].to}`,
    async () => {
      const moved = verify(await api.send(action, { params: { account_id: account.id }, body }), { status: 200 });
      return persisted(await api.send('accounts.detail', { params: { account_id: account.id } }), moved.json).json as Account;
    },
    { box: true },
  );
}

const journey = (actions: AccountAction[]): string => actions.map(verb).join(' → ');
const FORWARD: AccountAction[] = ['accounts.initiate', 'accounts.approve', 'accounts.activate'];
const BACK: AccountAction[] = ['accounts.drop', 'accounts.reopen'];

test.describe('Account lifecycle', () => {
  test(`create → ${journey(FORWARD)} persists every status`, { tag: ['@lifecycle', '@smoke'] }, async ({ api, factory }) => {
    let account = await factory.account();
    for (const action of FORWARD) account = await step(api, account, action);
    expect(account.drop_reason, 'an active account has no drop reason').toBeNull();
  });

  test(
    `create → ${journey(BACK)} brings the account back to ${accountTransitions['accounts.reopen'].to}`,
    { tag: '@lifecycle' },
    async ({ api, factory, faker, cfg }) => {
      let account = await factory.account();
      const reason = dropRequest(faker, cfg.runId);
      account = await step(api, account, 'accounts.drop', reason);
      expect(account.drop_reason, 'drop reason as sent').toBe(reason.drop_reason);
      account = await step(api, account, 'accounts.reopen');
      expect(account.drop_reason, 'reopen clears the drop reason').toBeNull();
    },
  );
});
