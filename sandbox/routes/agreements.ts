import { randomInt } from 'node:crypto';
import { ApiError, conflict, notFound } from '../errors';
import type { Ctx, Router } from '../http';
import { DEFAULT_PAGE_SIZE, paginate } from '../pagination';
import type { Tenant } from '../store';
import { accountFor } from './accounts';
import { storeDocument, storeUpload, uploadedFile } from './documents';
import type { Account } from '../../schemas/types/accounts';
import type { Agreement } from '../../schemas/types/agreements';

export const agreementsOf = (tenant: Tenant) => tenant.collection('agreements');
export const stampsOf = (tenant: Tenant) => tenant.collection('stamps');

/** An agreement of this account, or 404 (the id may come from the path or from the body). */
export function agreementFor(ctx: Ctx, account: Account, id: string): Agreement {
  const agreement = agreementsOf(ctx.tenant).get(id);
  if (!agreement || agreement.account_id !== account.id) throw notFound();
  return agreement;
}

/** Stamp duty is paid once per agreement: only an agreement that is not yet stamped takes a stamp. */
function unstamped(ctx: Ctx, account: Account, id: string): Agreement {
  const agreement = agreementFor(ctx, account, id);
  if (!['generated', 'uploaded'].includes(agreement.status) && !ctx.faults.has('stamp_restamp_allowed')) {
    throw new ApiError(409, 'already_stamped', `Agreement ${id} is already ${agreement.status}; it takes one stamp paper`);
  }
  return agreement;
}

function stampAgreement(ctx: Ctx, agreement: Agreement): void {
  if (!ctx.faults.has('stamp_leaves_agreement_unstamped')) agreementsOf(ctx.tenant).update(agreement, { status: 'stamped' });
}

/** The text the sandbox "renders" for a generated agreement; its size stands in for the PDF's. */
const renderAgreement = (account: Account, templateId: string, language: string): string =>
  `Loan agreement ${account.ref_id} (${account.product_type}) from template ${templateId} in ${language}, program ${account.program_id}`;

/** Certificate numbers in the style of SHCIL e-stamps: IN-<state><14 digits><letter>. */
const certificateNumber = (state: string): string =>
  `IN-${state}${Array.from({ length: 14 }, () => randomInt(10)).join('')}${String.fromCharCode(65 + randomInt(26))}`;

export function agreementRoutes(router: Router): void {
  router.handle('agreements.generate', (ctx) => {
    const account = accountFor(ctx);
    const { template_id, language = 'en' } = ctx.body;
    const document = storeDocument(ctx, account, {
      name: `Loan agreement ${account.ref_id} (${template_id}).pdf`,
      category: 'agreement',
      mime_type: 'application/pdf',
      size_bytes: Buffer.byteLength(renderAgreement(account, template_id, language)),
    });
    return {
      body: agreementsOf(ctx.tenant).insert({ account_id: account.id, source: 'generated', template_id, status: 'generated', document_id: document.id }),
    };
  });

  router.handle('agreements.upload', (ctx) => {
    const account = accountFor(ctx);
    const document = storeUpload(ctx, account, uploadedFile(ctx), 'agreement', ctx.body.title);
    return {
      body: agreementsOf(ctx.tenant).insert({ account_id: account.id, source: 'uploaded', template_id: null, status: 'uploaded', document_id: document.id }),
    };
  });

  router.handle('agreements.list', (ctx) => {
    const account = accountFor(ctx);
    const items = agreementsOf(ctx.tenant).where((a) => a.account_id === account.id);
    const envelope = paginate(ctx, items);
    if (ctx.faults.has('agreement_list_duplicates')) {
      // Off by one: every page after the first starts on the last record of the page before.
      const page = ctx.query.page ?? 1;
      const size = ctx.query.page_size ?? DEFAULT_PAGE_SIZE;
      const start = Math.max(0, (page - 1) * size - (page > 1 ? 1 : 0));
      envelope.results = items.slice(start, start + size);
    }
    return { body: envelope };
  });

  router.handle('stamps.generate', (ctx) => {
    const account = accountFor(ctx);
    const { agreement_id, stamp_amount, state_code } = ctx.body;
    const agreement = unstamped(ctx, account, agreement_id);
    const certificate_number = certificateNumber(state_code);
    const document = storeDocument(ctx, account, {
      name: `E-stamp ${certificate_number}.pdf`,
      category: 'stamp_paper',
      mime_type: 'application/pdf',
      size_bytes: Buffer.byteLength(`${certificate_number} ${state_code} ${stamp_amount} ${agreement.id}`),
    });
    const stamp = stampsOf(ctx.tenant).insert({
      account_id: account.id,
      agreement_id,
      stamp_amount,
      state_code,
      status: 'generated',
      certificate_number,
      document_id: document.id,
    });
    stampAgreement(ctx, agreement);
    return { body: stamp };
  });

  router.handle('stamps.upload', (ctx) => {
    const account = accountFor(ctx);
    const { agreement_id, certificate_number, stamp_amount, state_code } = ctx.body;
    const file = uploadedFile(ctx);
    const agreement = unstamped(ctx, account, agreement_id);
    if (stampsOf(ctx.tenant).where((s) => s.certificate_number === certificate_number).length) {
      throw conflict(`Stamp certificate ${certificate_number} is already recorded; a stamp paper is used once`);
    }
    const document = storeUpload(ctx, account, file, 'stamp_paper');
    const stamp = stampsOf(ctx.tenant).insert({
      account_id: account.id,
      agreement_id,
      stamp_amount: Number(stamp_amount),
      state_code,
      status: 'uploaded',
      certificate_number,
      document_id: document.id,
    });
    stampAgreement(ctx, agreement);
    return { body: stamp };
  });

  router.handle('stamps.status', (ctx) => {
    const account = accountFor(ctx);
    const stamp = stampsOf(ctx.tenant).get(ctx.params.stamp_id);
    if (!stamp || stamp.account_id !== account.id) throw notFound();
    return { body: stamp };
  });
}
