import type { Router } from '../http';
import { notFound } from '../errors';

/** CRM leads: the prerequisite every account points at. */
export function leadRoutes(router: Router): void {
  router.handle('leads.create', ({ tenant, body }) => ({
    body: tenant.collection('leads').insert({ program_id: body.program_id, primary_mobile: body.primary_mobile, applicants: body.applicants }),
  }));

  router.handle('leads.delete', ({ tenant, params, faults }) => {
    const leads = tenant.collection('leads');
    if (!leads.get(params.lead_id)) throw notFound();
    if (!faults.has('deleted_resource_readable')) leads.delete(params.lead_id);
    return {};
  });
}
