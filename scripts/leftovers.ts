/**
 * After a run, nothing it created may be left open on the target. Runs as Playwright's
 * globalTeardown (while the run's sandbox is still up) and fails the run when something is left:
 *
 * - accounts: every account whose ref_id carries the run id must not be open (a status the
 *   catalogue's transition table can still drop from), on both tenants. Open ones are listed by
 *   status where the list query schema declares a status filter that takes that status (ref_id only
 *   matches exactly); otherwise, or when the target refuses the filter (400), the list is walked
 *   unfiltered. Active accounts stay: the inferred state machine has no way out of `active`.
 * - leads: the API cannot list leads by run, so the factory keeps their ids in the run's ledger,
 *   and notes each DELETE that answered 204. Each lead without that note must already be gone (a
 *   second DELETE answers 404); a 2xx means it was left over: it is gone now, and still reported.
 *   Leads with the note are spot-checked the same way, all of them if one turns out still there.
 *
 *   tsx scripts/leftovers.ts [run-id]   (LOS_RUN_ID when not given; target from .env/environment)
 */
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { enumAt, OPEN_ACCOUNT_STATUSES, operation } from '../schemas/catalogue';
import { allureResultsDir, writeGate, type Gate } from '../helpers/checks/allure-evidence';
import { config, writesAllowed, type Config } from '../helpers/core/config';
import { ledgerFile, removal, type LedgerEntry } from '../helpers/factory';
import { expandPath } from '../helpers/net/api';
import { tenantFetch } from '../helpers/net/net-fetch';
import { pool } from '../helpers/core/pool';
import { preflight, PreflightError, preflightPassed } from '../helpers/net/preflight';
import { describeThrottle, throttleSummary } from '../helpers/net/throttle';

export interface Leftover {
  kind: 'account' | 'lead';
  tenant: 'API_TOKEN' | 'ISOLATION_TOKEN';
  id: string;
  detail: string;
  /** A curl line that removes it, the token read from the shell. */
  remove?: string;
}

export interface LeftoverReport {
  runId: string;
  leftovers: Leftover[];
  /** Open accounts looked at (all runs), to show the scan saw something. */
  scanned: number;
  leadsRecorded: number;
}

const OPEN: readonly string[] = OPEN_ACCOUNT_STATUSES;
const MAX_PAGES = 200;
const PAGE_SIZE = 100;

/** What one list walk found. */
interface Scan {
  scanned: number;
  leftovers: Leftover[];
}

interface AccountPage {
  next: string | null;
  results: Array<{ id: string; ref_id: string; status: string }>;
}

const call = (cfg: Config, token: string, method: string, path: string) => tenantFetch(cfg, `leftovers ${method} ${path}`, token, method, path);

/** `count` of `items`, evenly spaced from the first to the last. */
const spread = <T>(items: readonly T[], count: number): T[] =>
  items.length <= count ? [...items] : Array.from({ length: count }, (_, k) => items[Math.round((k * (items.length - 1)) / Math.max(1, count - 1))]);

