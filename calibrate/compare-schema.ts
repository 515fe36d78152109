import { ajv } from '../schemas/registry';
import type { Edit } from './difference';
import type { Json, Place, View } from './schema-view';

/**
 * Field by field differences between a catalogue schema and what the source says about the same
 * body. A `document` (an OpenAPI export) is compared both ways; an `observation` (schemas inferred
 * from recorded traffic) only proves what it saw, so it reports violations: a required field never
 * seen, a field seen but undeclared, a type or enum value the catalogue refuses.
 */
export type Mode = 'document' | 'observation';
export type Aspect = 'missing' | 'extra' | 'type' | 'format' | 'enum' | 'required';

export interface FieldDifference {
  aspect: Aspect;
  field: string;
  catalogue: unknown;
  upstream: unknown;
  note?: string;
  edits: Edit[];
}

/** The JSON Schema keywords a corrected definition keeps; OpenAPI-only ones (`example`, `xml`, `nullable`…) are translated or left out. */
const KEYWORDS = new Set([
  'type',
  'format',
  'enum',
  'const',
  'properties',
  'required',
  'items',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'additionalProperties',
  'anyOf',
  'oneOf',
  'allOf',
  'description',
  'contentMediaType',
]);

/** An upstream (or inferred) schema as a definition the catalogue's strict Ajv accepts. */
export function asCatalogueSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(asCatalogueSchema);
  if (!node || typeof node !== 'object') return node;
  const source = node as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (!KEYWORDS.has(key)) continue;
    if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, asCatalogueSchema(v)]));
    else if (key === 'format' && (typeof value !== 'string' || !ajv.formats[value])) continue;
    else if (key === 'additionalProperties' && typeof value !== 'boolean') out[key] = asCatalogueSchema(value);
    else out[key] = typeof value === 'object' ? asCatalogueSchema(value) : value;
  }
  if (source.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  // OpenAPI 3.0 (and Swagger 2.0) write exclusive bounds as flags on minimum/maximum; JSON Schema 2020-12 as the bound itself.
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag] && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else delete out[flag];
  }
  if (Array.isArray(out.required) && !out.required.length) delete out.required;
  return out;
}

const sameSet = (a: unknown[], b: unknown[]): boolean => {
  const key = (v: unknown[]) => JSON.stringify(v.map((x) => JSON.stringify(x)).sort());
  return key(a) === key(b);
};
const allows = (types: string[], seen: string): boolean => types.includes(seen) || (seen === 'integer' && types.includes('number'));
/** `format: binary` only tells a file picker that a part is a file; the catalogue says so with contentMediaType. */
/** Formats Ajv does not know assert nothing here, so they are neither compared nor written. */
const formatOf = (view: View): string | undefined =>
  view.format === undefined || view.format === 'binary' || view.format === 'byte' || !ajv.formats[view.format] ? undefined : view.format;
const typeName = (types: string[]): string | string[] => (types.length === 1 ? types[0] : types);

/** Replaces a node where it is written; a node reached through `$ref` is shared, so it is overridden at its use. */
const replaceSlot = (cat: View, value: unknown): Edit[] => (cat.slot ? [{ file: cat.slot.file, pointer: cat.slot.pointer, action: 'replace', value }] : []);
/** Where a keyword can be set in place: a plain node, neither a `$ref` to a shared one nor an `anyOf` of alternatives. */
const ownKeyword = (cat: View): Place | undefined =>
  cat.slot &&
  cat.at &&
  cat.slot.file === cat.at.file &&
  cat.slot.pointer.join('/') === cat.at.pointer.join('/') &&
  !['anyOf', 'oneOf', 'allOf'].some((k) => k in cat.raw)
    ? cat.at
    : undefined;
const setKeyword = (cat: View, keyword: string, value: unknown, fallback: unknown): Edit[] => {
  const own = ownKeyword(cat);
  if (!own) return replaceSlot(cat, fallback);
  return value === undefined
    ? [{ file: own.file, pointer: [...own.pointer, keyword], action: 'delete' }]
    : [{ file: own.file, pointer: [...own.pointer, keyword], action: 'replace', value }];
};

/** Leaf values seen at a field path (`/a/*‍/b`) across samples, for enum and format checks on recordings. */
function valuesAt(samples: unknown[], segments: string[]): unknown[] {
  let values = samples;
  for (const segment of segments) {
    values = values.flatMap((v) =>
      segment === '*' ? (Array.isArray(v) ? v : []) : v && typeof v === 'object' && !Array.isArray(v) && segment in v ? [(v as Json)[segment]] : [],
    );
  }
  return values;
}

