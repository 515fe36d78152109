import { buildOpenApi } from '../../schemas/openapi-export';

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
  const field = /(?:request|response \d+) (\/\S*|\(body\)): (\w+)/.exec(d.summary);
  return [d.operation ?? '-', d.kind, ...(field ? [field[1], field[2]] : [])].join(' ');
}

/**
 * The project's own export as drf-spectacular (OpenAPI 3.0, COMPONENT_SPLIT_REQUEST) would write
 * Create Lead: `LeadRequest` / `ApplicantRequest` for the request, `Lead` / `Applicant` for the
 * response with readOnly `id`, `created_at`, `updated_at`; a RegexValidator as `pattern`, a
 * CharField's `maxLength`, a choice field as an enum component, `nullable`, an `example`.
 */
export function spectacularExport(): { document: Json; expected: string[] } {
  const doc = buildOpenApi() as Json;
  doc.openapi = '3.0.3';
  const schemas = doc.components.schemas as Json;
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const readOnly = (schema: Json) => ({ ...schema, readOnly: true });
  const mobile = { type: 'string', pattern: '^[6-9]\\d{9}$', example: '9876543210' };
  schemas.ApplicantTypeEnum = { enum: ['individual', 'company'], type: 'string', description: '* `individual` - Individual\n* `company` - Company' };
  schemas.ApplicantRequest = {
    type: 'object',
    properties: { applicant_type: ref('ApplicantTypeEnum'), is_primary: { type: 'boolean' }, full_name: { type: 'string', minLength: 1, maxLength: 100 } },
    required: ['applicant_type', 'full_name', 'is_primary'],
  };
  schemas.Applicant = {
    type: 'object',
    properties: {
      id: readOnly({ type: 'string', format: 'uuid' }),
      applicant_type: ref('ApplicantTypeEnum'),
      is_primary: { type: 'boolean' },
      full_name: { type: 'string', maxLength: 100 },
      created_at: readOnly({ type: 'number' }),
      updated_at: readOnly({ type: 'number' }),
    },
    required: ['applicant_type', 'created_at', 'full_name', 'id', 'is_primary', 'updated_at'],
  };
  schemas.LeadRequest = {
    type: 'object',
    properties: {
      program_id: { type: 'string', format: 'uuid' },
      primary_mobile: mobile,
      applicants: { type: 'array', items: ref('ApplicantRequest'), minItems: 1 },
    },
    required: ['applicants', 'primary_mobile', 'program_id'],
  };
  schemas.Lead = {
    type: 'object',
    properties: {
      id: readOnly({ type: 'string', format: 'uuid' }),
      created_at: readOnly({ type: 'number' }),
      updated_at: readOnly({ type: 'number' }),
      program_id: { type: 'string', format: 'uuid', nullable: true },
      primary_mobile: mobile,
      applicants: { type: 'array', items: ref('Applicant') },
    },
    required: ['applicants', 'created_at', 'id', 'primary_mobile', 'program_id', 'updated_at'],
  };
  const create = doc.paths['/v1/crm/leads/'].post;
  create.requestBody.content['application/json'].schema = ref('LeadRequest');
  create.responses['201'].content['application/json'].schema = ref('Lead');
  const expected = [
    'leads.create request_field /primary_mobile pattern',
    'leads.create request_field /primary_mobile examples',
    'leads.create request_field /applicants/*/applicant_type enum',
    // DRF states a CharField's minLength only for requests; its enum has none.
    'leads.create request_field /applicants/*/applicant_type minLength',
    'leads.create request_field /applicants/*/full_name maxLength',
    'leads.create response_field /program_id nullable',
    'leads.create response_field /primary_mobile pattern',
    'leads.create response_field /primary_mobile examples',
    'leads.create response_field /applicants/*/id extra',
    'leads.create response_field /applicants/*/created_at extra',
    'leads.create response_field /applicants/*/updated_at extra',
    'leads.create response_field /applicants/*/applicant_type enum',
    'leads.create response_field /applicants/*/full_name maxLength',
  ];
  return { document: doc, expected: expected.sort() };
}
