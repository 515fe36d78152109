/* Generated from schemas/catalogue.ts and schemas/*.json by scripts/schema-types.ts (npm run types): edit those, not this file. */
import type * as Accounts from './accounts';
import type * as Agreements from './agreements';
import type * as Approvals from './approvals';
import type * as Assessments from './assessments';
import type * as Charges from './charges';
import type * as Common from './common';
import type * as CustomFields from './custom-fields';
import type * as Documents from './documents';
import type * as Esign from './esign';
import type * as Leads from './leads';

/**
 * Per catalogue operation: `request`, the JSON body it takes (`never` for none or a multipart form);
 * `success`, its success status; `response`, the body of that status (`undefined` for none).
 */
export interface Operations {
  'accounts.list': { request: never; success: 200; response: Accounts.List };
  'accounts.create': { request: Accounts.CreateRequest; success: 201; response: Accounts.Account };
  'accounts.detail': { request: never; success: 200; response: Accounts.Account };
  'accounts.initiate': { request: Common.EmptyRequest; success: 200; response: Accounts.Account };
  'accounts.approve': { request: Common.EmptyRequest; success: 200; response: Accounts.Account };
  'accounts.activate': { request: Common.EmptyRequest; success: 200; response: Accounts.Account };
  'accounts.drop': { request: Accounts.DropRequest; success: 200; response: Accounts.Account };
  'accounts.reopen': { request: Common.EmptyRequest; success: 200; response: Accounts.Account };
  'approvals.list': { request: never; success: 200; response: Approvals.List };
  'approvals.create': { request: Approvals.CreateRequest; success: 201; response: Approvals.Approval };
  'approvals.get': { request: never; success: 200; response: Approvals.Approval };
  'approvals.approve': { request: Common.EmptyRequest; success: 200; response: Approvals.Approval };
  'approvals.bulkApprove': { request: Approvals.BulkApproveRequest; success: 200; response: Approvals.BulkApproveResponse };
  'customFields.list': { request: never; success: 200; response: CustomFields.List };
  'customFields.create': { request: CustomFields.CreateRequest; success: 201; response: CustomFields.CustomField };
  'assessments.list': { request: never; success: 200; response: Assessments.List };
  'assessments.submit': { request: Assessments.SubmitRequest; success: 200; response: Assessments.Assessment };
  'agreements.generate': { request: Agreements.GenerateRequest; success: 201; response: Agreements.Agreement };
  'agreements.list': { request: never; success: 200; response: Agreements.List };
  'agreements.upload': { request: never; success: 201; response: Agreements.Agreement };
  'stamps.generate': { request: Agreements.StampGenerateRequest; success: 201; response: Agreements.Stamp };
  'stamps.upload': { request: never; success: 201; response: Agreements.Stamp };
  'stamps.status': { request: never; success: 200; response: Agreements.Stamp };
  'sign.initiateEsign': { request: Esign.InitiateEsignRequest; success: 201; response: Esign.SignRequest };
  'sign.refresh': { request: never; success: 200; response: Esign.SignRequest };
  'documents.list': { request: never; success: 200; response: Documents.List };
  'documents.detail': { request: never; success: 200; response: Documents.Document };
  'documents.update': { request: Documents.UpdateRequest; success: 200; response: Documents.Document };
  'documents.delete': { request: never; success: 204; response: undefined };
  'signing.initiate': { request: Esign.InitiateSigningRequest; success: 201; response: Esign.SignRequest };
  'signing.callback': { request: Esign.CallbackRequest; success: 200; response: Esign.SignRequest };
  'signing.upload': { request: never; success: 201; response: Esign.SignRequest };
  'signing.list': { request: never; success: 200; response: Esign.List };
  'insurances.create': { request: Charges.InsuranceCreateRequest; success: 201; response: Charges.Insurance };
  'fees.create': { request: Charges.FeeCreateRequest; success: 201; response: Charges.Fee };
  'mandates.create': { request: Charges.MandateCreateRequest; success: 201; response: Charges.Mandate };
  'mandates.get': { request: never; success: 200; response: Charges.Mandate };
  'leads.create': { request: Leads.CreateRequest; success: 201; response: Leads.Lead };
  'leads.delete': { request: never; success: 204; response: undefined };
}
