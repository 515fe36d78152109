import { test, expect } from '../../helpers/test';
import { verify } from '../../helpers/checks';
import type { LosClient } from '../../helpers/api';
import type { Json } from '../../helpers/factory';
import type { OperationId } from '../../schemas/catalogue';
import {
  approvalRequest,
  assessmentSubmitRequest,
  customFieldRequest,
  feeRequest,
  insuranceRequest,
  mandateRequest,
} from '../../fixtures/builders-account-data';
import { callbackRequest, esignRequest, generateAgreementRequest, stampGenerateRequest } from '../../fixtures/builders-documents';

type Page = { count: number; results: Json[] };

/** Sends one call that must succeed with the catalogue's success status; returns its body. */
async function ok(api: LosClient, id: OperationId, options: Parameters<LosClient['send']>[1], status?: number): Promise<Json> {
  const exchange = await api.send(id, options);
  return verify(exchange, status === undefined ? {} : { status }).json as Json;
}

test.describe('Full loan origination journey', () => {
  test(
    'lead → account → custom fields → assessments → approvals → initiate → approve → agreement → stamp → e-sign → mandate → fee → insurance → activate',
    { tag: ['@lifecycle', '@smoke'] },
    async ({ api, factory, faker }) => {
      const account = await factory.account();
      const account_id = account.id;
      const params = { account_id };
      const reread = async (id: OperationId, extra: Record<string, string> = {}, query?: Record<string, number>) =>
        ok(api, id, { params: { ...params, ...extra }, query }, 200);
      const accountStatus = async () => (await reread('accounts.detail')).status;

      await test.step('Custom fields are attached to the account', async () => {
        const field = customFieldRequest(faker);
        await ok(api, 'customFields.create', { params, body: field }, 201);
        const fields = (await reread('customFields.list')) as Page;
        expect(
          fields.results.map((f) => f.key),
          'custom field keys',
        ).toContain(field.key);
      });

      await test.step('Every assessment the program assigned is submitted', async () => {
        const pending = ((await reread('assessments.list')) as Page).results;
        expect(pending.length, 'assessments assigned to a new account').toBeGreaterThan(0);
        for (const assessment of pending) {
          await ok(api, 'assessments.submit', { params: { ...params, assessment_id: assessment.id as string }, body: assessmentSubmitRequest(faker) }, 200);
        }
        const after = ((await reread('assessments.list')) as Page).results;
        expect(
          after.map((a) => a.status),
          'assessment statuses after submitting',
        ).toEqual(after.map(() => 'submitted'));
      });

      await test.step('Approvals are approved one by one and in bulk', async () => {
        const created: Json[] = [];
        for (let i = 0; i < 3; i++) created.push(await ok(api, 'approvals.create', { params, body: approvalRequest(faker) }, 201));
        await ok(api, 'approvals.approve', { params: { ...params, approval_id: created[0].id as string }, body: {} }, 200);
        expect((await reread('approvals.get', { approval_id: created[0].id as string })).status, 'approval approved singly').toBe('approved');
        const bulk = await ok(api, 'approvals.bulkApprove', { params, body: { approval_ids: created.slice(1).map((a) => a.id) } }, 200);
        expect(bulk.count, 'approvals approved in bulk').toBe(2);
        const all = ((await reread('approvals.list')) as Page).results;
        expect(
          all.map((a) => a.status),
          'every approval approved',
        ).toEqual(all.map(() => 'approved'));
      });

      await test.step('The account is initiated, then approved', async () => {
        await ok(api, 'accounts.initiate', { params, body: {} }, 200);
        expect(await accountStatus(), 'status after initiate').toBe('initiated');
        await ok(api, 'accounts.approve', { params, body: {} }, 200);
        expect(await accountStatus(), 'status after approve').toBe('approved');
      });

      const agreement = await test.step('The agreement is generated and stamped', async () => {
        const generated = await ok(api, 'agreements.generate', { params, body: generateAgreementRequest(faker) }, 201);
        const stamp = await ok(api, 'stamps.generate', { params, body: stampGenerateRequest(faker, generated.id as string) }, 201);
        expect((await reread('stamps.status', { stamp_id: stamp.id as string })).status, 'stamp status').toBe('generated');
        const listed = ((await reread('agreements.list')) as Page).results.find((a) => a.id === generated.id);
        expect(listed?.status, 'agreement status after stamping').toBe('stamped');
        return generated;
      });

      await test.step('The borrower e-signs and the provider callback is reflected by Refresh', async () => {
        const esign = await ok(api, 'sign.initiateEsign', { params, body: esignRequest(faker, agreement.id as string) }, 201);
        expect((await reread('sign.refresh', { esign_id: esign.id as string })).status, 'e-sign status before the callback').toBe('initiated');
        await ok(api, 'signing.callback', { body: callbackRequest(esign.provider_reference as string, 'signed') }, 200);
        expect((await reread('sign.refresh', { esign_id: esign.id as string })).status, 'e-sign status after the callback').toBe('signed');
        const listed = ((await reread('agreements.list')) as Page).results.find((a) => a.id === agreement.id);
        expect(listed?.status, 'agreement status after signing').toBe('signed');
      });

      await test.step('Repayment mandate, fee and insurance are attached', async () => {
        const mandate = await ok(api, 'mandates.create', { params, body: mandateRequest(faker) }, 201);
        expect((await reread('mandates.get', { mandate_id: mandate.id as string })).id, 'mandate re-read').toBe(mandate.id);
        const fee = await ok(api, 'fees.create', { params, body: feeRequest(faker) }, 201);
        expect(fee.account_id, 'fee account').toBe(account_id);
        const insurance = await ok(api, 'insurances.create', { params, body: insuranceRequest(faker) }, 201);
        expect(insurance.account_id, 'insurance account').toBe(account_id);
      });

      await test.step('The account is activated', async () => {
        await ok(api, 'accounts.activate', { params, body: {} }, 200);
        expect(await accountStatus(), 'status after activate').toBe('active');
      });
    },
  );
});
