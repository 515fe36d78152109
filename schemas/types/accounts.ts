/* Generated from schemas/accounts.json by scripts/schema-types.ts (npm run types): edit the schema, not this file. */

/**
 * Only `activation` (a new account) is documented; the rest is read from the sidebar's actions. The order matters: the transition table (schemas/catalogue.ts) names each status by its place here (new, initiated, approved, active, dropped).
 *
 * This interface was referenced by `Accounts`'s JSON-Schema
 * via the `definition` "status".
 */
export type Status = 'activation' | 'initiated' | 'approved' | 'active' | 'dropped';
export type Tags = string[];
/**
 * This interface was referenced by `Accounts`'s JSON-Schema
 * via the `definition` "list".
 */
export type List = {
  results?: Account[];
} & ListEnvelope;

/**
 * Documented as the 201 body of Accounts > Create; every field is required.
 *
 * This interface was referenced by `Accounts`'s JSON-Schema
 * via the `definition` "account".
 */
export interface Account {
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
  crm_lead_id: string;
  /**
   * Identifiers are UUID strings.
   */
  program_id: string;
  ref_id: string;
  product_type: string;
  tags: Tags;
  status: Status;
  drop_reason: string | null;
}
/**
 * This interface was referenced by `Accounts`'s JSON-Schema
 * via the `definition` "createRequest".
 */
export interface CreateRequest {
  /**
   * Identifiers are UUID strings.
   */
  crm_lead_id: string;
  ref_id: string;
  /**
   * Identifiers are UUID strings.
   */
  program_id: string;
}
/**
 * This interface was referenced by `Accounts`'s JSON-Schema
 * via the `definition` "dropRequest".
 */
export interface DropRequest {
  drop_reason: string;
}
/**
 * This interface was referenced by `Accounts`'s JSON-Schema
 * via the `definition` "listQuery".
 */
export interface ListQuery {
  page?: number;
  page_size?: number;
  status?: Status;
  /**
   * Identifiers are UUID strings.
   */
  crm_lead_id?: string;
  ref_id?: string;
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
