import { test, expect, verify, type LosClient, type CallOptions, type SuccessBody } from '../../helpers/test';
import { accountTransitions, type OperationId } from '../../schemas/catalogue';
import {
  approvalRequest,
  assessmentSubmitRequest,
  customFieldRequest,
  feeRequest,
  insuranceRequest,
  mandateRequest,
} from '../../fixtures/builders-account-data';
import { callbackRequest, esignRequest, generateAgreementRequest, stampGenerateRequest } from '../../fixtures/builders-documents';

/** Sends one call that must succeed with the catalogue's success status; returns its body. */
async function ok<Id extends OperationId>(api: LosClient, id: Id, options: CallOptions<Id>): Promise<SuccessBody<Id>> {
  const exchange = await api.send(id, options);
  // verify() has checked the body against the schema of the success status, which SuccessBody is generated from.
  return verify(exchange, { status: exchange.op.success }).json as SuccessBody<Id>;
}

test.describe('Full loan origination journey', () => {
  test(
    'lead → account → custom fields → assessments → approvals → initiate → approve → agreement → stamp → e-sign → mandate → fee → insurance → activate',
    { tag: ['@lifecycle', '@smoke'] },
    async ({ api, factory, faker }) => {
      const account = await factory.account();
      const account_id = account.id;
      const params = { account_id };
      const reread = async <Id extends OperationId>(id: Id, extra: Record<string, string> = {}, query?: Record<string, number>) =>
        ok(api, id, { params: { ...params, ...extra }, query });
      const accountStatus = async () => (await reread('accounts.detail')).status;

      await test.step('Custom fields are attached to the account', async () => {
        const field = customFieldRequest(faker);
        await ok(api, 'customFields.create', { params, body: field });
        const fields = await reread('customFields.list');
        expect(
          fields.results.map((f) => f.key),
          'custom field keys',
        ).toContain(field.key);
      });

      await test.step('Every assessment the program assigned is submitted', async () => {
        const pending = (await reread('assessments.list')).results;
        expect(pending.length, 'assessments assigned to a new account').toBeGreaterThan(0);
        for (const assessment of pending) {
          await ok(api, 'assessments.submit', { params: { ...params, assessment_id: assessment.id }, body: assessmentSubmitRequest(faker) });
        }
        const after = (await reread('assessments.list')).results;
        expect(
          after.map((a) => a.status),
          'assessment statuses after submitting',
        ).toEqual(after.map(() => 'submitted'));
      });

      await test.step('Approvals are approved one by one and in bulk', async () => {
        const created: SuccessBody<'approvals.create'>[] = [];
        for (let i = 0; i < 3; i++) created.push(await ok(api, 'approvals.create', { params, body: approvalRequest(faker) }));
        await ok(api, 'approvals.approve', { params: { ...params, approval_id: created[0].id }, body: {} });
        expect((await reread('approvals.get', { approval_id: created[0].id })).status, 'approval approved singly').toBe('approved');
        const bulk = await ok(api, 'approvals.bulkApprove', { params, body: { approval_ids: created.slice(1).map((a) => a.id) } });
        expect(bulk.count, 'approvals approved in bulk').toBe(2);
        const all = (await reread('approvals.list')).results;
        expect(
          all.map((a) => a.status),
          'every approval approved',
        ).toEqual(all.map(() => 'approved'));
      });

      await test.step('The account is initiated, then approved', async () => {
        await ok(api, 'accounts.initiate', { params, body: {} });
        expect(await accountStatus(), 'status after initiate').toBe(accountTransitions['accounts.initiate'].to);
        await ok(api, 'accounts.approve', { params, body: {} });
        expect(await accountStatus(), 'status after approve').toBe(accountTransitions['accounts.approve'].to);
      });

      const agreement = await test.step('The agreement is generated and stamped', async () => {
        const generated = await ok(api, 'agreements.generate', { params, body: generateAgreementRequest(faker) });
        const stamp = await ok(api, 'stamps.generate', { params, body: stampGenerateRequest(faker, generated.id) });
        expect((await reread('stamps.status', { stamp_id: stamp.id })).status, 'stamp status').toBe('generated');
        const listed = (await reread('agreements.list')).results.find((a) => a.id === generated.id);
        expect(listed?.status, 'agreement status after stamping').toBe('stamped');
        return generated;
      });

      await test.step('The borrower e-signs and the provider callback is reflected by Refresh', async () => {
        const esign = await ok(api, 'sign.initiateEsign', { params, body: esignRequest(faker, agreement.id) });
        expect((await reread('sign.refresh', { esign_id: esign.id })).status, 'e-sign status before the callback').toBe('initiated');
        await ok(api, 'signing.callback', { body: callbackRequest(esign.provider_reference, 'signed') });
        expect((await reread('sign.refresh', { esign_id: esign.id })).status, 'e-sign status after the callback').toBe('signed');
        const listed = (await reread('agreements.list')).results.find((a) => a.id === agreement.id);
        expect(listed?.status, 'agreement status after signing').toBe('signed');
      });

      await test.step('Repayment mandate, fee and insurance are attached', async () => {
        const mandate = await ok(api, 'mandates.create', { params, body: mandateRequest(faker) });
        expect((await reread('mandates.get', { mandate_id: mandate.id })).id, 'mandate re-read').toBe(mandate.id);
        const fee = await ok(api, 'fees.create', { params, body: feeRequest(faker) });
        expect(fee.account_id, 'fee account').toBe(account_id);
        const insurance = await ok(api, 'insurances.create', { params, body: insuranceRequest(faker) });
        expect(insurance.account_id, 'insurance account').toBe(account_id);
      });

      await test.step('The account is activated', async () => {
        await ok(api, 'accounts.activate', { params, body: {} });
        expect(await accountStatus(), 'status after activate').toBe(accountTransitions['accounts.activate'].to);
      });
    },
  );
});
