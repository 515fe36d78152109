import { invalid, notFound } from '../errors';
import type { Ctx, Router, UploadedFile } from '../http';
import { paginate } from '../pagination';
import type { Tenant } from '../store';
import { accountFor } from './accounts';
import type { Account } from '../../schemas/types/accounts';
import type { Category, Document } from '../../schemas/types/documents';

export const documentsOf = (tenant: Tenant) => tenant.collection('documents');

/** Documents deleted while `document_list_keeps_deleted` is on: gone from Detail, still in List. */
const tombstones = new WeakSet<Document>();

/** A document of this account, or 404 (also for another account's or a deleted document). */
export function documentFor(ctx: Ctx, account: Account, id: string): Document {
  const document = documentsOf(ctx.tenant).get(id);
  if (!document || document.account_id !== account.id || tombstones.has(document)) throw notFound();
  return document;
}

export function storeDocument(ctx: Ctx, account: Account, fields: Pick<Document, 'name' | 'category' | 'mime_type' | 'size_bytes'>): Document {
  return documentsOf(ctx.tenant).insert({ account_id: account.id, tags: [], ...fields });
}

/** The upload's `file` part; a text field named `file` passes the schema but carries no file, so 400. */
export function uploadedFile(ctx: Ctx): UploadedFile {
  const file = ctx.files.find((f) => f.field === 'file');
  if (!file) throw invalid([{ path: '/file', message: 'No file was submitted.' }]);
  return file;
}

/** Keeps an uploaded file as a document named after the form's optional `title`, else the file name. */
export function storeUpload(ctx: Ctx, account: Account, file: UploadedFile, category: Category, title?: string): Document {
  return storeDocument(ctx, account, { name: title ?? file.filename, category, mime_type: file.mimetype, size_bytes: file.size });
}

export function documentRoutes(router: Router): void {
  router.handle('documents.list', (ctx) => {
    const account = accountFor(ctx);
    return {
      body: paginate(
        ctx,
        documentsOf(ctx.tenant).where((d) => d.account_id === account.id),
      ),
    };
  });

  router.handle('documents.detail', (ctx) => ({ body: documentFor(ctx, accountFor(ctx), ctx.params.document_id) }));

  router.handle('documents.update', (ctx) => {
    const document = documentFor(ctx, accountFor(ctx), ctx.params.document_id);
    const { name, category, tags } = ctx.body;
    const changes: Partial<Document> = {};
    if (name !== undefined) changes.name = name;
    if (category !== undefined) changes.category = category;
    if (tags !== undefined && !ctx.faults.has('document_update_drops_tags')) changes.tags = tags;
    return { body: documentsOf(ctx.tenant).update(document, changes) };
  });

  router.handle('documents.delete', (ctx) => {
    const document = documentFor(ctx, accountFor(ctx), ctx.params.document_id);
    if (ctx.faults.has('document_list_keeps_deleted')) tombstones.add(document);
    else if (!ctx.faults.has('document_deleted_still_readable')) documentsOf(ctx.tenant).delete(document.id);
    return {};
  });
}
