/**
 * The one place that says what the LOS API is: every operation's path, method, request and
 * responses. Paths the public docs don't show are inferred in one REST style (resources nested
 * under `/v1/los/accounts/{account_id}/`, actions as `PUT …/{action}/`, trailing slash as in the
 * documented Accounts > Create). Where the docs are silent, Django REST Framework's defaults are
 * inferred (the docs' token is simplejwt's, every path ends in a slash, the list envelope is DRF's
 * PageNumberPagination): every 4xx carries its error body (ERROR_SCHEMA, see common.json).
 * A person with access to the real API corrects this file and the JSON Schemas it points at; the
 * suite, the sandbox and the OpenAPI export all follow.
 */

import { matchTemplate, paramNames } from './paths';
import { nodeAt, refTarget, type SchemaNode } from './walk';
import type { Status } from './types/accounts';

export type Provenance = 'documented' | 'inferred';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Group =
  | 'Approval'
  | 'Custom Fields'
  | 'Assessments'
  | 'Agreement'
  | 'Stamp'
  | 'Sign'
  | 'Document'
  | 'Accounts'
  | 'Signing'
  | 'Insurances'
  | 'Fee'
  | 'Mandate'
  | 'CRM';

export interface Operation<Id extends OperationId = OperationId> {
  id: Id;
  group: Group;
  name: string;
  method: Method;
  path: string;
  provenance: Provenance;
  /** Part of the 37 operations of the LOS sidebar (CRM is a prerequisite, not counted). */
  los: boolean;
  request?: { schema: string; contentType: 'application/json' | 'multipart/form-data' };
  query?: string;
  /** The success status code; its body schema is `responses[success]`. */
  success: number;
  /** Documented (or inferred) status codes and the schema of each body; null means no body. */
  responses: Record<number, string | null>;
  /** Changes nothing on the server: safe to run against a partner's tenant in READ_ONLY mode. */
  readOnly: boolean;
  /** Optional p95 budget for the latency table; exceeding it fails the run. */
  latencyBudgetMs?: number;
  /** The read that lists the records of the last path parameter, where it is not the GET on the path before it. */
  listedBy?: OperationId;
  /** Of a synthetic copy (LOS_CATALOGUE_COPIES): the operation it copies, whose builders and rules it shares. */
  copyOf?: OperationId;
}

const S = 'https://los-contract.dev/schemas/';
export const schemaRef = (file: string, def: string): string => `${S}${file}.json#/$defs/${def}`;
/** The one error body of every 4xx: Django REST Framework's by default; probe and calibrate replace it when a target answers another. */
export const ERROR_SCHEMA = schemaRef('common', 'error');

/** The values of the enum a schema declares, its `$ref`s followed; undefined when it declares none. */
export function enumAt(ref: string): string[] | undefined {
  let node: SchemaNode | undefined = nodeAt(ref);
  for (let hops = 0; node && hops < 8; hops++) {
    if (Array.isArray(node.schema.enum)) return node.schema.enum.filter((v): v is string => typeof v === 'string');
    node = refTarget(node);
  }
  return undefined;
}

const ACCOUNT = '/v1/los/accounts/{account_id}/';

interface Spec {
  group: Group;
  name: string;
  method: Method;
  path: string;
  provenance?: Provenance;
  request?: string | { multipart: string };
  query?: string;
  success: number;
  body: string | null;
  /** Error codes besides 401 (always) and 400/404 (derived from request body and path ids). */
  conflict?: boolean;
  los?: boolean;
  /** An operation id (checked when the catalogue loads; the type would be circular here). */
  listedBy?: string;
}

function fromSpec(id: OperationId, spec: Spec): Operation {
  const hasIds = paramNames(spec.path).length > 0;
  const errors = [spec.request || spec.query ? 400 : 0, 401, hasIds ? 404 : 0, spec.conflict ? 409 : 0].filter(Boolean);
  const responses: Record<number, string | null> = { [spec.success]: spec.body };
  for (const code of errors) responses[code] = ERROR_SCHEMA;
  const request =
    spec.request === undefined
      ? undefined
      : typeof spec.request === 'string'
        ? { schema: spec.request, contentType: 'application/json' as const }
        : { schema: spec.request.multipart, contentType: 'multipart/form-data' as const };
  return {
    id,
    group: spec.group,
    name: spec.name,
    method: spec.method,
    path: spec.path,
    provenance: spec.provenance ?? 'inferred',
    los: spec.los ?? true,
    request,
    query: spec.query,
    success: spec.success,
    responses,
    readOnly: spec.method === 'GET',
    ...(spec.listedBy ? { listedBy: spec.listedBy as OperationId } : {}),
  };
}

