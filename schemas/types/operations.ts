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
 * `form`, the fields of the multipart form it takes, as its schema types them (`never` for none);
 * `query`, the query parameters it reads (`never` for none); `success`, its success status;
 * `responses`, the body of each documented status (`undefined` for none).
 */
export interface Operations {
  'accounts.list': {
    request: never;
    form: never;
    query: Accounts.ListQuery;
    success: 200;
    responses: { 200: Accounts.List; 400: Common.Error; 401: Common.Error };
  };
  'accounts.create': {
    request: Accounts.CreateRequest;
    form: never;
    query: never;
    success: 201;
    responses: { 201: Accounts.Account; 400: Common.Error; 401: Common.Error; 409: Common.Error };
  };
  'accounts.detail': { request: never; form: never; query: never; success: 200; responses: { 200: Accounts.Account; 401: Common.Error; 404: Common.Error } };
  'accounts.initiate': {
    request: Common.EmptyRequest;
    form: never;
    query: never;
    success: 200;
    responses: { 200: Accounts.Account; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'accounts.approve': {
    request: Common.EmptyRequest;
    form: never;
    query: never;
    success: 200;
    responses: { 200: Accounts.Account; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'accounts.activate': {
    request: Common.EmptyRequest;
    form: never;
    query: never;
    success: 200;
    responses: { 200: Accounts.Account; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'accounts.drop': {
    request: Accounts.DropRequest;
    form: never;
    query: never;
    success: 200;
    responses: { 200: Accounts.Account; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'accounts.reopen': {
    request: Common.EmptyRequest;
    form: never;
    query: never;
    success: 200;
    responses: { 200: Accounts.Account; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'approvals.list': {
    request: never;
    form: never;
    query: Common.ListQuery;
    success: 200;
    responses: { 200: Approvals.List; 400: Common.Error; 401: Common.Error; 404: Common.Error };
  };
  'approvals.create': {
    request: Approvals.CreateRequest;
    form: never;
    query: never;
    success: 201;
    responses: { 201: Approvals.Approval; 400: Common.Error; 401: Common.Error; 404: Common.Error };
  };
  'approvals.get': { request: never; form: never; query: never; success: 200; responses: { 200: Approvals.Approval; 401: Common.Error; 404: Common.Error } };
  'approvals.approve': {
    request: Common.EmptyRequest;
    form: never;
    query: never;
    success: 200;
    responses: { 200: Approvals.Approval; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'approvals.bulkApprove': {
    request: Approvals.BulkApproveRequest;
    form: never;
    query: never;
    success: 200;
    responses: { 200: Approvals.BulkApproveResponse; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'customFields.list': {
    request: never;
    form: never;
    query: Common.ListQuery;
    success: 200;
    responses: { 200: CustomFields.List; 400: Common.Error; 401: Common.Error; 404: Common.Error };
  };
  'customFields.create': {
    request: CustomFields.CreateRequest;
    form: never;
    query: never;
    success: 201;
    responses: { 201: CustomFields.CustomField; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'assessments.list': {
    request: never;
    form: never;
    query: Common.ListQuery;
    success: 200;
    responses: { 200: Assessments.List; 400: Common.Error; 401: Common.Error; 404: Common.Error };
  };
  'assessments.submit': {
    request: Assessments.SubmitRequest;
    form: never;
    query: never;
    success: 200;
    responses: { 200: Assessments.Assessment; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'agreements.generate': {
    request: Agreements.GenerateRequest;
    form: never;
    query: never;
    success: 201;
    responses: { 201: Agreements.Agreement; 400: Common.Error; 401: Common.Error; 404: Common.Error };
  };
  'agreements.list': {
    request: never;
    form: never;
    query: Common.ListQuery;
    success: 200;
    responses: { 200: Agreements.List; 400: Common.Error; 401: Common.Error; 404: Common.Error };
  };
  'agreements.upload': {
    request: never;
    form: Common.Upload;
    query: never;
    success: 201;
    responses: { 201: Agreements.Agreement; 400: Common.Error; 401: Common.Error; 404: Common.Error };
  };
  'stamps.generate': {
    request: Agreements.StampGenerateRequest;
    form: never;
    query: never;
    success: 201;
    responses: { 201: Agreements.Stamp; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'stamps.upload': {
    request: never;
    form: Agreements.StampUploadRequest;
    query: never;
    success: 201;
    responses: { 201: Agreements.Stamp; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'stamps.status': { request: never; form: never; query: never; success: 200; responses: { 200: Agreements.Stamp; 401: Common.Error; 404: Common.Error } };
  'sign.initiateEsign': {
    request: Esign.InitiateEsignRequest;
    form: never;
    query: never;
    success: 201;
    responses: { 201: Esign.SignRequest; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'sign.refresh': { request: never; form: never; query: never; success: 200; responses: { 200: Esign.SignRequest; 401: Common.Error; 404: Common.Error } };
  'documents.list': {
    request: never;
    form: never;
    query: Common.ListQuery;
    success: 200;
    responses: { 200: Documents.List; 400: Common.Error; 401: Common.Error; 404: Common.Error };
  };
  'documents.detail': { request: never; form: never; query: never; success: 200; responses: { 200: Documents.Document; 401: Common.Error; 404: Common.Error } };
  'documents.update': {
    request: Documents.UpdateRequest;
    form: never;
    query: never;
    success: 200;
    responses: { 200: Documents.Document; 400: Common.Error; 401: Common.Error; 404: Common.Error };
  };
  'documents.delete': { request: never; form: never; query: never; success: 204; responses: { 204: undefined; 401: Common.Error; 404: Common.Error } };
  'signing.initiate': {
    request: Esign.InitiateSigningRequest;
    form: never;
    query: never;
    success: 201;
    responses: { 201: Esign.SignRequest; 400: Common.Error; 401: Common.Error; 404: Common.Error };
  };
  'signing.callback': {
    request: Esign.CallbackRequest;
    form: never;
    query: never;
    success: 200;
    responses: { 200: Esign.SignRequest; 400: Common.Error; 401: Common.Error; 409: Common.Error };
  };
  'signing.upload': {
    request: never;
    form: Common.Upload;
    query: never;
    success: 201;
    responses: { 201: Esign.SignRequest; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'signing.list': {
    request: never;
    form: never;
    query: Common.ListQuery;
    success: 200;
    responses: { 200: Esign.List; 400: Common.Error; 401: Common.Error; 404: Common.Error };
  };
  'insurances.create': {
    request: Charges.InsuranceCreateRequest;
    form: never;
    query: never;
    success: 201;
    responses: { 201: Charges.Insurance; 400: Common.Error; 401: Common.Error; 404: Common.Error };
  };
  'fees.create': {
    request: Charges.FeeCreateRequest;
    form: never;
    query: never;
    success: 201;
    responses: { 201: Charges.Fee; 400: Common.Error; 401: Common.Error; 404: Common.Error };
  };
  'mandates.create': {
    request: Charges.MandateCreateRequest;
    form: never;
    query: never;
    success: 201;
    responses: { 201: Charges.Mandate; 400: Common.Error; 401: Common.Error; 404: Common.Error };
  };
  'mandates.get': { request: never; form: never; query: never; success: 200; responses: { 200: Charges.Mandate; 401: Common.Error; 404: Common.Error } };
  'leads.create': {
    request: Leads.CreateRequest;
    form: never;
    query: never;
    success: 201;
    responses: { 201: Leads.Lead; 400: Common.Error; 401: Common.Error };
  };
  'leads.delete': { request: never; form: never; query: never; success: 204; responses: { 204: undefined; 401: Common.Error; 404: Common.Error } };
}
