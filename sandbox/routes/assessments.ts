import { now } from '../clock';
import { conflict, notFound } from '../errors';
import type { Router } from '../http';
import { paginate } from '../pagination';
import type { Tenant } from '../store';
import { accountFor, onAccountCreated } from './accounts';
import type { Account } from '../../schemas/types/accounts';

export const assessmentsOf = (tenant: Tenant) => tenant.collection('assessments');

/** The checklists the sandbox program assigns to every new account, in the order they are due. */
export const SEEDED_ASSESSMENTS = [
  { assessment_type: 'kyc', name: 'KYC verification' },
  { assessment_type: 'credit', name: 'Credit assessment' },
] as const;

function seedAssessments(tenant: Tenant, account: Account): void {
  for (const seed of SEEDED_ASSESSMENTS) {
    assessmentsOf(tenant).insert({ account_id: account.id, ...seed, status: 'pending', responses: [], remarks: null, submitted_at: null });
  }
}

export function assessmentRoutes(router: Router): void {
  // buildSandbox may run several times in one process (the mutation run): seed once per account.
  if (!onAccountCreated.includes(seedAssessments)) onAccountCreated.push(seedAssessments);

  router.handle('assessments.list', (ctx) => {
    const account = accountFor(ctx);
    const items = assessmentsOf(ctx.tenant).where((a) => a.account_id === account.id);
    const query = ctx.faults.has('assessments_list_page_size_ignored') ? { ...ctx.query, page_size: undefined } : ctx.query;
    return { body: paginate({ ...ctx, query }, items) };
  });

  router.handle('assessments.submit', (ctx) => {
    const account = accountFor(ctx);
    const assessments = assessmentsOf(ctx.tenant);
    const assessment = assessments.get(ctx.params.assessment_id);
    if (!assessment || (assessment.account_id !== account.id && !ctx.faults.has('assessments_submit_any_account'))) throw notFound();
    if (assessment.status === 'submitted' && !ctx.faults.has('assessments_resubmit_accepted')) {
      throw conflict(`Assessment ${assessment.id} was already submitted`);
    }
    const submitted = { status: 'submitted' as const, responses: ctx.body.responses, remarks: ctx.body.remarks ?? null, submitted_at: now() };
    if (ctx.faults.has('assessments_submit_not_persisted')) return { body: { ...assessment, ...submitted, updated_at: now() } };
    return { body: assessments.update(assessment, submitted) };
  });
}