export function compareViews(cat: View, up: View, mode: Mode, samples: unknown[] = [], field = ''): FieldDifference[] {
  const out: FieldDifference[] = [];
  const segments = field.split('/').filter(Boolean);
  const label = field || '(body)';

  if (cat.types.length && up.types.length) {
    const differs = mode === 'document' ? !sameSet(cat.types, up.types) : up.types.some((t) => !allows(cat.types, t));
    if (differs) {
      const value = asCatalogueSchema(mode === 'document' ? up.raw : { ...up.raw, type: typeName([...new Set([...cat.types, ...up.types])].sort()) });
      out.push({ aspect: 'type', field: label, catalogue: typeName(cat.types), upstream: typeName(up.types), edits: replaceSlot(cat, value) });
      return out;
    }
  }

  if (mode === 'document' && formatOf(cat) !== formatOf(up) && (up.types.includes('string') || cat.types.includes('string'))) {
    out.push({
      aspect: 'format',
      field: label,
      catalogue: formatOf(cat) ?? null,
      upstream: formatOf(up) ?? null,
      edits: setKeyword(cat, 'format', formatOf(up), asCatalogueSchema(up.raw)),
    });
  }
  if (mode === 'observation' && formatOf(cat)) {
    const wrong = valuesAt(samples, segments).filter((v) => typeof v === 'string' && !ajv.validate({ type: 'string', format: formatOf(cat) }, v));
    if (wrong.length) {
      out.push({
        aspect: 'format',
        field: label,
        catalogue: formatOf(cat),
        upstream: null,
        note: `${wrong.length} value(s) seen that are not ${formatOf(cat)}`,
        edits: setKeyword(cat, 'format', undefined, asCatalogueSchema(up.raw)),
      });
    }
  }

  if (mode === 'document' && (cat.enum || up.enum) && !sameSet(cat.enum ?? [], up.enum ?? [])) {
    out.push({
      aspect: 'enum',
      field: label,
      catalogue: cat.enum ?? null,
      upstream: up.enum ?? null,
      edits: setKeyword(cat, 'enum', up.enum, asCatalogueSchema(up.raw)),
    });
  }
  if (mode === 'observation' && cat.enum) {
    const outside = [...new Set(valuesAt(samples, segments).filter((v) => v !== null && !cat.enum!.some((e) => JSON.stringify(e) === JSON.stringify(v))))];
    if (outside.length) {
      const widened = [...cat.enum, ...outside];
      out.push({
        aspect: 'enum',
        field: label,
        catalogue: cat.enum,
        upstream: outside,
        note: `value(s) outside the enum seen: ${outside.map((v) => JSON.stringify(v)).join(', ')}`,
        edits: setKeyword(cat, 'enum', widened, { type: typeName(cat.types.filter((t) => t !== 'null')), enum: widened }),
      });
    }
  }

  if (cat.properties && up.properties) out.push(...compareProperties(cat, up, mode, samples, field));
  if (cat.items && up.items) out.push(...compareViews(cat.items, up.items, mode, samples, `${field}/*`));
  return out;
}

function compareProperties(cat: View, up: View, mode: Mode, samples: unknown[], field: string): FieldDifference[] {
  const out: FieldDifference[] = [];
  const catProps = cat.properties!;
  const upProps = up.properties!;
  const extras = Object.keys(upProps).filter((name) => !(name in catProps));
  for (const [name, property] of Object.entries(catProps)) {
    const at = `${field}/${name}`;
    const upstream = upProps[name];
    if (!upstream) {
      // A recording proves absence only for required fields: optional ones may simply not have come up.
      if (mode === 'observation' && !property.required) continue;
      const renamed = mode === 'observation' && extras.length ? `; seen instead in the same objects: ${extras.join(', ')} (renamed?)` : '';
      out.push({
        aspect: 'missing',
        field: at,
        catalogue: { required: property.required, type: typeName(property.view.types) },
        upstream: null,
        note: `${mode === 'observation' ? 'required, never seen' : 'not in the upstream schema'}${renamed}`,
        edits: property.owner
          ? [
              { file: property.owner.file, pointer: [...property.owner.pointer, 'properties', name], action: 'delete' },
              { file: property.owner.file, pointer: property.owner.pointer, action: 'unrequire', name },
            ]
          : [],
      });
      continue;
    }
    const upstreamRequired = upstream.required;
    if (property.required !== upstreamRequired && (mode === 'document' || (property.required && !upstreamRequired))) {
      out.push({
        aspect: 'required',
        field: at,
        catalogue: property.required,
        upstream: upstreamRequired,
        note: mode === 'observation' ? 'required, but missing from some of the objects seen' : undefined,
        edits: property.owner ? [{ file: property.owner.file, pointer: property.owner.pointer, action: upstreamRequired ? 'require' : 'unrequire', name }] : [],
      });
    }
    out.push(...compareViews(property.view, upstream.view, mode, samples, at));
  }
  for (const name of extras) {
    const upstream = upProps[name];
    out.push({
      aspect: 'extra',
      field: `${field}/${name}`,
      catalogue: null,
      upstream: { required: upstream.required, type: typeName(upstream.view.types) },
      note: mode === 'observation' ? 'seen, not declared' : 'upstream only',
      edits: cat.at
        ? [
            { file: cat.at.file, pointer: [...cat.at.pointer, 'properties', name], action: 'replace', value: asCatalogueSchema(upstream.view.raw) },
            ...(upstream.required ? [{ file: cat.at.file, pointer: cat.at.pointer, action: 'require' as const, name }] : []),
          ]
        : [],
    });
  }
  return out;
}
