import type { Account } from '../schemas/types/accounts';
import type { Config } from './core/config';
import type { Janitor } from './janitor';

/** An account made ahead, with the lead made for it alone. */
export interface AheadAccount {
  account: Account;
  leadId: string;
}

/**
 * Accounts made ahead, each under a lead of its own. Most tests need an account in its first
 * status and never look at its lead; against a distant target, making both first cost every such
 * test two round trips in a row. A worker's tests instead take one from here: the test that finds
 * none left makes CONCURRENCY of them at once (their calls are steps of that test, with their
 * evidence and checks), and the one that takes an account owns it from then on, as if it had made
 * it: it changes it and hands it to the janitor with its lead when it ends. What no test took goes
 * to the janitor when the worker stops.
 *
 * Tests whose checks read the lead or the creation itself make their own (`factory.lead()`,
 * `factory.account(status, leadId)`, or Accounts › Create sent by the test). The data of an account
 * made ahead comes from the faker of whichever test made the batch, so unlike the rest of a test's
 * data it depends on the scheduling; no check reads it.
 */
export class AccountReservoir {
  private readonly ready: AheadAccount[] = [];
  /** The batch being made: a test taking several accounts at once waits for one batch, not one each. */
  private making?: Promise<void>;

  constructor(private readonly cfg: Config) {}

  /** An account no test has taken; `make` creates CONCURRENCY of them when none is left. */
  async take(make: (count: number) => Promise<AheadAccount[]>): Promise<AheadAccount> {
    while (!this.ready.length) {
      this.making ??= make(this.cfg.concurrency)
        .then((made) => void this.ready.push(...made))
        .finally(() => (this.making = undefined));
      await this.making;
    }
    return this.ready.shift() as AheadAccount;
  }

  /** Hands what no test took to the janitor. */
  release(janitor: Janitor): void {
    const left = this.ready.splice(0);
    janitor.dispose(
      'accounts made ahead that no test took',
      left.map(({ account }) => ({ id: account.id, status: account.status })),
      left.map(({ leadId }) => leadId),
    );
  }
}
