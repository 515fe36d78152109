/* Generated from schemas/agreements.json by scripts/schema-types.ts (npm run types): edit the schema, not this file. */

/**
 * This interface was referenced by `Agreements`'s JSON-Schema
 * via the `definition` "agreementStatus".
 */
export type AgreementStatus = 'generated' | 'uploaded' | 'stamped' | 'esign_initiated' | 'signed';
/**
 * This interface was referenced by `Agreements`'s JSON-Schema
 * via the `definition` "list".
 */
export type List = {
  results?: Agreement[];
} & ListEnvelope;
/**
 * This interface was referenced by `Agreements`'s JSON-Schema
 * via the `definition` "stateCode".
 */
export type StateCode = string;

/**
 * This interface was referenced by `Agreements`'s JSON-Schema
 * via the `definition` "agreement".
 */
export interface Agreement {
  /**
   * Identifiers are UUID strings.
   */
  id: string;
  /**
   * Identifiers are UUID strings.
   */
  account_id: string;
  /**
   * Epoch seconds as a JSON number, usually with a fractional part (e.g. 1721387621.6985629; whole seconds and any number of decimals are allowed). The unit is documented; the window and the order are inferred: every timestamp of the contract records something that has happened, so a value is not before `earliest` nor after the answer's arrival plus the allowed clock skew (CLOCK_SKEW_SECONDS), and within a record the `order` fields never go back. The suite's timestamps_conformance check reads all of it from x-timestamp.
   */
  created_at: number;
  /**
   * Epoch seconds as a JSON number, usually with a fractional part (e.g. 1721387621.6985629; whole seconds and any number of decimals are allowed). The unit is documented; the window and the order are inferred: every timestamp of the contract records something that has happened, so a value is not before `earliest` nor after the answer's arrival plus the allowed clock skew (CLOCK_SKEW_SECONDS), and within a record the `order` fields never go back. The suite's timestamps_conformance check reads all of it from x-timestamp.
   */
  updated_at: number;
  source: 'generated' | 'uploaded';
  template_id: string | null;
  status: AgreementStatus;
  /**
   * Identifiers are UUID strings.
   */
  document_id: string;
}
/**
 * This interface was referenced by `Agreements`'s JSON-Schema
 * via the `definition` "generateRequest".
 */
export interface GenerateRequest {
  template_id: string;
  language?: 'en' | 'hi';
}
/**
 * Page-number pagination envelope shared by every list endpoint.
 */
export interface ListEnvelope {
  count: number;
  next: string | null;
  previous: string | null;
  results: unknown[];
}
/**
 * This interface was referenced by `Agreements`'s JSON-Schema
 * via the `definition` "stamp".
 */
export interface Stamp {
  /**
   * Identifiers are UUID strings.
   */
  id: string;
  /**
   * Identifiers are UUID strings.
   */
  account_id: string;
  /**
   * Identifiers are UUID strings.
   */
  agreement_id: string;
  /**
   * Epoch seconds as a JSON number, usually with a fractional part (e.g. 1721387621.6985629; whole seconds and any number of decimals are allowed). The unit is documented; the window and the order are inferred: every timestamp of the contract records something that has happened, so a value is not before `earliest` nor after the answer's arrival plus the allowed clock skew (CLOCK_SKEW_SECONDS), and within a record the `order` fields never go back. The suite's timestamps_conformance check reads all of it from x-timestamp.
   */
  created_at: number;
  /**
   * Epoch seconds as a JSON number, usually with a fractional part (e.g. 1721387621.6985629; whole seconds and any number of decimals are allowed). The unit is documented; the window and the order are inferred: every timestamp of the contract records something that has happened, so a value is not before `earliest` nor after the answer's arrival plus the allowed clock skew (CLOCK_SKEW_SECONDS), and within a record the `order` fields never go back. The suite's timestamps_conformance check reads all of it from x-timestamp.
   */
  updated_at: number;
  /**
   * Money in the currency's major unit.
   */
  stamp_amount: number;
  state_code: StateCode;
  status: 'requested' | 'generated' | 'uploaded' | 'failed';
  certificate_number: string | null;
  document_id: string | null;
}
/**
 * This interface was referenced by `Agreements`'s JSON-Schema
 * via the `definition` "stampGenerateRequest".
 */
export interface StampGenerateRequest {
  /**
   * Identifiers are UUID strings.
   */
  agreement_id: string;
  /**
   * Money in the currency's major unit.
   */
  stamp_amount: number;
  state_code: StateCode;
}
/**
 * multipart/form-data: the stamp paper scan plus its certificate.
 *
 * This interface was referenced by `Agreements`'s JSON-Schema
 * via the `definition` "stampUploadRequest".
 */
export interface StampUploadRequest {
  file: string;
  /**
   * Identifiers are UUID strings.
   */
  agreement_id: string;
  certificate_number: string;
  /**
   * A multipart text field, so the amount travels as a decimal string.
   */
  stamp_amount: string;
  state_code: StateCode;
}
