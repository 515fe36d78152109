import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Faker } from '@faker-js/faker';
import { actionsTo, baseId, INITIAL_ACCOUNT_STATUS, OPEN_ACCOUNT_STATUSES, operation, TABLE_STATUSES, type TableStatus } from '../schemas/catalogue';
import { replaceParams } from '../schemas/paths';
import { schemaAt } from '../schemas/registry';
import { accountRequest, dropRequest, leadRequest } from '../fixtures/builders';
import type { LosClient } from './net/api';
import type { Account, DropRequest } from '../schemas/types/accounts';
import type { Lead } from '../schemas/types/leads';
import { verify } from './checks/checks';
import type { Config } from './core/config';
import { toCurl } from './core/curl';
import { pool } from './core/pool';
import { registerSecret } from './core/redact';
import { retryTransient } from './net/retry';

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

/** Open per the transition table: it can still be dropped. */
const droppable = (status: unknown): boolean => (OPEN_ACCOUNT_STATUSES as readonly unknown[]).includes(status);
/** Worth one drop without reading it first: open, or in a status the table does not know (the target's lifecycle differs). */
const worthDropping = (status: string | undefined): boolean =>
  droppable(status) || (status !== undefined && !(TABLE_STATUSES as readonly string[]).includes(status));

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

  async account(status: TableStatus = INITIAL_ACCOUNT_STATUS, leadId?: string): Promise<Account> {
    return test.step(
      `Set up an account in status ${status}`,
      async () => {
        const lead = leadId ?? (await this.lead()).id;
        let account = verify(
          await this.api.send('accounts.create', { body: accountRequest(this.faker, lead, this.cfg.programId, this.cfg.runId), purpose: 'setup' }),
          { status: 201 },
        ).json;
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
   * Runs in the fixture's teardown, so also after a failed test. Active accounts stay: the
   * (inferred) state machine allows no drop after activation. One failed step doesn't stop the
   * rest; what could not be cleaned is reported together at the end.
   */
  async cleanup(): Promise<void> {
    const failures: string[] = [];
    // Teardown is not under test: a 5xx or a dropped connection is asked again (helpers/net/retry.ts), then reported.
    const attempt = async (what: string, remove: string, step: () => Promise<number | undefined>, ok: number[]) => {
      let outcome: string;
      try {
        const status = await retryTransient(step, (status) => status);
        if (status === undefined || ok.includes(status)) return;
        outcome = `answered ${status}`;
      } catch (error) {
        outcome = `failed: ${(error as Error).message.split('\n')[0]}`;
      }
      failures.push(`${what} ${outcome}; remove it with: ${remove}`);
    };
    // Independent records, so their teardown overlaps (CONCURRENCY at a time); each one's own steps stay in order.
    await pool([...this.accounts], this.cfg.concurrency, (id) =>
      attempt(
        `dropping account ${id}`,
        removal(this.cfg, 'account', id),
        async () => {
          const drop = async () =>
            (
              await this.api.send('accounts.drop', {
                params: { account_id: id },
                body: cleanupDrop(this.cfg.runId),
                purpose: 'cleanup',
              })
            ).status;
          // The status the client last saw: an open account is dropped without reading it first.
          if (worthDropping(this.api.seen.status(id))) {
            const status = await drop();
            // A 4xx: the account moved on unseen (another client, a raced transition); read it and decide.
            if (status === 200 || status >= 500) return status;
          }
          const detail = await this.api.send('accounts.detail', { params: { account_id: id }, purpose: 'cleanup' });
          if (detail.status >= 500) return detail.status;
          if (detail.status !== 200 || !droppable((detail.json as Json | undefined)?.status)) return undefined;
          return drop();
        },
        [200],
      ),
    );
    await pool([...this.leads], this.cfg.concurrency, (id) =>
      attempt(
        `deleting lead ${id}`,
        removal(this.cfg, 'lead', id),
        async () => {
          const { status } = await this.api.send('leads.delete', { params: { lead_id: id }, purpose: 'cleanup' });
          if (status === 204 || status === 404) record(this.cfg, { kind: 'lead-deleted', id });
          return status;
        },
        [204, 404],
      ),
    );
    if (failures.length) throw new Error(`cleanup of run ${this.cfg.runId} left records behind:\n  ${failures.join('\n  ')}`);
  }
}
