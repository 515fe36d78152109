/* Generated from schemas/charges.json by scripts/schema-types.ts (npm run types): edit the schema, not this file. */

/**
 * This interface was referenced by `Charges`'s JSON-Schema
 * via the `definition` "feeType".
 */
export type FeeType = 'processing' | 'documentation' | 'stamp_duty' | 'late_payment' | 'other';
/**
 * This interface was referenced by `Charges`'s JSON-Schema
 * via the `definition` "insuranceType".
 */
export type InsuranceType = 'life' | 'credit_life' | 'health' | 'property';
/**
 * This interface was referenced by `Charges`'s JSON-Schema
 * via the `definition` "policyNumber".
 */
export type PolicyNumber = string;
/**
 * This interface was referenced by `Charges`'s JSON-Schema
 * via the `definition` "mandateType".
 */
export type MandateType = 'enach' | 'upi_autopay' | 'physical_nach';
/**
 * This interface was referenced by `Charges`'s JSON-Schema
 * via the `definition` "frequency".
 */
export type Frequency = 'monthly' | 'quarterly' | 'as_presented';
/**
 * This interface was referenced by `Charges`'s JSON-Schema
 * via the `definition` "bankAccountNumber".
 */
export type BankAccountNumber = string;
/**
 * This interface was referenced by `Charges`'s JSON-Schema
 * via the `definition` "ifsc".
 */
export type Ifsc = string;

/**
 * This interface was referenced by `Charges`'s JSON-Schema
 * via the `definition` "fee".
 */
export interface Fee {
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
  fee_type: FeeType;
  /**
   * Money in the currency's major unit.
   */
  amount: number;
  currency: string;
  due_date: string | null;
  status: 'pending' | 'paid' | 'waived';
}
/**
 * This interface was referenced by `Charges`'s JSON-Schema
 * via the `definition` "feeCreateRequest".
 */
export interface FeeCreateRequest {
  fee_type: FeeType;
  /**
   * Money in the currency's major unit.
   */
  amount: number;
  currency?: string;
  due_date?: string;
}
/**
 * This interface was referenced by `Charges`'s JSON-Schema
 * via the `definition` "insurance".
 */
export interface Insurance {
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
  provider: string;
  policy_number: PolicyNumber;
  insurance_type: InsuranceType;
  /**
   * Money in the currency's major unit.
   */
  premium_amount: number;
  /**
   * Money in the currency's major unit.
   */
  sum_assured: number;
  currency: string;
  start_date: string;
  end_date: string;
  status: 'active' | 'cancelled';
}
/**
 * end_date must be after start_date (400 otherwise).
 *
 * This interface was referenced by `Charges`'s JSON-Schema
 * via the `definition` "insuranceCreateRequest".
 */
export interface InsuranceCreateRequest {
  provider: string;
  policy_number: PolicyNumber;
  insurance_type: InsuranceType;
  /**
   * Money in the currency's major unit.
   */
  premium_amount: number;
  /**
   * Money in the currency's major unit.
   */
  sum_assured: number;
  currency?: string;
  start_date: string;
  end_date: string;
}
/**
 * This interface was referenced by `Charges`'s JSON-Schema
 * via the `definition` "mandate".
 */
export interface Mandate {
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
  mandate_type: MandateType;
  bank_account_number: BankAccountNumber;
  ifsc: Ifsc;
  account_holder_name: string;
  /**
   * Money in the currency's major unit.
   */
  max_amount: number;
  frequency: Frequency;
  start_date: string;
  status: 'initiated' | 'registered' | 'rejected';
  umrn: string | null;
}
/**
 * This interface was referenced by `Charges`'s JSON-Schema
 * via the `definition` "mandateCreateRequest".
 */
export interface MandateCreateRequest {
  mandate_type: MandateType;
  bank_account_number: BankAccountNumber;
  ifsc: Ifsc;
  account_holder_name: string;
  /**
   * Money in the currency's major unit.
   */
  max_amount: number;
  frequency: Frequency;
  start_date: string;
}
