import { editBody, type FaultDefinition } from '../fault-kit';

/**
 * Contract breaks in the documentation flow (agreements, stamps, e-sign, documents). Faults
 * without `respond` change behaviour: the routes check them with `ctx.faults.has(name)`.
 */
const AGREEMENTS = 'tests/contract/agreements.spec.ts';
const STAMPS = 'tests/contract/stamps.spec.ts';
const ESIGN = 'tests/contract/esign.spec.ts';
const DOCUMENTS = 'tests/contract/documents.spec.ts';

export const documentFaults = {
  agreement_list_duplicates: {
    description: 'Agreement > List pages overlap: each page after the first repeats the last agreement of the page before.',
    caughtBy: [AGREEMENTS],
    catchers: ['pagination_conformance'],
  },
  stamp_status_unknown_enum: {
    description: 'Stamp > Get Status reports status `pending_registration`, a value outside the documented enum.',
    caughtBy: [STAMPS],
    catchers: ['response_schema_conformance'],
    operations: ['stamps.status'],
    respond: editBody((body) => {
      if (typeof body.status === 'string') body.status = 'pending_registration';
    }),
  },
  stamp_leaves_agreement_unstamped: {
    description: 'Stamp > Generate and Upload answer 201 but the agreement stays generated/uploaded instead of becoming stamped.',
    caughtBy: [STAMPS],
    catchers: ['state_persisted'],
  },
  stamp_restamp_allowed: {
    description: 'Stamp > Generate stamps an already stamped agreement again (201) instead of refusing with 409.',
    caughtBy: [STAMPS],
    catchers: ['status_code_conformance'],
  },
  esign_signing_url_not_uri: {
    description: 'Sign > Initiate Esign returns a signing_url without a scheme (`esign.sandbox.example.com/sign/…`), not a URI.',
    caughtBy: [ESIGN],
    catchers: ['response_schema_conformance'],
    operations: ['sign.initiateEsign'],
    respond: editBody((body) => {
      if (typeof body.signing_url === 'string') body.signing_url = body.signing_url.replace(/^https?:\/\//, '');
    }),
  },
  callback_not_persisted: {
    description: 'Signing > Service Callback answers 200 with the new status but stores nothing: Refresh still reports initiated.',
    caughtBy: [ESIGN],
    catchers: ['state_persisted'],
  },
  signing_upload_wrong_category: {
    description: 'Signing > Upload files the signed copy as category `other` instead of `signed_agreement`.',
    caughtBy: [ESIGN],
    catchers: ['state_persisted'],
  },
  signing_list_ignores_page_size: {
    description: 'Signing > List ignores page_size and returns every sign request on the first page.',
    caughtBy: [ESIGN],
    catchers: ['pagination_conformance'],
  },
  document_deleted_still_readable: {
    description: 'Document > Delete answers 204 but keeps the document: Detail still returns it and List still lists it.',
    caughtBy: [DOCUMENTS],
    catchers: ['status_code_conformance'],
  },
  document_list_keeps_deleted: {
    description: 'Document > Delete removes the document from Detail (404) but List still lists it and counts it.',
    caughtBy: [DOCUMENTS],
    catchers: ['use_after_free'],
  },
  document_delete_200_with_body: {
    description: 'Document > Delete answers 200 with a JSON body instead of 204 No Content.',
    caughtBy: [DOCUMENTS],
    catchers: ['status_code_conformance'],
    operations: ['documents.delete'],
    respond: (reply) => (reply.status === 204 ? { ...reply, status: 200, body: { deleted: true } } : reply),
  },
  document_update_drops_tags: {
    description: 'Document > Update saves name and category but silently ignores the tags it was sent.',
    caughtBy: [DOCUMENTS],
    catchers: ['request_echo_conformance'],
  },
} satisfies Record<string, FaultDefinition>;
