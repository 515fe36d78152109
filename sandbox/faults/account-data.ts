import { editBody, type FaultDefinition } from '../fault-kit';

/**
 * Contract breaks in the records that hang off an account: approvals, custom fields,
 * assessments, fees, insurances and mandates. Faults without `respond` change behaviour and are
 * checked by the route code with `ctx.faults.has(name)`.
 */
const APPROVALS = 'tests/contract/approvals.spec.ts';
const CUSTOM_FIELDS = 'tests/contract/custom-fields.spec.ts';
const ASSESSMENTS = 'tests/contract/assessments.spec.ts';
const CHARGES = 'tests/contract/charges.spec.ts';

export const accountDataFaults = {
  approvals_create_drops_description: {
    description: 'Approval > Create stores and answers description as null, losing what was sent.',
    caughtBy: [APPROVALS],
    catchers: ['request_echo_conformance'],
  },
  approvals_get_any_account: {
    description: "Approval > Get finds an approval through any of the tenant's accounts, not only the one it belongs to.",
    caughtBy: [APPROVALS],
    catchers: ['status_code_conformance'],
  },
  approvals_approve_not_persisted: {
    description: 'Approval > Approve answers the approved approval but does not store it: Get still says pending.',
    caughtBy: [APPROVALS],
    catchers: ['state_persisted'],
  },
  approvals_approve_twice_accepted: {
    description: 'Approval > Approve of an already approved approval answers 200 again instead of 409.',
    caughtBy: [APPROVALS],
    catchers: ['status_code_conformance'],
  },
  approvals_bulk_approve_first_only: {
    description: 'Approval > Bulk Approve stores only the first listed id as approved, though the answer lists them all.',
    caughtBy: [APPROVALS],
    catchers: ['state_persisted'],
  },
  approvals_bulk_approve_not_atomic: {
    description: 'Approval > Bulk Approve approves the ids before the bad one, then refuses: a refused bulk request leaves changes behind.',
    caughtBy: [APPROVALS],
    catchers: ['state_persisted'],
  },
  approvals_list_pages_overlap: {
    description: 'Approval > List repeats the last record of a page at the top of the next one.',
    caughtBy: [APPROVALS],
    catchers: ['pagination_conformance'],
  },
  custom_fields_number_value_as_string: {
    description: 'Custom Fields > Create answers the value of a number field as a string ("12.5" for 12.5).',
    caughtBy: [CUSTOM_FIELDS],
    catchers: ['request_echo_conformance'],
    operations: ['customFields.create'],
    respond: editBody((body) => {
      if (body.field_type === 'number' && typeof body.value === 'number') body.value = String(body.value);
    }),
  },
  custom_fields_duplicate_key_accepted: {
    description: 'Custom Fields > Create accepts a key the account already has and stores a second field with it.',
    caughtBy: [CUSTOM_FIELDS],
    catchers: ['status_code_conformance'],
  },
  custom_fields_key_unique_per_tenant: {
    description: 'Custom Fields > Create refuses a key that another account of the tenant uses (it is unique per account only).',
    caughtBy: [CUSTOM_FIELDS],
    catchers: ['status_code_conformance'],
  },
  custom_fields_value_type_unchecked: {
    description: 'Custom Fields > Create stores a value that does not match field_type (e.g. "yes" for a boolean).',
    caughtBy: [CUSTOM_FIELDS],
    catchers: ['status_code_conformance'],
  },
  custom_fields_list_all_accounts: {
    description: "Custom Fields > List answers the fields of every account of the tenant, not only the account's own.",
    caughtBy: [CUSTOM_FIELDS],
    catchers: ['state_persisted'],
  },
  assessments_empty_responses_null: {
    description: 'Assessments > List answers responses: null for an assessment nobody has answered yet, instead of [].',
    caughtBy: [ASSESSMENTS],
    catchers: ['response_schema_conformance'],
    operations: ['assessments.list'],
    respond: editBody((body) => {
      for (const assessment of (body.results ?? []) as Array<Record<string, unknown>>) {
        if (Array.isArray(assessment.responses) && assessment.responses.length === 0) assessment.responses = null;
      }
    }),
  },
  assessments_submit_any_account: {
    description: "Assessments > Submit accepts an assessment of another of the tenant's accounts through this account's path.",
    caughtBy: [ASSESSMENTS],
    catchers: ['status_code_conformance'],
  },
  assessments_list_page_size_ignored: {
    description: 'Assessments > List ignores page_size and answers every assessment on one page.',
    caughtBy: [ASSESSMENTS],
    catchers: ['pagination_conformance'],
  },
  assessments_submit_not_persisted: {
    description: 'Assessments > Submit answers the submitted assessment but List still shows it pending without responses.',
    caughtBy: [ASSESSMENTS],
    catchers: ['state_persisted'],
  },
  assessments_resubmit_accepted: {
    description: 'Assessments > Submit of an already submitted assessment overwrites it with 200 instead of answering 409.',
    caughtBy: [ASSESSMENTS],
    catchers: ['status_code_conformance'],
  },
  insurances_end_date_not_checked: {
    description: 'Insurances > Create accepts a policy whose end_date is not after its start_date.',
    caughtBy: [CHARGES],
    catchers: ['status_code_conformance'],
  },
  insurances_amounts_swapped: {
    description: 'Insurances > Create stores premium_amount and sum_assured in each other’s place.',
    caughtBy: [CHARGES],
    catchers: ['request_echo_conformance'],
  },
  fees_amount_as_string: {
    description: 'Fee > Create answers amount as a decimal string ("1500.00") instead of a number.',
    caughtBy: [CHARGES],
    catchers: ['response_schema_conformance'],
    operations: ['fees.create'],
    respond: editBody((body) => {
      if (typeof body.amount === 'number') body.amount = body.amount.toFixed(2);
    }),
  },
  fees_currency_not_defaulted: {
    description: 'Fee > Create without a currency answers currency null instead of the default INR.',
    caughtBy: [CHARGES],
    catchers: ['response_schema_conformance'],
  },
  mandates_missing_umrn: {
    description: 'Mandate > Create and Get Details omit the required umrn field while it is not yet assigned.',
    caughtBy: [CHARGES],
    catchers: ['response_schema_conformance'],
    operations: ['mandates.create', 'mandates.get'],
    respond: editBody((body) => {
      if ('id' in body) delete body.umrn;
    }),
  },
  mandates_get_any_account: {
    description: "Mandate > Get Details finds a mandate through any of the tenant's accounts, not only the one it was set up for.",
    caughtBy: [CHARGES],
    catchers: ['status_code_conformance'],
  },
  mandates_get_masks_account_number: {
    description: 'Mandate > Get Details answers bank_account_number masked (XXXXXX1234) though Create answered it in full.',
    caughtBy: [CHARGES],
    catchers: ['response_schema_conformance'],
    operations: ['mandates.get'],
    respond: editBody((body) => {
      if (typeof body.bank_account_number === 'string') body.bank_account_number = `XXXXXX${body.bank_account_number.slice(-4)}`;
    }),
  },
} satisfies Record<string, FaultDefinition>;
