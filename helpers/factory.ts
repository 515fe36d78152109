import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Faker } from '@faker-js/faker';
import { actionsTo, baseId, INITIAL_ACCOUNT_STATUS, operation, type TableStatus } from '../schemas/catalogue';
import { replaceParams } from '../schemas/paths';
import { schemaAt } from '../schemas/registry';
import { accountRequest, dropRequest, leadRequest } from '../fixtures/builders';
import type { LosClient } from './net/api';
import type { Account, DropRequest } from '../schemas/types/accounts';
import type { Lead } from '../schemas/types/leads';
import { verify } from './checks/checks';
import { recordedTitle } from './core/calls';
import type { Config } from './core/config';
import { toCurl } from './core/curl';
import { pool } from './core/pool';
import { registerSecret } from './core/redact';
import type { AccountReservoir, AheadAccount, AheadBatch } from './account-reservoir';
import type { Janitor } from './janitor';

/** A body of any operation, for code that walks many operations alike; one operation's body has its generated type (schemas/types/). */
export type Json = Record<string, unknown>;

/**
 * What a run created that only the run knows: lead ids (the API has no way to list leads by run)
 * and the mobile numbers it generated. scripts/leftovers.ts checks the leads are gone after the
 * run; scripts/scan-secrets.ts fails the run if one of those numbers shows up in an artifact.
 * The values are faker-generated, never real people; the ledger folder is excluded from the scan.
 */
export type LedgerEntry =
  | { kind: 'lead'; id: string }
  /** The run's own DELETE of the lead answered 204 (or 404: already gone). */
  | { kind: 'lead-deleted'; id: string }
  | { kind: 'pii'; field: string; value: string };

export const ledgerDir = (reportsDir: string): string => join(reportsDir, '.run');
export const ledgerFile = (reportsDir: string, runId: string): string => join(ledgerDir(reportsDir), `${runId}.jsonl`);

export function record(cfg: Pick<Config, 'reportsDir' | 'runId'>, entry: LedgerEntry): void {
  mkdirSync(ledgerDir(cfg.reportsDir), { recursive: true });
  appendFileSync(ledgerFile(cfg.reportsDir, cfg.runId), `${JSON.stringify(entry)}\n`);
}

/** The body of teardown's drop: every field the drop request's schema requires, saying who dropped the account and why. */
export function cleanupDrop(runId: string): DropRequest {
  const request = operation('accounts.drop').request;
  const required = request ? ((schemaAt(request.schema).required as string[] | undefined) ?? []) : [];
  // Read from the same schema the type is generated from, so it holds as long as the types are current (npm run typecheck).
  return Object.fromEntries(required.map((field) => [field, `los-contract cleanup (${runId})`])) as unknown as DropRequest;
}

/** The curl line that finishes a cleanup by hand, the tenant's token read from the shell. */
export function removal(cfg: Pick<Config, 'baseUrl' | 'runId'>, kind: 'account' | 'lead', recordId: string, tenant = 'API_TOKEN'): string {
  const target = operation(kind === 'account' ? 'accounts.drop' : 'leads.delete');
  const path = replaceParams(target.path, () => recordId);
  return toCurl({
    method: target.method,
    url: `${cfg.baseUrl}${path}`,
    headers: { authorization: 'Bearer $API_TOKEN', ...(kind === 'account' ? { 'content-type': 'application/json' } : {}) },
    ...(kind === 'account' ? { body: cleanupDrop(cfg.runId) } : {}),
  }).replace('$API_TOKEN', `$${tenant}`);
}

/** Shorter values would be masked wherever they happen to occur in the evidence. */
const MIN_PII_LENGTH = 6;
/** The digits of a mobile number, which the variations negative tests derive from it keep. */
const DIGIT_RUN = /\d{6,}/g;

/**
 * Creates the records a test needs, each one checked against the contract, and cleans them up
 * when the test ends, pass or fail: accounts still open are dropped, leads deleted. It watches
 * every call of its client, so records a test creates itself are cleaned up too.
 */
export class Factory {
  private readonly leads = new Set<string>();
  private readonly accounts = new Set<string>();

  constructor(
    readonly api: LosClient,
    readonly faker: Faker,
    readonly cfg: Config,
    private readonly reservoir: AccountReservoir,
    private readonly janitor: Janitor,
  ) {
    api.observers.push((call) => this.observe(call));
  }

  private observe({ op, status, request, json }: Parameters<LosClient['observers'][number]>[0]): void {
    const kind = baseId(op);
    if (kind === 'leads.create') this.maskPii(request.body, status === 201);
    const answered = json as Json | undefined;
    const id = answered?.id;
    if (typeof id !== 'string' || status >= 300) return;
    const created = status === 201 && request.method === op.method;
    if (created && kind === 'accounts.create') this.accounts.add(id);
    if (created && kind === 'leads.create') {
      this.leads.add(id);
      record(this.cfg, { kind: 'lead', id });
    }
  }