const list = (file: string) => schemaRef(file, 'list');
const listQuery = schemaRef('common', 'listQuery');
const action = schemaRef('common', 'emptyRequest');
const upload = { multipart: schemaRef('common', 'upload') };

const specs = {
  // Accounts (Create is the one fully documented page)
  'accounts.list': {
    group: 'Accounts',
    name: 'List',
    method: 'GET',
    path: '/v1/los/accounts/',
    query: schemaRef('accounts', 'listQuery'),
    success: 200,
    body: list('accounts'),
  },
  'accounts.create': {
    group: 'Accounts',
    name: 'Create',
    method: 'POST',
    path: '/v1/los/accounts/',
    provenance: 'documented',
    request: schemaRef('accounts', 'createRequest'),
    success: 201,
    body: schemaRef('accounts', 'account'),
    conflict: true,
  },
  'accounts.detail': { group: 'Accounts', name: 'Detail', method: 'GET', path: ACCOUNT, success: 200, body: schemaRef('accounts', 'account') },
  'accounts.initiate': {
    group: 'Accounts',
    name: 'Initiate',
    method: 'PUT',
    path: `${ACCOUNT}initiate/`,
    request: action,
    success: 200,
    body: schemaRef('accounts', 'account'),
    conflict: true,
  },
  'accounts.approve': {
    group: 'Accounts',
    name: 'Approve',
    method: 'PUT',
    path: `${ACCOUNT}approve/`,
    request: action,
    success: 200,
    body: schemaRef('accounts', 'account'),
    conflict: true,
  },
  'accounts.activate': {
    group: 'Accounts',
    name: 'Activate',
    method: 'PUT',
    path: `${ACCOUNT}activate/`,
    request: action,
    success: 200,
    body: schemaRef('accounts', 'account'),
    conflict: true,
  },
  'accounts.drop': {
    group: 'Accounts',
    name: 'Drop',
    method: 'PUT',
    path: `${ACCOUNT}drop/`,
    request: schemaRef('accounts', 'dropRequest'),
    success: 200,
    body: schemaRef('accounts', 'account'),
    conflict: true,
  },
  'accounts.reopen': {
    group: 'Accounts',
    name: 'Reopen Account',
    method: 'PUT',
    path: `${ACCOUNT}reopen/`,
    request: action,
    success: 200,
    body: schemaRef('accounts', 'account'),
    conflict: true,
  },

  // Approval
  'approvals.list': { group: 'Approval', name: 'List', method: 'GET', path: `${ACCOUNT}approvals/`, query: listQuery, success: 200, body: list('approvals') },
  'approvals.create': {
    group: 'Approval',
    name: 'Create',
    method: 'POST',
    path: `${ACCOUNT}approvals/`,
    request: schemaRef('approvals', 'createRequest'),
    success: 201,
    body: schemaRef('approvals', 'approval'),
  },
  'approvals.get': {
    group: 'Approval',
    name: 'Get',
    method: 'GET',
    path: `${ACCOUNT}approvals/{approval_id}/`,
    success: 200,
    body: schemaRef('approvals', 'approval'),
  },
  'approvals.approve': {
    group: 'Approval',
    name: 'Approve',
    method: 'PUT',
    path: `${ACCOUNT}approvals/{approval_id}/approve/`,
    request: action,
    success: 200,
    body: schemaRef('approvals', 'approval'),
    conflict: true,
  },
  'approvals.bulkApprove': {
    group: 'Approval',
    name: 'Bulk Approve',
    method: 'PUT',
    path: `${ACCOUNT}approvals/bulk-approve/`,
    request: schemaRef('approvals', 'bulkApproveRequest'),
    success: 200,
    body: schemaRef('approvals', 'bulkApproveResponse'),
    conflict: true,
  },

  // Custom Fields
  'customFields.list': {
    group: 'Custom Fields',
    name: 'List Custom Fields',
    method: 'GET',
    path: `${ACCOUNT}custom-fields/`,
    query: listQuery,
    success: 200,
    body: list('custom-fields'),
  },
  'customFields.create': {
    group: 'Custom Fields',
    name: 'Create Custom Fields',
    method: 'POST',
    path: `${ACCOUNT}custom-fields/`,
    request: schemaRef('custom-fields', 'createRequest'),
    success: 201,
    body: schemaRef('custom-fields', 'customField'),
    conflict: true,
  },

  // Assessments
  'assessments.list': {
    group: 'Assessments',
    name: 'List',
    method: 'GET',
    path: `${ACCOUNT}assessments/`,
    query: listQuery,
    success: 200,
    body: list('assessments'),
  },
  'assessments.submit': {
    group: 'Assessments',
    name: 'Submit',
    method: 'PUT',
    path: `${ACCOUNT}assessments/{assessment_id}/submit/`,
    request: schemaRef('assessments', 'submitRequest'),
    success: 200,
    body: schemaRef('assessments', 'assessment'),
    conflict: true,
  },

  // Agreement
  'agreements.generate': {
    group: 'Agreement',
    name: 'Generate',
    method: 'POST',
    path: `${ACCOUNT}agreements/generate/`,
    request: schemaRef('agreements', 'generateRequest'),
    success: 201,
    body: schemaRef('agreements', 'agreement'),
  },
  'agreements.list': {
    group: 'Agreement',
    name: 'List',
    method: 'GET',
    path: `${ACCOUNT}agreements/`,
    query: listQuery,
    success: 200,
    body: list('agreements'),
  },
  'agreements.upload': {
    group: 'Agreement',
    name: 'Upload',
    method: 'POST',
    path: `${ACCOUNT}agreements/upload/`,
    request: upload,
    success: 201,
    body: schemaRef('agreements', 'agreement'),
  },

  // Stamp
  'stamps.generate': {
    group: 'Stamp',
    name: 'Generate',
    method: 'POST',
    path: `${ACCOUNT}stamps/generate/`,
    request: schemaRef('agreements', 'stampGenerateRequest'),
    success: 201,
    body: schemaRef('agreements', 'stamp'),
    conflict: true,
  },
  'stamps.upload': {
    group: 'Stamp',
    name: 'Upload',
    method: 'POST',
    path: `${ACCOUNT}stamps/upload/`,
    request: { multipart: schemaRef('agreements', 'stampUploadRequest') },
    success: 201,
    body: schemaRef('agreements', 'stamp'),
    conflict: true,
  },
  'stamps.status': {
    group: 'Stamp',
    name: 'Get Status',
    method: 'GET',
    path: `${ACCOUNT}stamps/{stamp_id}/status/`,
    success: 200,
    body: schemaRef('agreements', 'stamp'),
  },

  // Sign
  'sign.initiateEsign': {
    group: 'Sign',
    name: 'Initiate Esign',
    method: 'POST',
    path: `${ACCOUNT}esign/`,
    request: schemaRef('esign', 'initiateEsignRequest'),
    success: 201,
    body: schemaRef('esign', 'signRequest'),
    conflict: true,
  },
  'sign.refresh': {
    group: 'Sign',
    name: 'Refresh',
    method: 'GET',
    path: `${ACCOUNT}esign/{esign_id}/refresh/`,
    success: 200,
    body: schemaRef('esign', 'signRequest'),
    // Inferred: Sign and Signing share the sign request (both answer signRequest), so Signing > List lists e-sign ids too.
    listedBy: 'signing.list',
  },

  // Document
  'documents.list': { group: 'Document', name: 'List', method: 'GET', path: `${ACCOUNT}documents/`, query: listQuery, success: 200, body: list('documents') },
  'documents.detail': {
    group: 'Document',
    name: 'Detail',
    method: 'GET',
    path: `${ACCOUNT}documents/{document_id}/`,
    success: 200,
    body: schemaRef('documents', 'document'),
  },
  'documents.update': {
    group: 'Document',
    name: 'Update',
    method: 'PATCH',
    path: `${ACCOUNT}documents/{document_id}/`,
    request: schemaRef('documents', 'updateRequest'),
    success: 200,
    body: schemaRef('documents', 'document'),
  },
  'documents.delete': { group: 'Document', name: 'Delete', method: 'DELETE', path: `${ACCOUNT}documents/{document_id}/`, success: 204, body: null },

  // Signing
  'signing.initiate': {
    group: 'Signing',
    name: 'Initiate',
    method: 'POST',
    path: `${ACCOUNT}signings/`,
    request: schemaRef('esign', 'initiateSigningRequest'),
    success: 201,
    body: schemaRef('esign', 'signRequest'),
  },
  'signing.callback': {
    group: 'Signing',
    name: 'Service Callback',
    method: 'POST',
    path: '/v1/los/signing/callback/',
    request: schemaRef('esign', 'callbackRequest'),
    success: 200,
    body: schemaRef('esign', 'signRequest'),
    conflict: true,
  },
  'signing.upload': {
    group: 'Signing',
    name: 'Upload',
    method: 'POST',
    path: `${ACCOUNT}signings/{signing_id}/upload/`,
    request: upload,
    success: 201,
    body: schemaRef('esign', 'signRequest'),
    conflict: true,
  },
  'signing.list': { group: 'Signing', name: 'List', method: 'GET', path: `${ACCOUNT}signings/`, query: listQuery, success: 200, body: list('esign') },

  // Insurances, Fee, Mandate
  'insurances.create': {
    group: 'Insurances',
    name: 'Create',
    method: 'POST',
    path: `${ACCOUNT}insurances/`,
    request: schemaRef('charges', 'insuranceCreateRequest'),
    success: 201,
    body: schemaRef('charges', 'insurance'),
  },
  'fees.create': {
    group: 'Fee',
    name: 'Create',
    method: 'POST',
    path: `${ACCOUNT}fees/`,
    request: schemaRef('charges', 'feeCreateRequest'),
    success: 201,
    body: schemaRef('charges', 'fee'),
  },
  'mandates.create': {
    group: 'Mandate',
    name: 'Create',
    method: 'POST',
    path: `${ACCOUNT}mandates/`,
    request: schemaRef('charges', 'mandateCreateRequest'),
    success: 201,
    body: schemaRef('charges', 'mandate'),
  },
  'mandates.get': {
    group: 'Mandate',
    name: 'Get Details',
    method: 'GET',
    path: `${ACCOUNT}mandates/{mandate_id}/`,
    success: 200,
    body: schemaRef('charges', 'mandate'),
  },

  // CRM: the lead an account needs (a prerequisite, not one of the 37)
  'leads.create': {
    group: 'CRM',
    name: 'Create Lead',
    method: 'POST',
    path: '/v1/crm/leads/',
    provenance: 'documented',
    request: schemaRef('leads', 'createRequest'),
    success: 201,
    body: schemaRef('leads', 'lead'),
    los: false,
  },
  'leads.delete': { group: 'CRM', name: 'Delete Lead', method: 'DELETE', path: '/v1/crm/leads/{lead_id}/', success: 204, body: null, los: false },
} satisfies Record<string, Spec>;

