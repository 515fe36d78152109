import { buildOpenApi } from '../../scripts/openapi-document';

/**
 * The project's own OpenAPI export with known differences of every kind calibrate reports, as the
 * real API's export might show them. Each edit is listed with the difference it must produce.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ACCOUNT = '/v1/los/accounts/{account_id}/';

/** Moves an operation to another path (and method), keeping its tag and summary. */
function move(doc: Json, from: string, method: string, to: string, newMethod = method): void {
  const operation = doc.paths[from][method];
  delete doc.paths[from][method];
  if (!Object.keys(doc.paths[from]).length) delete doc.paths[from];
  (doc.paths[to] ??= {})[newMethod] = operation;
}

/** Routes a Prism mock of the edited export serves elsewhere than the catalogue says. */
export const MOVED_ROUTES = ['accounts.reopen', 'approvals.bulkApprove', 'documents.update', 'insurances.create', 'stamps.status'];

export function editedExport(): { document: Json; expected: string[] } {
  const doc = buildOpenApi() as Json;
  const schemas = doc.components.schemas as Json;
  const expected: string[] = [];

  move(doc, `${ACCOUNT}reopen/`, 'put', `${ACCOUNT}reopen`);
  move(doc, `${ACCOUNT}insurances/`, 'post', `${ACCOUNT}insurance/`);
  expected.push('insurances.create path');
  expected.push('accounts.reopen path');
  move(doc, `${ACCOUNT}approvals/bulk-approve/`, 'put', `${ACCOUNT}approvals/bulk_approve/`);
  expected.push('approvals.bulkApprove path');
  move(doc, `${ACCOUNT}documents/{document_id}/`, 'patch', `${ACCOUNT}documents/{document_id}/`, 'put');
  expected.push('documents.update method');
  const generate = doc.paths[`${ACCOUNT}agreements/generate/`].post.responses;
  generate['202'] = generate['201'];
  delete generate['201'];
  expected.push('agreements.generate status');
  delete doc.paths[`${ACCOUNT}stamps/{stamp_id}/status/`];
  expected.push('stamps.status missing_upstream');
  doc.paths[`${ACCOUNT}notes/`] = {
    get: {
      tags: ['Notes'],
      summary: 'List Notes',
      operationId: 'notes.list',
      responses: { '200': { description: 'OK' } },
      parameters: doc.paths[ACCOUNT].get.parameters,
    },
  };
  expected.push('- not_in_catalogue');

  // Response of Fee › Create: one difference of each aspect.
  const fee = schemas['charges.fee'];
  delete fee.properties.currency;
  fee.required = fee.required.filter((f: string) => f !== 'currency');
  expected.push('fees.create response_field /currency missing');
  fee.properties.reference = { type: 'string' };
  expected.push('fees.create response_field /reference extra');
  fee.properties.amount = { type: 'string' };
  expected.push('fees.create response_field /amount type');
  fee.properties.id = { type: 'string' };
  expected.push('fees.create response_field /id format');
  fee.properties.status = { type: 'string', enum: ['pending', 'paid', 'waived', 'refunded'] };
  expected.push('fees.create response_field /status enum');
  fee.required = fee.required.filter((f: string) => f !== 'due_date');
  expected.push('fees.create response_field /due_date required');

  // Request of Insurances › Create: the same aspects.
  const insurance = schemas['charges.insuranceCreateRequest'];
  delete insurance.properties.currency;
  expected.push('insurances.create request_field /currency missing');
  insurance.properties.nominee = { type: 'string' };
  expected.push('insurances.create request_field /nominee extra');
  insurance.properties.premium_amount = { type: 'integer' };
  expected.push('insurances.create request_field /premium_amount type');
  insurance.properties.start_date = { type: 'string', format: 'date-time' };
  expected.push('insurances.create request_field /start_date format');
  insurance.properties.insurance_type = { type: 'string', enum: ['life', 'health'] };
  expected.push('insurances.create request_field /insurance_type enum');
  insurance.required = insurance.required.filter((f: string) => f !== 'end_date');
  expected.push('insurances.create request_field /end_date required');

  // The error body as a Django REST framework API answers it.
  schemas['common.error'] = { type: 'object', required: ['detail'], properties: { detail: { type: 'string' } } };
  expected.push('- error_shape');
  return { document: doc, expected: expected.sort() };
}

/** `accounts.create response_field /tags missing`: one difference as the tests compare them. */
export function differenceKey(d: { operation: string | null; kind: string; summary: string }): string {
  const field = /(?:request|response \d+) (\/\S*|\(body\)): (missing|extra|type|format|enum|required)/.exec(d.summary);
  return [d.operation ?? '-', d.kind, ...(field ? [field[1], field[2]] : [])].join(' ');
}
