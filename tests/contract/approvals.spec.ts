import { test, expect, expectPagination, echoed, verify, persisted, type LosClient } from '../../helpers/test';
import type { Approval } from '../../schemas/types/approvals';
import { approvalComment, approvalRequest } from '../../fixtures/builders-account-data';
import { createApprovals } from '../../fixtures/requests/approvals';

/** Approval › Get of one approval, held to what the calls before it wrote (`state`). */
const readApproval = async (api: LosClient, accountId: string, approvalId: string, state: Partial<Approval> = {}): Promise<Approval> =>
  persisted(await api.send('approvals.get', { params: { account_id: accountId, approval_id: approvalId }, purpose: 're-read' }), state).json as Approval;

test.describe('Approval', () => {
  test('Create answers 201 with a pending approval on the account, echoing the request', { tag: ['@contract', '@smoke'] }, async ({ api, factory, faker }) => {
    const account = await factory.account();
    const request = approvalRequest(faker);
    const created = verify(await api.send('approvals.create', { params: { account_id: account.id }, body: request }), { status: 201 });
    echoed(created, request);
    expect(created.json, 'a new approval').toMatchObject({ account_id: account.id, status: 'pending', approved_at: null, comment: null });
  });

  test('Get returns the approval as created, and 404 through another account of the tenant', { tag: '@contract' }, async ({ api, factory, faker }) => {
    const account = await factory.account();
    const other = await factory.account();
    const [approval] = await createApprovals(api, faker, account.id);
    const got = verify(await api.send('approvals.get', { params: { account_id: account.id, approval_id: approval.id } }), { status: 200 });
    expect(got.json, 'Get body').toEqual(approval);
    const elsewhere = await api.send('approvals.get', {
      params: { account_id: other.id, approval_id: approval.id },
      purpose: 'wrong account',
    });
    verify(elsewhere, { status: 404 });
  });

  test(
    'Approve marks the approval approved with approved_at and the comment, and Get then shows it approved',
    { tag: '@contract' },
    async ({ api, factory, faker }) => {
      const accountId = (await factory.account()).id;
      const [approval] = await createApprovals(api, faker, accountId);
      const comment = approvalComment(faker);
      const approved = verify(await api.send('approvals.approve', { params: { account_id: accountId, approval_id: approval.id }, body: comment }), {
        status: 200,
        changedIds: [approval.id],
      });
      echoed(approved, comment);
      const body = approved.json;
      expect(body, 'the approved approval').toMatchObject({ id: approval.id, title: approval.title, status: 'approved' });
      expect(body.approved_at, 'approved_at of an approved approval').toEqual(expect.any(Number));
      expect(body.approved_at as number, 'approved_at is not before the approval was raised').toBeGreaterThanOrEqual(approval.created_at);
      await readApproval(api, accountId, approval.id, { status: 'approved', approved_at: body.approved_at, comment: comment.comment });
    },
  );

  test('Approve of an already approved approval is refused with 409 and changes nothing', { tag: '@contract' }, async ({ api, factory, faker }) => {
    const accountId = (await factory.account()).id;
    const [approval] = await createApprovals(api, faker, accountId);
    const params = { account_id: accountId, approval_id: approval.id };
    const first = verify(await api.send('approvals.approve', { params, body: approvalComment(faker) }), { status: 200 }).json;
    verify(await api.send('approvals.approve', { params, body: approvalComment(faker), purpose: 'conflict' }), { status: 409 });
    await readApproval(api, accountId, approval.id, first);
  });

  test('Bulk Approve approves every listed approval at once, and only those', { tag: '@contract' }, async ({ api, factory, faker }) => {
    const accountId = (await factory.account()).id;
    const [first, second, untouched] = await createApprovals(api, faker, accountId, 3);
    const request = { approval_ids: [first.id, second.id], ...approvalComment(faker) };
    const bulk = verify(await api.send('approvals.bulkApprove', { params: { account_id: accountId }, body: request }), { status: 200 });
    const body = bulk.json;
    expect(body.count, 'count of approved approvals').toBe(2);
    expect(body.results.map((r) => r.id).sort(), 'approved ids').toEqual([...request.approval_ids].sort());
    for (const result of body.results)
      expect(result, `approval ${String(result.id)} in the answer`).toMatchObject({ status: 'approved', comment: request.comment });
    for (const id of request.approval_ids) {
      await readApproval(api, accountId, id, { status: 'approved', comment: request.comment });
    }
    await readApproval(api, accountId, untouched.id, { status: 'pending' });
  });

  test(
    'Bulk Approve with an already approved id is refused with 409 and approves none of the others',
    { tag: '@contract' },
    async ({ api, factory, faker }) => {
      const accountId = (await factory.account()).id;
      const [pending, done] = await createApprovals(api, faker, accountId, 2);
      verify(await api.send('approvals.approve', { params: { account_id: accountId, approval_id: done.id }, body: {}, purpose: 'setup' }), {
        status: 200,
      });
      const refused = await api.send('approvals.bulkApprove', {
        params: { account_id: accountId },
        body: { approval_ids: [pending.id, done.id] },
        purpose: 'conflict',
      });
      verify(refused, { status: 409 });
      await readApproval(api, accountId, pending.id, { status: 'pending' });
    },
  );

  test('Bulk Approve with an id of another account is refused with 404 and approves nothing', { tag: '@contract' }, async ({ api, factory, faker }) => {
    const accountId = (await factory.account()).id;
    const otherId = (await factory.account()).id;
    const [mine] = await createApprovals(api, faker, accountId);
    const [foreign] = await createApprovals(api, faker, otherId);
    const refused = await api.send('approvals.bulkApprove', {
      params: { account_id: accountId },
      body: { approval_ids: [mine.id, foreign.id] },
      purpose: 'wrong account',
    });
    verify(refused, { status: 404 });
    expect((await readApproval(api, accountId, mine.id)).status, 'the approval of a refused bulk request').toBe('pending');
    expect((await readApproval(api, otherId, foreign.id)).status, 'the other account’s approval').toBe('pending');
  });

  test(
    'List pages through the approvals of an account: page_size honoured, no duplicates, every created approval listed',
    { tag: '@contract' },
    async ({ api, factory, faker }) => {
      const accountId = (await factory.account()).id;
      const created = await createApprovals(api, faker, accountId, 5);
      await createApprovals(api, faker, (await factory.account()).id);
      const ids = created.map((a) => a.id);
      const seen = await expectPagination(api, 'approvals.list', { account_id: accountId }, 2, ids);
      expect(seen.map((a) => a.id).sort(), 'only the account’s own approvals are listed').toEqual([...ids].sort());
    },
  );
});