export type OperationId = keyof typeof specs;
const originals = Object.entries(specs).map(([id, spec]) => fromSpec(id as OperationId, spec as Spec));

/**
 * For the benchmark of how a run grows with the catalogue (scripts/bench, `scaling`):
 * LOS_CATALOGUE_COPIES=n adds n−1 copies of every LOS operation, each under its own path prefix
 * (`/copy2/v1/los/…`), which the sandbox serves as the original. Never set in a real run: no
 * target has these paths.
 */
const COPIES = Number(process.env.LOS_CATALOGUE_COPIES || 1);
if (!Number.isInteger(COPIES) || COPIES < 1 || COPIES > 8)
  throw new Error(`LOS_CATALOGUE_COPIES=${process.env.LOS_CATALOGUE_COPIES}: a whole number from 1 to 8`);
export const copyPrefix = (copy: number): string => `/copy${copy}`;
const copyId = (id: OperationId, copy: number): OperationId => `${id}~${copy}` as OperationId;
const copies = Array.from({ length: COPIES - 1 }, (_, i) => i + 2).flatMap((copy) =>
  originals
    .filter((op) => op.los)
    .map((op): Operation => ({
      ...op,
      id: copyId(op.id, copy),
      name: `${op.name} (copy ${copy})`,
      path: `${copyPrefix(copy)}${op.path}`,
      ...(op.listedBy ? { listedBy: copyId(op.listedBy, copy) } : {}),
      copyOf: op.id,
    })),
);

