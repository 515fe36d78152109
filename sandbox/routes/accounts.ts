import { accountTransitions, INITIAL_ACCOUNT_STATUS, type AccountAction } from '../../schemas/catalogue';
import { ApiError, conflict, invalid, notFound } from '../errors';
import { RENAMED_STATUSES } from '../faults/accounts';
import type { Ctx, Router } from '../http';
import { DEFAULT_PAGE_SIZE, paginate } from '../pagination';
import type { Tenant } from '../store';
import { SANDBOX_PROGRAM } from '../tenants';
import { now } from '../clock';
import type { Account } from '../../schemas/types/accounts';

export const accountsOf = (tenant: Tenant) => tenant.collection('accounts');

/** The caller's account named in the path, or 404 (also for another tenant's account). */
export function accountFor(ctx: Ctx): Account {
  const account = accountsOf(ctx.tenant).get(ctx.params.account_id);
  if (!account) throw notFound();
  return account;
}

/** Hooks other groups use to seed an account's sub-resources (e.g. its assessments) on creation. */
export const onAccountCreated: Array<(tenant: Tenant, account: Account) => void> = [];

function ruleOf(ctx: Ctx, action: AccountAction): { from: readonly string[]; to: string } {
  const rule = accountTransitions[action];
  if (action === 'accounts.approve' && ctx.faults.has('approve_skips_to_active')) return { ...rule, to: accountTransitions['accounts.activate'].to };
  if (!ctx.faults.has('lifecycle_renamed_status')) return rule;
  const rename = (status: string): string => RENAMED_STATUSES[status] ?? status;
  return { from: rule.from.map(rename), to: rename(rule.to) };
}

/** Moves the account by the action's rule (schemas/catalogue.ts), with the changes the action makes besides its status; 409 from any other status. */
function transition(ctx: Ctx<AccountAction>, changes: Partial<Account> = {}): { body: Account } {
  const action = ctx.op.id;
  const account = accountFor(ctx);
  const rule = ruleOf(ctx, action);
  const illegalButAccepted = action === 'accounts.activate' && account.status === 'dropped' && ctx.faults.has('illegal_transition_accepted');
  if (!rule.from.includes(account.status) && !illegalButAccepted) {
    if (ctx.faults.has('refused_transition_touches_account')) accountsOf(ctx.tenant).update(account, {});
    throw new ApiError(
      409,
      'invalid_transition',
      `Cannot ${action.split('.')[1]} an account in status ${account.status} (allowed from: ${rule.from.join(', ')})`,
    );
  }
  if (ctx.faults.has('accounts_drop_reason_not_persisted') && action === 'accounts.drop') {
    // Answers as if the reason was saved, but stores none.
    return { body: { ...accountsOf(ctx.tenant).update(account, { status: rule.to as Account['status'] }), ...changes } };
  }
  return { body: accountsOf(ctx.tenant).update(account, { status: rule.to as Account['status'], ...changes }) };
}

export function accountRoutes(router: Router): void {
  router.handle('accounts.list', (ctx) => {
    const { status, crm_lead_id, ref_id } = ctx.query;
    if (status !== undefined && ctx.faults.has('accounts_list_refuses_status_filter')) {
      throw invalid([{ path: '/status', message: 'filtering by status is not supported' }]);
    }
    const items = accountsOf(ctx.tenant).where(
      (a) =>
        (status === undefined || a.status === status) &&
        (crm_lead_id === undefined || a.crm_lead_id === crm_lead_id) &&
        (ref_id === undefined || a.ref_id === ref_id),
    );
    const query = ctx.faults.has('accounts_list_ignores_page_size') ? { ...ctx.query, page_size: DEFAULT_PAGE_SIZE } : ctx.query;
    return { body: paginate({ ...ctx, query }, items) };
  });

  router.handle('accounts.create', (ctx) => {
    const { crm_lead_id, ref_id, program_id } = ctx.body;
    const lead = ctx.tenant.collection('leads').get(crm_lead_id);
    if (!lead) throw invalid([{ path: '/crm_lead_id', message: `Invalid pk "${crm_lead_id}" - object does not exist.` }]);
    if (program_id !== SANDBOX_PROGRAM.id) throw invalid([{ path: '/program_id', message: `Invalid pk "${program_id}" - object does not exist.` }]);
    const accounts = accountsOf(ctx.tenant);
    if (ctx.faults.has('one_account_per_lead') && accounts.findBy('crm_lead_id', crm_lead_id).length) {
      throw invalid([{ path: '/crm_lead_id', message: 'This lead already has an account.' }]);
    }
    if (accounts.findBy('ref_id', ref_id).length) throw conflict(`An account with ref_id ${ref_id} already exists`);
    const account = accounts.insert({
      crm_lead_id,
      ref_id,
      program_id,
      product_type: SANDBOX_PROGRAM.product_type,
      tags: [],
      status: INITIAL_ACCOUNT_STATUS,
      drop_reason: null,
    });
    for (const seed of onAccountCreated) seed(ctx.tenant, account);
    return { body: account };
  });

  router.handle('accounts.detail', (ctx) => {
    const account = accountFor(ctx);
    if (ctx.faults.has('read_after_create_lag') && now() - account.created_at < 1) throw notFound();
    if (ctx.faults.has('accounts_updated_before_created')) return { body: { ...account, updated_at: account.created_at - 1 } };
    return { body: account };
  });

  router.handle('accounts.initiate', (ctx) => transition(ctx));
  router.handle('accounts.approve', (ctx) => transition(ctx));
  router.handle('accounts.activate', (ctx) => transition(ctx));
  router.handle('accounts.drop', (ctx) => transition(ctx, { drop_reason: ctx.body.drop_reason }));
  router.handle('accounts.reopen', (ctx) => transition(ctx, { drop_reason: null }));
}
