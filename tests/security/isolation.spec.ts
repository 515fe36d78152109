import { test, expect, type LosClient, type Exchange, verify, tenant_isolation, checkCase, idOf, isList, listedIds, rereadOf } from '../../helpers/test';
import { accountRequest } from '../../fixtures/builders';
import { prepare, type SetupContext } from '../../fixtures/requests/index';
import { operations, title, type Operation, type OperationId } from '../../schemas/catalogue';
import { paramNames } from '../../schemas/paths';

const REFUSED = [400, 403, 404, 422];

/**
 * Operations that make a record of the caller's own out of nothing another tenant owns; the
 * isolation to prove is the other way round: the first tenant cannot use what the second made.
 */
const USE_OF_OWN_RECORD: Partial<Record<OperationId, (api: LosClient, ctx: SetupContext, id: string) => Promise<Exchange>>> = {
  'leads.create': (api, { faker, cfg }, leadId) =>
    api.send('accounts.create', { body: accountRequest(faker, leadId, cfg.programId, cfg.runId), purpose: 'isolation' }),
};

type Mode = 'path' | 'list' | 'reference' | 'own';
const modeOf = (op: Operation): Mode => (paramNames(op.path).length ? 'path' : isList(op) ? 'list' : USE_OF_OWN_RECORD[op.id] ? 'own' : 'reference');

const TITLES: Record<Mode, string> = {
  path: "the other tenant is refused (403/404) on the first tenant's records, which stay as they were",
  list: "the other tenant's answer never contains the first tenant's records",
  reference: "the other tenant is refused when the request names the first tenant's records",
  own: 'a record the other tenant creates cannot be used by the first tenant',
};

const pick = (params: Record<string, string> | undefined, names: string[]): Record<string, string> =>
  Object.fromEntries(names.map((name) => [name, (params ?? {})[name]]));

/**
 * tenant_isolation on every catalogued operation, with a second tenant (ISOLATION_TOKEN; the
 * otherTenant fixture skips with the reason when none is configured). The first tenant prepares a
 * valid request on its own records; the other tenant sends it as is.
 */
for (const op of operations) {
  const mode = modeOf(op);
  test(`${title(op)} (${op.method} ${op.path}): ${TITLES[mode]}`, { tag: '@security' }, async ({ api, otherTenant, factory, faker, cfg }) => {
    const id = op.id;
    const ctx = { api, factory, faker, cfg };
    const prepared = await test.step('Prepare a valid request on the first tenant’s records', () => prepare(id, ctx), { box: true });
    const other = (): Promise<Exchange> => otherTenant.send(id, { ...prepared, purpose: 'isolation' });

    if (mode === 'path') {
      const reread = op.method === 'GET' ? undefined : rereadOf(op);
      const rereadParams = reread && pick(prepared.params, paramNames(reread.path));
      const before = reread && verify(await api.send(reread.id, { params: rereadParams, purpose: 'isolation' }), { status: 200 });
      checkCase(`${title(op)} by the other tenant`, await other(), { absentIds: Object.values(prepared.params ?? {}) }, [tenant_isolation]);
      if (reread && before) {
        const after = await api.send(reread.id, { params: rereadParams, purpose: 'isolation' });
        checkCase(`${title(reread)} of the first tenant after the refused ${title(op)}`, after, { status: 200, unchanged: before.json }, [tenant_isolation]);
      }
    } else if (mode === 'list') {
      // Both tenants list at once: neither answer changes what the other may contain.
      const [own, others] = await Promise.all([api.send(id, { ...prepared, purpose: 'isolation' }), other()]);
      const ownIds = listedIds(verify(own, { status: 200 }).json);
      expect(ownIds.length, 'records of the first tenant this list shows (none would make the check vacuous)').toBeGreaterThan(0);
      checkCase(`${title(op)} by the other tenant`, others, { status: [200, ...REFUSED], absentIds: ownIds }, [tenant_isolation]);
    } else if (mode === 'reference') {
      checkCase(`${title(op)} by the other tenant`, await other(), { status: REFUSED }, [tenant_isolation]);
    } else {
      const made = await other();
      if (made.status !== op.success) {
        // The other tenant may not even use the first tenant's program: refusing is isolation too.
        checkCase(`${title(op)} by the other tenant`, made, { status: REFUSED }, [tenant_isolation]);
        return;
      }
      const recordId = idOf(made.json);
      expect(recordId, `the id of the record the other tenant's ${title(op)} made`).toBeDefined();
      // What the first tenant makes of it goes through its own client: the factory tracks it for cleanup.
      const used = await USE_OF_OWN_RECORD[id]!(api, ctx, recordId!);
      checkCase(`the first tenant using the other tenant's ${title(op)} record`, used, { status: REFUSED }, [tenant_isolation]);
      if (id === 'leads.create') await otherTenant.send('leads.delete', { params: { lead_id: recordId! }, purpose: 'cleanup' });
    }
  });
}