export async function findLeftovers(cfg: Config, runId = cfg.runId): Promise<LeftoverReport> {
  if (!runId) throw new Error('no run id: pass it as an argument or set LOS_RUN_ID');
  const report: LeftoverReport = { runId, leftovers: [], scanned: 0, leadsRecorded: 0 };
  const tenants: Array<[Leftover['tenant'], string]> = (
    [
      ['API_TOKEN', cfg.token],
      ['ISOLATION_TOKEN', cfg.isolationToken],
    ] as Array<[Leftover['tenant'], string | undefined]>
  ).flatMap(([tenant, token]) => (token ? [[tenant, token] as [Leftover['tenant'], string]] : []));
  const list = operation('accounts.list');
  // A status filter only where the list query declares one that takes every open status; else one unfiltered walk.
  const filter = list.query ? enumAt(`${list.query}/properties/status`) : undefined;
  const filterable = !!filter && OPEN.every((status) => filter.includes(status));
  let refused: string | undefined;

  /** Walks one list, bounded; undefined when the target refused its status filter with 400. */
  const walk = async (tenant: Leftover['tenant'], token: string, status?: string): Promise<Scan | undefined> => {
    const scan: Scan = { scanned: 0, leftovers: [] };
    for (let page = 1; ; page++) {
      if (page > MAX_PAGES)
        throw new Error(`more than ${MAX_PAGES * PAGE_SIZE} ${status ? `${status} ` : ''}accounts on ${tenant}: too many to scan for run ${runId}`);
      const query = new URLSearchParams({ ...(status ? { status } : {}), page: String(page), page_size: String(PAGE_SIZE) });
      const response = await call(cfg, token, 'GET', `${list.path}?${query}`);
      if (status && response.status === 400) {
        refused ??= `leftovers: ${tenant}: GET ${list.path}?status=${status} answered 400; walking the unfiltered list instead`;
        await response.body?.cancel();
        return undefined;
      }
      if (response.status !== 200) throw new Error(`${tenant}: GET ${list.path}?${query} answered ${response.status}; cannot look for leftovers`);
      const body = (await response.json()) as AccountPage;
      for (const account of body.results.filter((a) => OPEN.includes(a.status))) {
        scan.scanned++;
        if (!account.ref_id.startsWith(runId)) continue;
        const leftover: Leftover = { kind: 'account', tenant, id: account.id, detail: `ref_id ${account.ref_id} is still ${account.status}` };
        scan.leftovers.push({ ...leftover, remove: removal(cfg, leftover.kind, leftover.id, leftover.tenant) });
      }
      if (!body.next || body.results.length === 0) return scan;
    }
  };
  // Both tenants and each one's lists at once; a refused filter makes it one unfiltered walk instead.
  const scanned = await Promise.all(
    tenants.map(async ([tenant, token]) => {
      const filtered = filterable ? await pool(OPEN, cfg.concurrency, (status) => walk(tenant, token, status)) : [];
      return filtered.length > 0 && filtered.every((scan): scan is Scan => scan !== undefined) ? filtered : [await walk(tenant, token)];
    }),
  );
  for (const scan of scanned.flat()) {
    report.scanned += scan?.scanned ?? 0;
    report.leftovers.push(...(scan?.leftovers ?? []));
  }
  if (refused) console.log(refused);

  const ledger = ledgerFile(cfg.reportsDir, runId);
  const entries = existsSync(ledger)
    ? readFileSync(ledger, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as LedgerEntry)
    : [];
  const leads = entries.flatMap((entry) => (entry.kind === 'lead' ? [entry.id] : []));
  const deleted = new Set(entries.flatMap((entry) => (entry.kind === 'lead-deleted' ? [entry.id] : [])));
  report.leadsRecorded = leads.length;
  if (leads.length && writesAllowed(cfg)) {
    const remove = operation('leads.delete');
    const recheck = async (ids: string[]): Promise<number> => {
      let leftBehind = 0;
      await pool(ids, cfg.concurrency, async (id) => {
        const response = await call(cfg, cfg.token, 'DELETE', expandPath(remove, { lead_id: id }));
        await response.body?.cancel();
        if (response.status === 404) return;
        leftBehind++;
        const leftover: Leftover = {
          kind: 'lead',
          tenant: 'API_TOKEN',
          id,
          detail:
            response.status < 300
              ? `was left behind (a second DELETE answered ${response.status}, so it is gone now${deleted.has(id) ? '; the run’s own DELETE had answered 204 without deleting it' : ''})`
              : `could not be deleted (DELETE answered ${response.status})`,
        };
        report.leftovers.push(response.status < 300 ? leftover : { ...leftover, remove: removal(cfg, leftover.kind, leftover.id, leftover.tenant) });
      });
      return leftBehind;
    };
    // Leads the run saw deleted are spot-checked, one round of CONCURRENCY spread over the run (first to last): a
    // second DELETE answers 404 when the first one deleted. Only if one of them is still there are all the others asked too.
    const confirmed = leads.filter((id) => deleted.has(id));
    const sample = spread(confirmed, cfg.concurrency);
    await recheck([...leads.filter((id) => !deleted.has(id)), ...sample]);
    if (report.leftovers.some((l) => sample.includes(l.id))) await recheck(confirmed.filter((id) => !sample.includes(id)));
  }
  return report;
}

export function describeReport(report: LeftoverReport): string {
  const scope = `run ${report.runId}: ${report.scanned} open accounts scanned, ${report.leadsRecorded} leads recorded`;
  if (!report.leftovers.length) return `leftovers: none (${scope})`;
  return [
    `leftovers: ${report.leftovers.length} (${scope})`,
    ...report.leftovers.flatMap((l) => [`  - ${l.kind} ${l.id} on ${l.tenant}: ${l.detail}`, ...(l.remove ? [`    remove it with: ${l.remove}`] : [])]),
  ].join('\n');
}

/** The leftovers gate for the Allure report: what was left, out of what the scan saw. */
export function leftoversGate(report: LeftoverReport): Gate {
  const n = report.leftovers.length;
  return {
    name: 'leftovers',
    verdict: n ? 'failed' : 'passed',
    figures: `${n} record(s) left behind (${report.scanned} open accounts scanned, ${report.leadsRecorded} leads recorded)`,
    details: n ? describeReport(report) : undefined,
  };
}

/**
 * Playwright's globalTeardown: a run that leaves something behind fails. Playwright runs it even
 * when the preflight stopped the run; then there is nothing to check and the preflight's message
 * stays the only one.
 */
export default async function leftoversTeardown(): Promise<void> {
  const cfg = config();
  // Probed again only when the run's own preflight did not pass (or this process did not run it).
  if (!preflightPassed(cfg)) {
    try {
      await preflight(cfg);
    } catch (error) {
      if (error instanceof PreflightError) return;
      throw error;
    }
  }
  const report = await findLeftovers(cfg);
  console.log(describeThrottle(throttleSummary(cfg)));
  console.log(describeReport(report));
  writeGate(allureResultsDir(), leftoversGate(report));
  if (report.leftovers.length) throw new Error(`the run left ${report.leftovers.length} record(s) behind (listed above)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2]) process.env.LOS_RUN_ID = process.argv[2];
  else if (!process.env.LOS_RUN_ID) {
    console.error('usage: tsx scripts/leftovers.ts <run-id> (printed at the start of each run; or set LOS_RUN_ID)');
    process.exit(2);
  }
  const report = await findLeftovers(config());
  console.log(describeReport(report));
  process.exitCode = report.leftovers.length ? 1 : 0;
}
