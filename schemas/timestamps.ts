import type { KeywordDefinition } from 'ajv/dist/2020.js';

/**
 * `x-timestamp`: what the contract means by a timestamp number, declared once on the shared
 * definition (common.json#/$defs/timestamp) that every timestamp field references. Ajv only
 * annotates with it; the suite's timestamps_conformance check (helpers/checks/timestamps.ts) judges the
 * values it finds there, so correcting the unit or the window against the real API is an edit of
 * that one definition.
 */
export const TIMESTAMP_UNITS = { seconds: 1, milliseconds: 1e3, microseconds: 1e6, nanoseconds: 1e9 } as const;
export type TimestampUnit = keyof typeof TIMESTAMP_UNITS;

export interface TimestampSpec {
  /** What one unit of the number is: epoch seconds, milliseconds, … */
  unit: TimestampUnit;
  /** The earliest plausible value (ISO date-time); the latest is the answer's arrival plus the allowed clock skew. */
  earliest: string;
  /** Fields of one record that never go back in this order; the last is the record's version stamp, non-decreasing across its changes. */
  order: string[];
}

/** A value the schema declares a timestamp, where the answer carries it. */
export interface FoundTimestamp {
  path: string;
  value: number;
  /** The field's name and the object that holds it (the record, for ordering). */
  field: string | number;
  record: unknown;
  spec: TimestampSpec;
}

let collecting: FoundTimestamp[] | undefined;

export const timestampKeyword: KeywordDefinition = {
  keyword: 'x-timestamp',
  type: 'number',
  schemaType: 'object',
  metaSchema: {
    type: 'object',
    required: ['unit', 'earliest', 'order'],
    additionalProperties: false,
    properties: {
      unit: { enum: Object.keys(TIMESTAMP_UNITS) },
      earliest: { type: 'string', format: 'date-time' },
      order: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, uniqueItems: true },
    },
  },
  errors: false,
  validate: (spec: TimestampSpec, value: number, _parent, cxt) => {
    collecting?.push({ path: cxt?.instancePath ?? '', value, field: cxt?.parentDataProperty ?? '', record: cxt?.parentData, spec });
    return true;
  },
};

/** Runs a validation and returns every value that matched a timestamp definition on the way. */
export function collectTimestamps(validate: (data: unknown) => unknown, data: unknown): FoundTimestamp[] {
  const found: FoundTimestamp[] = [];
  collecting = found;
  try {
    validate(data);
  } finally {
    collecting = undefined;
  }
  return found;
}
