import { randomBytes } from 'node:crypto';
import { now } from '../clock';
import { ApiError, notFound } from '../errors';
import type { Ctx, Router } from '../http';
import { paginate } from '../pagination';
import type { Tenant } from '../store';
import { accountFor } from './accounts';
import { agreementFor, agreementsOf } from './agreements';
import { documentFor, storeUpload, uploadedFile } from './documents';
import type { Account } from '../../schemas/types/accounts';
import type { SignRequest, Signer } from '../../schemas/types/esign';

/** The e-sign provider the sandbox stands in for; its signing pages live on a reserved example host. */
export const SANDBOX_PROVIDER = { name: 'sandbox-esign', signingHost: 'https://esign.sandbox.example.com' } as const;

export const signRequestsOf = (tenant: Tenant) => tenant.collection('sign_requests');

function signRequestFor(ctx: Ctx, account: Account, id: string): SignRequest {
  const request = signRequestsOf(ctx.tenant).get(id);
  if (!request || request.account_id !== account.id) throw notFound();
  return request;
}

function openSignRequest(ctx: Ctx, account: Account, documentId: string, agreementId: string | null, signers: Signer[]): SignRequest {
  const provider_reference = `SBX-${randomBytes(10).toString('hex').toUpperCase()}`;
  return signRequestsOf(ctx.tenant).insert({
    account_id: account.id,
    document_id: documentId,
    agreement_id: agreementId,
    provider: SANDBOX_PROVIDER.name,
    provider_reference,
    status: 'initiated',
    signers,
    signing_url: `${SANDBOX_PROVIDER.signingHost}/sign/${provider_reference}`,
    signed_at: null,
    signed_document_id: null,
  });
}

/** Keeps the agreement behind a sign request in step with it: signed when signed, stamped again when the signature fell through. */
function settleAgreement(ctx: Ctx, request: SignRequest): void {
  if (!request.agreement_id) return;
  const agreement = agreementsOf(ctx.tenant).get(request.agreement_id);
  if (!agreement || agreement.status !== 'esign_initiated') return;
  agreementsOf(ctx.tenant).update(agreement, { status: request.status === 'signed' ? 'signed' : 'stamped' });
}

const isFinal = (request: SignRequest): boolean => request.status !== 'initiated';

export function esignRoutes(router: Router): void {
  router.handle('sign.initiateEsign', (ctx) => {
    const account = accountFor(ctx);
    const agreement = agreementFor(ctx, account, ctx.body.agreement_id);
    if (agreement.status !== 'stamped') {
      throw new ApiError(409, 'not_stamped', `Agreement ${agreement.id} is ${agreement.status}; e-sign starts from a stamped agreement`);
    }
    const request = openSignRequest(ctx, account, agreement.document_id, agreement.id, ctx.body.signers);
    agreementsOf(ctx.tenant).update(agreement, { status: 'esign_initiated' });
    return { body: request };
  });

  router.handle('sign.refresh', (ctx) => {
    const request = signRequestFor(ctx, accountFor(ctx), ctx.params.esign_id);
    // A target that keeps e-sign requests apart from the ones Signing › Initiate makes (the catalogue infers one kind).
    if (ctx.faults.has('esign_apart_from_signing') && !request.agreement_id) throw notFound();
    return { body: request };
  });

  router.handle('signing.initiate', (ctx) => {
    const account = accountFor(ctx);
    const document = documentFor(ctx, account, ctx.body.document_id);
    return { body: openSignRequest(ctx, account, document.id, null, ctx.body.signers) };
  });

  router.handle('signing.callback', (ctx) => {
    const { provider_reference, event, signed_at } = ctx.body;
    const request = signRequestsOf(ctx.tenant).where((r) => r.provider_reference === provider_reference)[0];
    if (!request) throw notFound();
    if (isFinal(request)) throw new ApiError(409, 'already_final', `Sign request ${request.id} is already ${request.status}`);
    const changes = { status: event, signed_at: event === 'signed' ? (signed_at ?? now()) : null };
    if (ctx.faults.has('callback_not_persisted')) return { body: { ...request, ...changes, updated_at: now() } };
    signRequestsOf(ctx.tenant).update(request, changes);
    settleAgreement(ctx, request);
    return { body: request };
  });

  router.handle('signing.upload', (ctx) => {
    const account = accountFor(ctx);
    const request = signRequestFor(ctx, account, ctx.params.signing_id);
    const file = uploadedFile(ctx);
    if (request.signed_document_id || (isFinal(request) && request.status !== 'signed')) {
      throw new ApiError(
        409,
        'invalid_state',
        request.signed_document_id
          ? `Sign request ${request.id} already has signed copy ${request.signed_document_id}`
          : `Sign request ${request.id} was ${request.status}; there is no signed copy to upload`,
      );
    }
    const document = storeUpload(ctx, account, file, ctx.faults.has('signing_upload_wrong_category') ? 'other' : 'signed_agreement', ctx.body.title);
    signRequestsOf(ctx.tenant).update(request, { status: 'signed', signed_at: request.signed_at ?? now(), signed_document_id: document.id });
    settleAgreement(ctx, request);
    return { body: request };
  });

  router.handle('signing.list', (ctx) => {
    const account = accountFor(ctx);
    const items = signRequestsOf(ctx.tenant).where((r) => r.account_id === account.id);
    // The fault serves every record on one page whatever page_size asked for.
    return { body: paginate(ctx.faults.has('signing_list_ignores_page_size') ? { ...ctx, query: { ...ctx.query, page_size: 100 } } : ctx, items) };
  });
}
