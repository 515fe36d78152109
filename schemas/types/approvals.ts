/* Generated from schemas/approvals.json by scripts/schema-types.ts (npm run types): edit the schema, not this file. */

/**
 * This interface was referenced by `Approvals`'s JSON-Schema
 * via the `definition` "approvalType".
 */
export type ApprovalType = 'credit' | 'risk' | 'compliance' | 'operations' | 'deviation';
/**
 * This interface was referenced by `Approvals`'s JSON-Schema
 * via the `definition` "list".
 */
export type List = {
  results?: Approval[];
} & ListEnvelope;

/**
 * This interface was referenced by `Approvals`'s JSON-Schema
 * via the `definition` "approval".
 */
export interface Approval {
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
  approval_type: ApprovalType;
  title: string;
  description: string | null;
  status: 'pending' | 'approved';
  approved_at: number | null;
  comment: string | null;
}
/**
 * This interface was referenced by `Approvals`'s JSON-Schema
 * via the `definition` "createRequest".
 */
export interface CreateRequest {
  approval_type: ApprovalType;
  title: string;
  description?: string;
}
/**
 * This interface was referenced by `Approvals`'s JSON-Schema
 * via the `definition` "bulkApproveRequest".
 */
export interface BulkApproveRequest {
  /**
   * @minItems 1
   * @maxItems 100
   *
   * Items: Identifiers are UUID strings.
   */
  approval_ids: string[];
  comment?: string;
}
/**
 * This interface was referenced by `Approvals`'s JSON-Schema
 * via the `definition` "bulkApproveResponse".
 */
export interface BulkApproveResponse {
  count: number;
  results: Approval[];
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