  /**
   * Every lead request's personal data is masked in the evidence, including the variations negative
   * tests derive from a valid body; the mobile numbers of created leads go in the ledger for the scan.
   * The mobile is taken as the body carries it, whatever form the schema gives it (`+91…`, ten digits),
   * and its digits alone.
   * Names are masked but not scanned for: faker draws them from a small pool, so another builder's
   * signer could carry the same name and fail the scan for nothing.
   */
  private maskPii(body: unknown, created: boolean): void {
    const lead = body as { primary_mobile?: unknown; applicants?: Array<{ full_name?: unknown }> } | undefined;
    const mobile = lead?.primary_mobile;
    if (typeof mobile === 'string' && mobile.length >= MIN_PII_LENGTH) {
      for (const secret of [mobile, ...(mobile.match(DIGIT_RUN) ?? [])]) registerSecret(secret);
      if (created) record(this.cfg, { kind: 'pii', field: 'primary_mobile', value: mobile });
    }
    for (const applicant of Array.isArray(lead?.applicants) ? lead.applicants : []) {
      if (typeof applicant?.full_name === 'string' && applicant.full_name.length >= MIN_PII_LENGTH) registerSecret(applicant.full_name);
    }
  }

  async lead(): Promise<Lead> {
    return verify(await this.api.send('leads.create', { body: leadRequest(this.faker, this.cfg.programId), purpose: 'setup' }), { status: 201 }).json;
  }

  /** A new account under `leadId`, checked against the contract. */
  private async created(leadId: string): Promise<Account> {
    const body = accountRequest(this.faker, leadId, this.cfg.programId, this.cfg.runId);
    return verify(await this.api.send('accounts.create', { body, purpose: 'setup' }), { status: 201 }).json;
  }

  /**
   * Accounts in their first status for this worker's later tests (helpers/account-reservoir.ts), made
   * at once under one lead they share; a lead each once the target has refused a second account under one.
   */
  private makeAhead(count: number): Promise<AheadBatch> {
    return test.step(
      `Make ${count} accounts ahead for this worker's tests`,
      async () => {
        const sharedLead = this.reservoir.sharesLeads ? (await this.lead()).id : undefined;
        const accounts = await pool(Array.from({ length: count }), count, async (): Promise<AheadAccount> => {
          if (sharedLead !== undefined) {
            const account = await this.underSharedLead(sharedLead);
            if (account) return { account };
          }
          const ownLead = (await this.lead()).id;
          return { account: await this.created(ownLead), ownLead };
        });
        // Whoever takes one owns it from then on; until then the reservoir holds it, and the shared lead for good.
        for (const { account, ownLead } of accounts) {
          this.accounts.delete(account.id);
          if (ownLead) this.leads.delete(ownLead);
        }
        if (sharedLead !== undefined) this.leads.delete(sharedLead);
        return { accounts, sharedLead };
      },
      { box: true },
    );
  }

  /**
   * An account under the batch's shared lead, checked against the contract; undefined when the
   * target refuses it with a 4xx (one account per lead, unlike the docs' silence suggests), after
   * which this worker makes a lead per account. Any other answer fails the test as Create would.
   */
  private async underSharedLead(leadId: string): Promise<Account | undefined> {
    const body = accountRequest(this.faker, leadId, this.cfg.programId, this.cfg.runId);
    const exchange = await this.api.send('accounts.create', { body, purpose: 'setup' });
    if (exchange.status >= 400 && exchange.status < 500) {
      this.reservoir.sharesLeads = false;
      return undefined;
    }
    return verify(exchange, { status: 201 }).json;
  }

  /**
   * An account in `status`: under `leadId` when given, made by this test; else one made ahead,
   * taken over by this test, which then owns it (and its lead, when it had one of its own) as if it had made them.
   */
  async account(status: TableStatus = INITIAL_ACCOUNT_STATUS, leadId?: string): Promise<Account> {
    return test.step(
      `Set up an account in status ${status}`,
      async () => {
        let account: Account;
        if (leadId === undefined) {
          const ahead = await this.reservoir.take((count) => this.makeAhead(count));
          account = ahead.account;
          this.accounts.add(account.id);
          if (ahead.ownLead) this.leads.add(ahead.ownLead);
          this.api.seen.note(account.id, account.status);
        } else {
          account = await this.created(leadId);
        }
        for (const action of actionsTo(status)) {
          const body = action === 'accounts.drop' ? dropRequest(this.faker, this.cfg.runId) : {};
          account = verify(await this.api.send(action, { params: { account_id: account.id }, body, purpose: 'setup' }), { status: 200 }).json;
        }
        expect(account.status, 'set-up account status').toBe(status);
        return account;
      },
      { box: true },
    );
  }

  /** Registers an account for cleanup (those created through this factory's client are tracked already). */
  track(accountId: string): void {
    this.accounts.add(accountId);
  }

  /**
   * Runs in the fixture's teardown, so also after a failed test: hands every account and lead the
   * test owns to the worker's janitor (helpers/janitor.ts), which removes them without the test
   * waiting, and reports at the worker's end what it could not remove.
   */
  cleanup(): void {
    this.janitor.dispose(
      recordedTitle(test.info()),
      [...this.accounts].map((id) => ({ id, status: this.api.seen.status(id) })),
      [...this.leads],
    );
  }
}
