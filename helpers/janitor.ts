import { OPEN_ACCOUNT_STATUSES, operation, TABLE_STATUSES, title, type OperationId } from '../schemas/catalogue';
import { expandPath } from './net/api';
import { tenantFetch } from './net/net-fetch';
import { recordCall } from './core/calls';
import type { Config } from './core/config';
import { pool } from './core/pool';
import { cleanupDrop, record, removal } from './factory';

/** An account handed over for cleanup, with the status its test last saw it in (undefined: never seen). */
export interface Disposable {
  id: string;
  status?: string;
}

type Send = (id: OperationId, params: Record<string, string>, body?: unknown) => Promise<{ status: number; json?: Record<string, unknown> }>;

/** Open per the transition table: it can still be dropped. */
const droppable = (status: unknown): boolean => (OPEN_ACCOUNT_STATUSES as readonly unknown[]).includes(status);
/** Worth one drop without reading it first: open, or in a status the table does not know (the target's lifecycle differs). */
const worthDropping = (status: string | undefined): boolean =>
  droppable(status) || (status !== undefined && !(TABLE_STATUSES as readonly string[]).includes(status));

/**
 * Removes what a worker's tests created, behind their backs. A test's records are its own until it
 * ends; then its teardown hands them over here and returns at once: no round trip of a cleanup
 * decides a verdict, so no test waits for one. The drops run while the worker's next test does,
 * each test's leads after its accounts (a target may refuse to delete a lead with open accounts).
 * Active accounts stay: the (inferred) state machine allows no drop after activation.
 *
 * Teardown is not under test, so these calls leave no step in any test: 5xx answers and dropped
 * connections are asked again (helpers/net/net-fetch.ts). When the worker stops, `drain` waits for
 * all of it and throws what it could not remove, with the curl lines that finish the job; the
 * run's leftovers gate (scripts/leftovers.ts) checks every account and lead of the run after that.
 */
export class Janitor {
  private readonly pending = new Set<Promise<void>>();
  private readonly failures: string[] = [];
  private readonly last: Array<{ owner: string; leads: readonly string[] }> = [];

  constructor(private readonly cfg: Config) {}

  /** Starts removing `accounts`, then `leads`, for `owner` (the test whose records they were, as the run's calls name it); returns at once. */
  dispose(owner: string, accounts: readonly Disposable[], leads: readonly string[]): void {
    if (!accounts.length && !leads.length) return;
    const work = this.remove(owner, accounts, leads)
      .catch((error: Error) => void this.failures.push(`cleanup for ${owner} failed: ${error.message.split('\n')[0]}`))
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  /** Leads to delete once every other removal is done: shared by accounts of several tests. */
  disposeLast(owner: string, leads: readonly string[]): void {
    if (leads.length) this.last.push({ owner, leads });
  }

  /** Waits for every removal handed over, then deletes the leads kept for last; throws what could not be removed. */
  async drain(): Promise<void> {
    while (this.pending.size) await Promise.all(this.pending);
    for (const { owner, leads } of this.last.splice(0)) this.dispose(owner, [], leads);
    while (this.pending.size) await Promise.all(this.pending);
    if (this.failures.length) throw new Error(`cleanup of run ${this.cfg.runId} left records behind:\n  ${this.failures.splice(0).join('\n  ')}`);
  }

  private async remove(owner: string, accounts: readonly Disposable[], leads: readonly string[]): Promise<void> {
    const send = (id: OperationId, params: Record<string, string>, body?: unknown) => this.send(owner, id, params, body);
    await pool(accounts, this.cfg.concurrency, (account) =>
      this.attempt(`dropping account ${account.id}`, removal(this.cfg, 'account', account.id), () => this.drop(send, account), [200]),
    );
    await pool(leads, this.cfg.concurrency, (id) =>
      this.attempt(
        `deleting lead ${id}`,
        removal(this.cfg, 'lead', id),
        async () => {
          const { status } = await send('leads.delete', { lead_id: id });
          if (status === 204 || status === 404) record(this.cfg, { kind: 'lead-deleted', id });
          return status;
        },
        [204, 404],
      ),
    );
  }

  /** Drops an open account without reading it first; a refusal means it moved on unseen (another client, a raced transition): read it and decide. */
  private async drop(send: Send, { id, status }: Disposable): Promise<number | undefined> {
    const drop = async () => (await send('accounts.drop', { account_id: id }, cleanupDrop(this.cfg.runId))).status;
    if (worthDropping(status)) {
      const dropped = await drop();
      if (dropped === 200 || dropped >= 500) return dropped;
    }
    const detail = await send('accounts.detail', { account_id: id });
    if (detail.status !== 200) return detail.status >= 500 ? detail.status : undefined;
    return droppable(detail.json?.status) ? drop() : undefined;
  }

  private async attempt(what: string, remove: string, step: () => Promise<number | undefined>, ok: number[]): Promise<void> {
    let outcome: string;
    try {
      const status = await step();
      if (status === undefined || ok.includes(status)) return;
      outcome = `answered ${status}`;
    } catch (error) {
      outcome = `failed: ${(error as Error).message.split('\n')[0]}`;
    }
    this.failures.push(`${what} ${outcome}; remove it with: ${remove}`);
  }

  /** One cleanup call, recorded with the run's calls (the bench counts it, the triage sees a 5xx) but with no step in any test. */
  private async send(owner: string, id: OperationId, params: Record<string, string>, body?: unknown): ReturnType<Send> {
    const op = operation(id);
    const started = performance.now();
    const response = await tenantFetch(this.cfg, `cleanup ${title(op)}`, this.cfg.token, op.method, expandPath(op, params), body);
    // Only a read is looked at (whether a refused drop's account is still open); the rest are drained unread.
    const json = op.method === 'GET' && /json/i.test(response.headers.get('content-type') ?? '') ? await response.json().catch(() => undefined) : undefined;
    if (json === undefined) await response.body?.cancel();
    recordCall(this.cfg.reportsDir, {
      op: id,
      purpose: 'cleanup',
      method: op.method,
      status: response.status,
      ms: Math.round((performance.now() - started) * 100) / 100,
      test: owner,
    });
    return { status: response.status, json: json as Record<string, unknown> | undefined };
  }
}
