/* Generated from schemas/common.json by scripts/schema-types.ts (npm run types): edit the schema, not this file. */

/**
 * Identifiers are UUID strings.
 *
 * This interface was referenced by `Common`'s JSON-Schema
 * via the `definition` "uuid".
 */
export type Uuid = string;
/**
 * Epoch seconds as a JSON number, usually with a fractional part (e.g. 1721387621.6985629; whole seconds and any number of decimals are allowed). The unit is documented; the window and the order are inferred: every timestamp of the contract records something that has happened, so a value is not before `earliest` nor after the answer's arrival plus the allowed clock skew (CLOCK_SKEW_SECONDS), and within a record the `order` fields never go back. The suite's timestamps_conformance check reads all of it from x-timestamp.
 *
 * This interface was referenced by `Common`'s JSON-Schema
 * via the `definition` "timestamp".
 */
export type Timestamp = number;
/**
 * This interface was referenced by `Common`'s JSON-Schema
 * via the `definition` "nullableTimestamp".
 */
export type NullableTimestamp = Timestamp | null;
/**
 * This interface was referenced by `Common`'s JSON-Schema
 * via the `definition` "text".
 */
export type Text = string;
/**
 * This interface was referenced by `Common`'s JSON-Schema
 * via the `definition` "date".
 */
export type Date = string;
/**
 * Money in the currency's major unit.
 *
 * This interface was referenced by `Common`'s JSON-Schema
 * via the `definition` "amount".
 */
export type Amount = number;
/**
 * This interface was referenced by `Common`'s JSON-Schema
 * via the `definition` "currency".
 */
export type Currency = string;
/**
 * This interface was referenced by `Common`'s JSON-Schema
 * via the `definition` "mobile".
 */
export type Mobile = string;
/**
 * This interface was referenced by `Common`'s JSON-Schema
 * via the `definition` "tags".
 */
export type Tags = string[];
/**
 * The one error body every 4xx answer carries, as Django REST Framework answers it by default: `{"detail": "…"}` for 401/403/404/405/409/415/429 (simplejwt adds `code` and `messages` to its bad-token 401), and for a refused body (400) a map of field errors: each field names its messages, a nested serializer nests (`{"applicants": [{}, {"is_primary": ["…"]}]}`, `{}` for a valid list item), errors of the whole object come under `non_field_errors`. A field's messages are always a list here: a bare string (DRF's rendering of a `ValidationError({"field": "…"})` raised in a view, outside a serializer) is not taken, or any flat object of strings, `{"code", "message"}` included, would pass for DRF's body. Probe and calibrate replace this one definition when a target answers another shape.
 *
 * This interface was referenced by `Common`'s JSON-Schema
 * via the `definition` "error".
 */
export type Error = Detail | FieldErrors;
/**
 * One field's errors: a list of its messages (or, for a list of nested objects, one entry per item sent, `{}` for each valid one), or a nested serializer's field errors.
 *
 * This interface was referenced by `Common`'s JSON-Schema
 * via the `definition` "fieldError".
 */
export type FieldError =
  | (
      | string
      | {
          [k: string]: FieldError;
        }
    )[]
  | FieldErrors;

/**
 * This interface was referenced by `Common`'s JSON-Schema
 * via the `definition` "signer".
 */
export interface Signer {
  name: Text;
  email: string;
  mobile: Mobile;
}
export interface Detail {
  detail: string;
  code?: string;
  messages?: unknown[];
}
/**
 * Field name → its errors; not empty.
 *
 * This interface was referenced by `Common`'s JSON-Schema
 * via the `definition` "fieldErrors".
 */
export interface FieldErrors {
  [k: string]: FieldError;
}
/**
 * Page-number pagination envelope shared by every list endpoint.
 *
 * This interface was referenced by `Common`'s JSON-Schema
 * via the `definition` "listEnvelope".
 */
export interface ListEnvelope {
  count: number;
  next: string | null;
  previous: string | null;
  results: unknown[];
}
/**
 * This interface was referenced by `Common`'s JSON-Schema
 * via the `definition` "listQuery".
 */
export interface ListQuery {
  page?: number;
  page_size?: number;
}
/**
 * Actions that take no input; an optional comment is kept for the audit trail.
 *
 * This interface was referenced by `Common`'s JSON-Schema
 * via the `definition` "emptyRequest".
 */
export interface EmptyRequest {
  comment?: string;
}
/**
 * multipart/form-data: one file part plus text fields.
 *
 * This interface was referenced by `Common`'s JSON-Schema
 * via the `definition` "upload".
 */
export interface Upload {
  file: string;
  title?: Text;
}
