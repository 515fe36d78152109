/* Generated from schemas/assessments.json by scripts/schema-types.ts (npm run types): edit the schema, not this file. */

/**
 * This interface was referenced by `Assessments`'s JSON-Schema
 * via the `definition` "list".
 */
export type List = {
  results?: Assessment[];
} & ListEnvelope;

/**
 * This interface was referenced by `Assessments`'s JSON-Schema
 * via the `definition` "assessment".
 */
export interface Assessment {
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
  assessment_type: 'kyc' | 'credit' | 'fraud' | 'bureau';
  name: string;
  status: 'pending' | 'submitted';
  responses: Response[];
  remarks: string | null;
  submitted_at: number | null;
}
/**
 * This interface was referenced by `Assessments`'s JSON-Schema
 * via the `definition` "response".
 */
export interface Response {
  question_id: string;
  answer: string | number | boolean;
}
/**
 * This interface was referenced by `Assessments`'s JSON-Schema
 * via the `definition` "submitRequest".
 */
export interface SubmitRequest {
  /**
   * @minItems 1
   * @maxItems 200
   */
  responses: Response[];
  remarks?: string;
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
