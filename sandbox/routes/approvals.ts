import { now } from '../clock';
import { conflict, notFound } from '../errors';
import type { Ctx, Router } from '../http';
import { DEFAULT_PAGE_SIZE, paginate } from '../pagination';
import type { Tenant } from '../store';
import { accountFor } from './accounts';
import type { Account } from '../../schemas/types/accounts';
import type { Approval } from '../../schemas/types/approvals';

export const approvalsOf = (tenant: Tenant) => tenant.collection('approvals');

/** The approval named in the path, on the account named in the path, or 404. */
function approvalFor(ctx: Ctx, account: Account): Approval {
  const approval = approvalsOf(ctx.tenant).get(ctx.params.approval_id);
  if (!approval || (approval.account_id !== account.id && !ctx.faults.has('approvals_get_any_account'))) throw notFound();
  return approval;
}

const approvedFields = (comment: string | undefined): Pick<Approval, 'status' | 'approved_at' | 'comment'> => ({
  status: 'approved',
  approved_at: now(),
  comment: comment ?? null,
});

export function approvalRoutes(router: Router): void {
  router.handle('approvals.list', (ctx) => {
    const account = accountFor(ctx);
    const items = approvalsOf(ctx.tenant).where((a) => a.account_id === account.id);
    const body = paginate(ctx, items);
    if (ctx.faults.has('approvals_list_pages_overlap')) {
      const start = ((ctx.query.page ?? 1) - 1) * (ctx.query.page_size ?? DEFAULT_PAGE_SIZE);
      if (start > 0) body.results = items.slice(start - 1, start - 1 + body.results.length);
    }
    return { body };
  });

  router.handle('approvals.create', (ctx) => {
    const account = accountFor(ctx);
    const { approval_type, title, description } = ctx.body;
    const approval = approvalsOf(ctx.tenant).insert({
      account_id: account.id,
      approval_type,
      title,
      description: ctx.faults.has('approvals_create_drops_description') ? null : (description ?? null),
      status: 'pending',
      approved_at: null,
      comment: null,
    });
    return { body: approval };
  });

  router.handle('approvals.get', (ctx) => ({ body: approvalFor(ctx, accountFor(ctx)) }));

  router.handle('approvals.approve', (ctx) => {
    const approval = approvalFor(ctx, accountFor(ctx));
    if (approval.status === 'approved' && !ctx.faults.has('approvals_approve_twice_accepted')) {
      throw conflict(`Approval ${approval.id} is already approved`);
    }
    if (ctx.faults.has('approvals_approve_not_persisted')) return { body: { ...approval, ...approvedFields(ctx.body.comment), updated_at: now() } };
    return { body: approvalsOf(ctx.tenant).update(approval, approvedFields(ctx.body.comment)) };
  });

  router.handle('approvals.bulkApprove', (ctx) => {
    const account = accountFor(ctx);
    const approvals = approvalsOf(ctx.tenant);
    const store = (approval: Approval): Approval => approvals.update(approval, approvedFields(ctx.body.comment));
    const found: Approval[] = [];
    // All or nothing: every id is resolved and checked before any approval changes.
    for (const id of ctx.body.approval_ids) {
      const approval = approvals.get(id);
      if (!approval || approval.account_id !== account.id) throw notFound();
      if (approval.status !== 'pending') throw conflict(`Approval ${id} is already approved; nothing was approved`);
      if (ctx.faults.has('approvals_bulk_approve_not_atomic')) store(approval);
      found.push(approval);
    }
    const results = found.map((approval, i) =>
      i > 0 && ctx.faults.has('approvals_bulk_approve_first_only') ? { ...approval, ...approvedFields(ctx.body.comment), updated_at: now() } : store(approval),
    );
    return { body: { count: results.length, results } };
  });
}
