/* Generated from schemas/custom-fields.json by scripts/schema-types.ts (npm run types): edit the schema, not this file. */

/**
 * This interface was referenced by `CustomFields`'s JSON-Schema
 * via the `definition` "fieldType".
 */
export type FieldType = 'string' | 'number' | 'boolean' | 'date';
/**
 * This interface was referenced by `CustomFields`'s JSON-Schema
 * via the `definition` "key".
 */
export type Key = string;
/**
 * This interface was referenced by `CustomFields`'s JSON-Schema
 * via the `definition` "value".
 */
export type Value = string | number | boolean;
/**
 * This interface was referenced by `CustomFields`'s JSON-Schema
 * via the `definition` "list".
 */
export type List = {
  results?: CustomField[];
} & ListEnvelope;

/**
 * This interface was referenced by `CustomFields`'s JSON-Schema
 * via the `definition` "customField".
 */
export interface CustomField {
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
  key: Key;
  label: string | null;
  field_type: FieldType;
  value: Value;
}
/**
 * The value must be of field_type (a date as YYYY-MM-DD); a key is unique per account (409).
 *
 * This interface was referenced by `CustomFields`'s JSON-Schema
 * via the `definition` "createRequest".
 */
export interface CreateRequest {
  key: Key;
  label?: string;
  field_type: FieldType;
  value: Value;
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
