import { conflict, invalid } from '../errors';
import type { Router } from '../http';
import { paginate } from '../pagination';
import type { Tenant } from '../store';
import { accountFor } from './accounts';
import type { FieldType, Value as FieldValue } from '../../schemas/types/custom-fields';

export const customFieldsOf = (tenant: Tenant) => tenant.collection('custom-fields');

/** A calendar date as YYYY-MM-DD that exists (no 2024-02-30). */
const isCalendarDate = (value: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

const MATCHES: Record<FieldType, (value: FieldValue) => boolean> = {
  string: (value) => typeof value === 'string',
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  boolean: (value) => typeof value === 'boolean',
  date: (value) => typeof value === 'string' && isCalendarDate(value),
};

export function customFieldRoutes(router: Router): void {
  router.handle('customFields.list', (ctx) => {
    const account = accountFor(ctx);
    const everyAccount = ctx.faults.has('custom_fields_list_all_accounts');
    return {
      body: paginate(
        ctx,
        customFieldsOf(ctx.tenant).where((f) => everyAccount || f.account_id === account.id),
      ),
    };
  });

  router.handle('customFields.create', (ctx) => {
    const account = accountFor(ctx);
    const { key, label, field_type, value } = ctx.body;
    if (!MATCHES[field_type](value) && !ctx.faults.has('custom_fields_value_type_unchecked')) {
      throw invalid([
        { path: '/value', message: `Enter a valid ${field_type === 'date' ? 'date as YYYY-MM-DD' : field_type}: the field_type is ${field_type}.` },
      ]);
    }
    const fields = customFieldsOf(ctx.tenant);
    const sameKey = fields.where((f) => f.key === key && (f.account_id === account.id || ctx.faults.has('custom_fields_key_unique_per_tenant')));
    if (sameKey.length && !ctx.faults.has('custom_fields_duplicate_key_accepted')) {
      throw conflict(`Account ${account.id} already has a custom field with key ${key}`);
    }
    return { body: fields.insert({ account_id: account.id, key, label: label ?? null, field_type, value }) };
  });
}
