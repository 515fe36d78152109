import type { Account } from '../schemas/types/accounts';
import type { Config } from './core/config';
import type { Janitor } from './janitor';

/**
 * An account made ahead. `ownLead` is the lead made for it alone, which whoever takes the account
 * owns with it; without one, the account is under the batch's lead, which the reservoir keeps.
 */
export interface AheadAccount {
  account: Account;
  ownLead?: string;
}

/** A batch of accounts made ahead, and the lead they share when the target allows it. */
export interface AheadBatch {
  accounts: AheadAccount[];
  sharedLead?: string;
}

/**
 * Accounts made ahead. Most tests need an account in its first status and never look at its lead;
 * against a distant target, making both first cost every such test two round trips in a row. A
 * worker's tests instead take one from here: the test that finds none left makes CONCURRENCY of them
 * at once (their calls are steps of that test, with their evidence and checks), and the one that
 * takes an account owns it from then on, as if it had made it: it changes it and hands it to the
 * janitor when it ends. What no test took goes to the janitor when the worker stops.
 *
 * A batch's accounts share one lead, which no test changes or reads: it is kept here and deleted when
 * the worker stops, after every account under it (a target may refuse to delete a lead with open
 * accounts). That spares each such test a lead's creation and deletion, a sixth of a run's requests.
 * A target that refuses a second account under one lead (the docs do not say it allows one) gets a
 * lead per account from then on, owned by the test that takes the account, as before.
 *
 * Tests whose checks read the lead or the creation itself make their own (`factory.lead()`,
 * `factory.account(status, leadId)`, or Accounts › Create sent by the test). The data of an account
 * made ahead comes from the faker of whichever test made the batch, so unlike the rest of a test's
 * data it depends on the scheduling; no check reads it.
 */
export class AccountReservoir {
  private readonly ready: AheadAccount[] = [];
  private readonly sharedLeads: string[] = [];
  /** The batch being made: a test taking several accounts at once waits for one batch, not one each. */
  private making?: Promise<void>;
  /** False once the target refused a second account under one lead. */
  sharesLeads = true;

  constructor(private readonly cfg: Config) {}

  /** An account no test has taken; `make` creates CONCURRENCY of them when none is left. */
  async take(make: (count: number) => Promise<AheadBatch>): Promise<AheadAccount> {
    while (!this.ready.length) {
      this.making ??= make(this.cfg.concurrency)
        .then(({ accounts, sharedLead }) => {
          this.ready.push(...accounts);
          if (sharedLead) this.sharedLeads.push(sharedLead);
        })
        .finally(() => (this.making = undefined));
      await this.making;
    }
    return this.ready.shift() as AheadAccount;
  }

  /** Hands what no test took to the janitor, and the shared leads to delete once every account under them is gone. */
  release(janitor: Janitor): void {
    const left = this.ready.splice(0);
    janitor.dispose(
      'accounts made ahead that no test took',
      left.map(({ account }) => ({ id: account.id, status: account.status })),
      left.flatMap(({ ownLead }) => (ownLead ? [ownLead] : [])),
    );
    janitor.disposeLast('the leads of the accounts made ahead', this.sharedLeads.splice(0));
  }
}
