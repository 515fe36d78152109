import { invalid, notFound } from '../errors';
import type { Router } from '../http';
import type { Tenant } from '../store';
import { accountFor } from './accounts';

/** Money is in INR unless the request names another currency. */
const DEFAULT_CURRENCY = 'INR';

export const insurancesOf = (tenant: Tenant) => tenant.collection('insurances');
export const feesOf = (tenant: Tenant) => tenant.collection('fees');
export const mandatesOf = (tenant: Tenant) => tenant.collection('mandates');

/** Fees, insurances and repayment mandates attached to an account. */
export function chargeRoutes(router: Router): void {
  router.handle('insurances.create', (ctx) => {
    const account = accountFor(ctx);
    const { provider, policy_number, insurance_type, start_date, end_date, currency } = ctx.body;
    // The request schema already guarantees YYYY-MM-DD, so the strings compare as dates.
    if (end_date <= start_date && !ctx.faults.has('insurances_end_date_not_checked')) {
      throw invalid([{ path: '/end_date', message: `Ensure end_date is after start_date (${start_date}).` }]);
    }
    const swapped = ctx.faults.has('insurances_amounts_swapped');
    const premium_amount = swapped ? ctx.body.sum_assured : ctx.body.premium_amount;
    const sum_assured = swapped ? ctx.body.premium_amount : ctx.body.sum_assured;
    return {
      body: insurancesOf(ctx.tenant).insert({
        account_id: account.id,
        provider,
        policy_number,
        insurance_type,
        premium_amount,
        sum_assured,
        currency: currency ?? DEFAULT_CURRENCY,
        start_date,
        end_date,
        status: 'active',
      }),
    };
  });

  router.handle('fees.create', (ctx) => {
    const account = accountFor(ctx);
    const { fee_type, amount, currency, due_date } = ctx.body;
    // The fault stores the null the contract's type rules out, so it says so with a cast.
    const fallback = ctx.faults.has('fees_currency_not_defaulted') ? (null as unknown as string) : DEFAULT_CURRENCY;
    return {
      body: feesOf(ctx.tenant).insert({
        account_id: account.id,
        fee_type,
        amount,
        currency: currency ?? fallback,
        due_date: due_date ?? null,
        status: 'pending',
      }),
    };
  });

  router.handle('mandates.create', (ctx) => {
    const account = accountFor(ctx);
    const { mandate_type, bank_account_number, ifsc, account_holder_name, max_amount, frequency, start_date } = ctx.body;
    return {
      body: mandatesOf(ctx.tenant).insert({
        account_id: account.id,
        mandate_type,
        bank_account_number,
        ifsc,
        account_holder_name,
        max_amount,
        frequency,
        start_date,
        status: 'initiated',
        umrn: null,
      }),
    };
  });

  router.handle('mandates.get', (ctx) => {
    const account = accountFor(ctx);
    const mandate = mandatesOf(ctx.tenant).get(ctx.params.mandate_id);
    if (!mandate || (mandate.account_id !== account.id && !ctx.faults.has('mandates_get_any_account'))) throw notFound();
    return { body: mandate };
  });
}
