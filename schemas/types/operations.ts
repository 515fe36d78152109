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
 * `success`, its success status; `responses`, the body of each documented status (`undefined` for none).
 */
export interface Operations {
  'accounts.list': { request: never; success: 200; responses: { 200: Accounts.List; 400: Common.Error; 401: Common.Error } };
  'accounts.create': {
    request: Accounts.CreateRequest;
    success: 201;
    responses: { 201: Accounts.Account; 400: Common.Error; 401: Common.Error; 409: Common.Error };
  };
  'accounts.detail': { request: never; success: 200; responses: { 200: Accounts.Account; 401: Common.Error; 404: Common.Error } };
  'accounts.initiate': {
    request: Common.EmptyRequest;
    success: 200;
    responses: { 200: Accounts.Account; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'accounts.approve': {
    request: Common.EmptyRequest;
    success: 200;
    responses: { 200: Accounts.Account; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'accounts.activate': {
    request: Common.EmptyRequest;
    success: 200;
    responses: { 200: Accounts.Account; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'accounts.drop': {
    request: Accounts.DropRequest;
    success: 200;
    responses: { 200: Accounts.Account; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'accounts.reopen': {
    request: Common.EmptyRequest;
    success: 200;
    responses: { 200: Accounts.Account; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'approvals.list': { request: never; success: 200; responses: { 200: Approvals.List; 400: Common.Error; 401: Common.Error; 404: Common.Error } };
  'approvals.create': {
    request: Approvals.CreateRequest;
    success: 201;
    responses: { 201: Approvals.Approval; 400: Common.Error; 401: Common.Error; 404: Common.Error };
  };
  'approvals.get': { request: never; success: 200; responses: { 200: Approvals.Approval; 401: Common.Error; 404: Common.Error } };
  'approvals.approve': {
    request: Common.EmptyRequest;
    success: 200;
    responses: { 200: Approvals.Approval; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'approvals.bulkApprove': {
    request: Approvals.BulkApproveRequest;
    success: 200;
    responses: { 200: Approvals.BulkApproveResponse; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'customFields.list': { request: never; success: 200; responses: { 200: CustomFields.List; 400: Common.Error; 401: Common.Error; 404: Common.Error } };
  'customFields.create': {
    request: CustomFields.CreateRequest;
    success: 201;
    responses: { 201: CustomFields.CustomField; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'assessments.list': { request: never; success: 200; responses: { 200: Assessments.List; 400: Common.Error; 401: Common.Error; 404: Common.Error } };
  'assessments.submit': {
    request: Assessments.SubmitRequest;
    success: 200;
    responses: { 200: Assessments.Assessment; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'agreements.generate': {
    request: Agreements.GenerateRequest;
    success: 201;
    responses: { 201: Agreements.Agreement; 400: Common.Error; 401: Common.Error; 404: Common.Error };
  };
  'agreements.list': { request: never; success: 200; responses: { 200: Agreements.List; 400: Common.Error; 401: Common.Error; 404: Common.Error } };
  'agreements.upload': { request: never; success: 201; responses: { 201: Agreements.Agreement; 400: Common.Error; 401: Common.Error; 404: Common.Error } };
  'stamps.generate': {
    request: Agreements.StampGenerateRequest;
    success: 201;
    responses: { 201: Agreements.Stamp; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'stamps.upload': {
    request: never;
    success: 201;
    responses: { 201: Agreements.Stamp; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'stamps.status': { request: never; success: 200; responses: { 200: Agreements.Stamp; 401: Common.Error; 404: Common.Error } };
  'sign.initiateEsign': {
    request: Esign.InitiateEsignRequest;
    success: 201;
    responses: { 201: Esign.SignRequest; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'sign.refresh': { request: never; success: 200; responses: { 200: Esign.SignRequest; 401: Common.Error; 404: Common.Error } };
  'documents.list': { request: never; success: 200; responses: { 200: Documents.List; 400: Common.Error; 401: Common.Error; 404: Common.Error } };
  'documents.detail': { request: never; success: 200; responses: { 200: Documents.Document; 401: Common.Error; 404: Common.Error } };
  'documents.update': {
    request: Documents.UpdateRequest;
    success: 200;
    responses: { 200: Documents.Document; 400: Common.Error; 401: Common.Error; 404: Common.Error };
  };
  'documents.delete': { request: never; success: 204; responses: { 204: undefined; 401: Common.Error; 404: Common.Error } };
  'signing.initiate': {
    request: Esign.InitiateSigningRequest;
    success: 201;
    responses: { 201: Esign.SignRequest; 400: Common.Error; 401: Common.Error; 404: Common.Error };
  };
  'signing.callback': {
    request: Esign.CallbackRequest;
    success: 200;
    responses: { 200: Esign.SignRequest; 400: Common.Error; 401: Common.Error; 409: Common.Error };
  };
  'signing.upload': {
    request: never;
    success: 201;
    responses: { 201: Esign.SignRequest; 400: Common.Error; 401: Common.Error; 404: Common.Error; 409: Common.Error };
  };
  'signing.list': { request: never; success: 200; responses: { 200: Esign.List; 400: Common.Error; 401: Common.Error; 404: Common.Error } };
  'insurances.create': {
    request: Charges.InsuranceCreateRequest;
    success: 201;
    responses: { 201: Charges.Insurance; 400: Common.Error; 401: Common.Error; 404: Common.Error };
  };
  'fees.create': { request: Charges.FeeCreateRequest; success: 201; responses: { 201: Charges.Fee; 400: Common.Error; 401: Common.Error; 404: Common.Error } };
  'mandates.create': {
    request: Charges.MandateCreateRequest;
    success: 201;
    responses: { 201: Charges.Mandate; 400: Common.Error; 401: Common.Error; 404: Common.Error };
  };
  'mandates.get': { request: never; success: 200; responses: { 200: Charges.Mandate; 401: Common.Error; 404: Common.Error } };
  'leads.create': { request: Leads.CreateRequest; success: 201; responses: { 201: Leads.Lead; 400: Common.Error; 401: Common.Error } };
  'leads.delete': { request: never; success: 204; responses: { 204: undefined; 401: Common.Error; 404: Common.Error } };
}
