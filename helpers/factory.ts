import { expect, test } from '@playwright/test';
import type { Faker } from '@faker-js/faker';
import type { AccountStatus } from '../schemas/catalogue';
import { accountRequest, dropRequest, leadRequest } from '../fixtures/builders';
import type { LosClient } from './api';
import { verify } from './checks';
import type { Config } from './config';

export type Json = Record<string, unknown>;

/** The path from a new account to each status, as a sequence of actions. */
const ROUTES: Record<AccountStatus, Array<'accounts.initiate' | 'accounts.approve' | 'accounts.activate' | 'accounts.drop'>> = {
  activation: [],
  initiated: ['accounts.initiate'],
  approved: ['accounts.initiate', 'accounts.approve'],
  active: ['accounts.initiate', 'accounts.approve', 'accounts.activate'],
  dropped: ['accounts.drop'],
};

/**
 * Creates the records a test needs, each one checked against the contract, and cleans them up
 * when the test ends, pass or fail: accounts still open are dropped, leads deleted.
 */
export class Factory {
  private readonly leads: string[] = [];
  private readonly accounts: string[] = [];

  constructor(
    readonly api: LosClient,
    readonly faker: Faker,
    readonly cfg: Config,
  ) {}

  async lead(): Promise<Json> {
    const created = verify(await this.api.send('leads.create', { body: leadRequest(this.faker, this.cfg.programId), purpose: 'setup' }), { status: 201 })
      .json as Json;
    this.leads.push(created.id as string);
    return created;
  }

  async account(status: AccountStatus = 'activation', leadId?: string): Promise<Json> {
    return test.step(
      `Set up an account in status ${status}`,
      async () => {
        const lead = leadId ?? ((await this.lead()).id as string);
        let account = verify(
          await this.api.send('accounts.create', { body: accountRequest(this.faker, lead, this.cfg.programId, this.cfg.runId), purpose: 'setup' }),
          { status: 201 },
        ).json as Json;
        this.accounts.push(account.id as string);
        for (const action of ROUTES[status]) {
          const body = action === 'accounts.drop' ? dropRequest(this.faker, this.cfg.runId) : {};
          account = verify(await this.api.send(action, { params: { account_id: account.id as string }, body, purpose: 'setup' }), { status: 200 }).json as Json;
        }
        expect(account.status, 'set-up account status').toBe(status);
        return account;
      },
      { box: true },
    );
  }

  /** Registers an account made outside the factory (e.g. by a create test) for cleanup. */
  track(accountId: string): void {
    this.accounts.push(accountId);
  }

  async cleanup(): Promise<void> {
    for (const id of this.accounts) {
      const detail = await this.api.send('accounts.detail', { params: { account_id: id }, purpose: 'cleanup' });
      const status = (detail.json as Json | undefined)?.status;
      if (detail.status === 200 && ['activation', 'initiated', 'approved'].includes(status as string)) {
        await this.api.send('accounts.drop', {
          params: { account_id: id },
          body: { drop_reason: `los-contract cleanup (${this.cfg.runId})` },
          purpose: 'cleanup',
        });
      }
    }
    for (const id of this.leads) await this.api.send('leads.delete', { params: { lead_id: id }, purpose: 'cleanup' });
  }
}
