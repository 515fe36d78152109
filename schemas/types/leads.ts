/* Generated from schemas/leads.json by scripts/schema-types.ts (npm run types): edit the schema, not this file. */

/**
 * Partly documented: applicant_type and is_primary are required; the name field is inferred.
 *
 * This interface was referenced by `Leads`'s JSON-Schema
 * via the `definition` "applicant".
 */
export interface Applicant {
  applicant_type: string;
  is_primary: boolean;
  full_name: string;
}
/**
 * This interface was referenced by `Leads`'s JSON-Schema
 * via the `definition` "createRequest".
 */
export interface CreateRequest {
  /**
   * Identifiers are UUID strings.
   */
  program_id: string;
  primary_mobile: string;
  /**
   * @minItems 1
   */
  applicants: Applicant[];
}
/**
 * This interface was referenced by `Leads`'s JSON-Schema
 * via the `definition` "lead".
 */
export interface Lead {
  /**
   * Identifiers are UUID strings.
   */
  id: string;
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
  program_id: string;
  primary_mobile: string;
  applicants: Applicant[];
}
