import { OPEN_ACCOUNT_STATUSES } from '../../schemas/catalogue';
import type { Router } from '../http';
import { conflict, notFound } from '../errors';

/** CRM leads: the prerequisite every account points at. */
export function leadRoutes(router: Router): void {
  router.handle('leads.create', ({ tenant, body }) => ({
    body: tenant.collection('leads').insert({ program_id: body.program_id, primary_mobile: body.primary_mobile, applicants: body.applicants }),
  }));

  router.handle('leads.delete', ({ tenant, params, faults }) => {
    const leads = tenant.collection('leads');
    if (!leads.get(params.lead_id)) throw notFound();
    if (faults.has('lead_delete_waits_for_accounts')) {
      const open = tenant
        .collection('accounts')
        .where((a) => a.crm_lead_id === params.lead_id && (OPEN_ACCOUNT_STATUSES as readonly string[]).includes(a.status));
      if (open.length) throw conflict(`The lead has ${open.length} open account(s): drop them first.`);
    }
    if (!faults.has('deleted_resource_readable')) leads.delete(params.lead_id);
    return {};
  });
}