export const operations: readonly Operation[] = [...originals, ...copies];
/** The operation whose builders and rules an operation follows: itself, or the one it is a copy of. */
export const baseId = (op: Pick<Operation, 'id' | 'copyOf'>): OperationId => op.copyOf ?? op.id;
export const losOperations = operations.filter((op) => op.los);
for (const op of operations) {
  if (op.listedBy && !operations.some((o) => o.id === op.listedBy)) throw new Error(`catalogue: ${op.id} is listedBy ${op.listedBy}, which is no operation`);
}

export function operation<Id extends OperationId>(id: Id): Operation<Id> {
  const found = operations.find((o): o is Operation<Id> => o.id === id);
  if (!found) throw new Error(`unknown operation ${id}`);
  return found;
}

export const title = (o: Operation): string => `${o.group} › ${o.name}`;

/** The methods the catalogue declares on a path template. */
export const declaredMethods = (template: string): Method[] => [...new Set(operations.filter((o) => o.path === template).map((o) => o.method))].sort();

/**
 * The methods a concrete path (ids filled in) answers: those of every path template it matches.
 * `…/approvals/bulk-approve/` also matches `…/approvals/{approval_id}/`, so a GET there is a lookup
 * of an approval, not an unsupported method. `servedAt` says where a target serves each operation
 * (the catalogue's path unless told otherwise).
 */
