/* Generated from schemas/esign.json by scripts/schema-types.ts (npm run types): edit the schema, not this file. */

/**
 * This interface was referenced by `Esign`'s JSON-Schema
 * via the `definition` "signStatus".
 */
export type SignStatus = 'initiated' | 'signed' | 'declined' | 'expired';
/**
 * This interface was referenced by `Esign`'s JSON-Schema
 * via the `definition` "list".
 */
export type List = {
  results?: SignRequest[];
} & ListEnvelope;

/**
 * One e-sign request with the provider; Sign > Initiate Esign makes one for an agreement, Signing > Initiate for any document.
 *
 * This interface was referenced by `Esign`'s JSON-Schema
 * via the `definition` "signRequest".
 */
export interface SignRequest {
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
  /**
   * Identifiers are UUID strings.
   */
  document_id: string;
  agreement_id: string | null;
  provider: string;
  provider_reference: string;
  status: SignStatus;
  /**
   * @minItems 1
   */
  signers: Signer[];
  signing_url: string;
  signed_at: number | null;
  signed_document_id: string | null;
}
export interface Signer {
  name: string;
  email: string;
  mobile: string;
}
/**
 * This interface was referenced by `Esign`'s JSON-Schema
 * via the `definition` "initiateEsignRequest".
 */
export interface InitiateEsignRequest {
  /**
   * Identifiers are UUID strings.
   */
  agreement_id: string;
  /**
   * @minItems 1
   * @maxItems 10
   */
  signers: Signer[];
}
/**
 * This interface was referenced by `Esign`'s JSON-Schema
 * via the `definition` "initiateSigningRequest".
 */
export interface InitiateSigningRequest {
  /**
   * Identifiers are UUID strings.
   */
  document_id: string;
  /**
   * @minItems 1
   * @maxItems 10
   */
  signers: Signer[];
}
/**
 * Sent by the e-sign provider; provider_reference names the sign request.
 *
 * This interface was referenced by `Esign`'s JSON-Schema
 * via the `definition` "callbackRequest".
 */
export interface CallbackRequest {
  provider_reference: string;
  event: 'signed' | 'declined' | 'expired';
  /**
   * Epoch seconds as a JSON number, usually with a fractional part (e.g. 1721387621.6985629; whole seconds and any number of decimals are allowed). The unit is documented; the window and the order are inferred: every timestamp of the contract records something that has happened, so a value is not before `earliest` nor after the answer's arrival plus the allowed clock skew (CLOCK_SKEW_SECONDS), and within a record the `order` fields never go back. The suite's timestamps_conformance check reads all of it from x-timestamp.
   */
  signed_at?: number;
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
