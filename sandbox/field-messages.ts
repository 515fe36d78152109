import type { ErrorObject } from '../schemas/registry';
import { valueAt } from '../schemas/walk';
import type { FieldError } from './errors';

/**
 * Ajv's errors as DRF's serializer fields word them (`This field is required.`, `Not a valid
 * string.`, …), each at the JSON pointer of its field, a missing property named in the path.
 * A keyword DRF has no message for keeps Ajv's.
 */
const FORMATS: Record<string, string> = {
  email: 'Enter a valid email address.',
  uuid: 'Must be a valid UUID.',
  date: 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.',
  'date-time': 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
  uri: 'Enter a valid URL.',
};

const TYPES: Record<string, string> = {
  string: 'Not a valid string.',
  integer: 'A valid integer is required.',
  number: 'A valid number is required.',
  boolean: 'Must be a valid boolean.',
};

const pythonType = (value: unknown): string =>
  Array.isArray(value)
    ? 'list'
    : value === null
      ? 'NoneType'
      : typeof value === 'string'
        ? 'str'
        : typeof value === 'boolean'
          ? 'bool'
          : typeof value === 'number'
            ? Number.isInteger(value)
              ? 'int'
              : 'float'
            : 'dict';

function message(e: ErrorObject, value: unknown): string {
  const params = e.params as Record<string, unknown>;
  const limit = params.limit as number;
  switch (e.keyword) {
    case 'required':
      return 'This field is required.';
    case 'type': {
      if (value === null) return 'This field may not be null.';
      const type = String(params.type).split(',')[0];
      if (type === 'object') return `Invalid data. Expected a dictionary, but got ${pythonType(value)}.`;
      if (type === 'array') return `Expected a list of items but got type "${pythonType(value)}".`;
      return TYPES[type] ?? e.message ?? 'Invalid value.';
    }
    case 'enum':
      return `"${typeof value === 'string' ? value : JSON.stringify(value)}" is not a valid choice.`;
    case 'format':
      return FORMATS[params.format as string] ?? 'Enter a valid value.';
    case 'minLength':
      return value === '' ? 'This field may not be blank.' : `Ensure this field has at least ${limit} characters.`;
    case 'maxLength':
      return `Ensure this field has no more than ${limit} characters.`;
    case 'minimum':
      return `Ensure this value is greater than or equal to ${limit}.`;
    case 'exclusiveMinimum':
      return `Ensure this value is greater than ${limit}.`;
    case 'maximum':
      return `Ensure this value is less than or equal to ${limit}.`;
    case 'exclusiveMaximum':
      return `Ensure this value is less than ${limit}.`;
    case 'minItems':
      return limit === 1 ? 'This list may not be empty.' : `Ensure this field has at least ${limit} elements.`;
    case 'maxItems':
      return `Ensure this field has no more than ${limit} elements.`;
    case 'pattern':
      return 'This value does not match the required pattern.';
    default:
      return e.message ?? 'Invalid value.';
  }
}

/** The summary of an `anyOf` and the `null` branch of a nullable field say nothing the other branch's error does not. */
const summary = (e: ErrorObject): boolean =>
  e.keyword === 'anyOf' || e.keyword === 'oneOf' || (e.keyword === 'type' && (e.params as { type?: string }).type === 'null');

export function fieldErrors(errors: ErrorObject[] | null | undefined, body: unknown): FieldError[] {
  const all = errors ?? [];
  const telling = all.filter((e) => !summary(e) || !all.some((o) => o.instancePath === e.instancePath && !summary(o)));
  return telling.map((e) => ({
    path: e.keyword === 'required' ? `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}` : e.instancePath,
    message: message(e, valueAt(body, e.instancePath)),
  }));
}