export const answeredMethods = (path: string, servedAt: (o: Operation) => string = (o) => o.path): Method[] =>
  [...new Set(operations.filter((o) => matchTemplate(servedAt(o), path)).map((o) => o.method))].sort();

/** The schema a status's body must match: the documented one; for an undocumented 4xx, the one error body. */
export const responseSchema = (o: Operation, status: number): string | null | undefined =>
  status in o.responses ? o.responses[status] : status >= 400 && status < 500 ? ERROR_SCHEMA : undefined;

/**
 * The account statuses are the `status` enum of schemas/accounts.json, the one place that lists
 * them (calibrate rewrites it from the target's OpenAPI); AccountStatus is its generated type.
 */
export type AccountStatus = Status;
export const ACCOUNT_STATUSES = (enumAt(schemaRef('accounts', 'status')) ?? []) as readonly AccountStatus[];

/**
 * The table below names each status by its place in that enum, so the enum alone spells them:
 * calibrate renames a status in place (schemas/accounts.json), and the table, the factory, teardown
 * and the leftovers scan follow. A place the enum lacks gets a name no target answers, so the
 * lifecycle checks name the difference while the rest of the run goes on.
 */
const place = (index: number): AccountStatus => ACCOUNT_STATUSES[index] ?? (`(no status #${index + 1} in schemas/accounts.json)` as AccountStatus);
const [ACTIVATION, INITIATED, APPROVED, ACTIVE, DROPPED] = [0, 1, 2, 3, 4].map(place);

/**
 * The actions that move an account between statuses, and where each may start (inferred from the
 * sidebar: create → initiate → approve → activate; drop before activation; reopen brings a dropped
 * account back to the start). Any action from a status not listed here must be refused with 409
 * and change nothing. Calibrate cannot learn the moves themselves; a target that moves otherwise
 * is one `lifecycle_differs` cause of the triage (helpers/core/lifecycle.ts).
 */
export const accountTransitions = {
  'accounts.initiate': { from: [ACTIVATION], to: INITIATED },
  'accounts.approve': { from: [INITIATED], to: APPROVED },
  'accounts.activate': { from: [APPROVED], to: ACTIVE },
  'accounts.drop': { from: [ACTIVATION, INITIATED, APPROVED], to: DROPPED },
  'accounts.reopen': { from: [DROPPED], to: ACTIVATION },
} as const satisfies Record<string, { from: readonly string[]; to: string }>;
export type AccountAction = keyof typeof accountTransitions;
/** The status Accounts > Create gives a new account. */
export const INITIAL_ACCOUNT_STATUS = ACTIVATION;
/** A status the transition table names: the statuses a test can ask the factory for. */
export type TableStatus = (typeof accountTransitions)[AccountAction]['from'][number] | (typeof accountTransitions)[AccountAction]['to'];
export const TABLE_STATUSES: readonly TableStatus[] = [
  ...new Set<TableStatus>([INITIAL_ACCOUNT_STATUS, ...Object.values(accountTransitions).flatMap((rule) => [...rule.from, rule.to])]),
];
/** Statuses an account can still be dropped from: what teardown drops and the leftovers scan looks for. */
export const OPEN_ACCOUNT_STATUSES: readonly TableStatus[] = accountTransitions['accounts.drop'].from;

/** The shortest run of actions that takes a new account to `status`, read off the transition table. */
export function actionsTo(status: TableStatus): AccountAction[] {
  const routes = new Map<TableStatus, AccountAction[]>([[INITIAL_ACCOUNT_STATUS, []]]);
  for (let frontier: TableStatus[] = [INITIAL_ACCOUNT_STATUS]; frontier.length && !routes.has(status);) {
    const next: TableStatus[] = [];
    for (const from of frontier) {
      for (const [action, rule] of Object.entries(accountTransitions) as [AccountAction, (typeof accountTransitions)[AccountAction]][]) {
        if (!(rule.from as readonly TableStatus[]).includes(from) || routes.has(rule.to)) continue;
        routes.set(rule.to, [...routes.get(from)!, action]);
        next.push(rule.to);
      }
    }
    frontier = next;
  }
  const route = routes.get(status);
  if (!route) throw new Error(`no account reaches status ${status} through the transition table`);
  return route;
}
