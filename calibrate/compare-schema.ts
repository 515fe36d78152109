import { ajv } from '../schemas/registry';
import type { Edit } from './difference';
import {
  componentOf,
  CONSTRAINTS,
  constraintsOf,
  copyFor,
  examplesOf,
  inDefinitions,
  type Json,
  type Place,
  type Property,
  type Side,
  type View,
} from './schema-view';

/**
 * Field by field differences between a catalogue schema and what the source says about the same
 * body. A `document` (an OpenAPI export) is compared both ways; an `observation` (schemas inferred
 * from recorded traffic) only proves what it saw, so it reports violations: a required field never
 * seen, a field seen but undeclared, a type or enum value the catalogue refuses.
 */
export type Mode = 'document' | 'observation';
export type Aspect = 'missing' | 'extra' | 'type' | 'nullable' | 'format' | 'enum' | 'required' | 'examples' | (typeof CONSTRAINTS)[number];

/**
 * Which way the compared body goes, and the catalogue definitions the other way also reaches. A
 * definition both share (an applicant in a lead's request and its response) takes the other side's
 * properties marked readOnly/writeOnly and required only where this side uses it, and a response
 * silent about a validation keyword does not take it from the requests (drf-spectacular states
 * `minLength` on request components only).
 */
export interface SideContext {
  side: Side;
  otherSide: Set<string>;
}

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
  'readOnly',
  'writeOnly',
  'examples',
]);

/** A `pattern` is Ajv's (a JavaScript `u` regex); one written for another engine (Python's `\\Z`) asserts nothing here, like an unknown format. */
const compiles = (pattern: unknown): boolean => {
  try {
    return typeof pattern === 'string' && !!new RegExp(pattern, 'u');
  } catch {
    return false;
  }
};

/** OpenAPI 3.0's `nullable: true` as JSON Schema says it: null among the types (and the enum), or a null alternative. */
function allowNull(out: Json): void {
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...(out.type as string[]), 'null'];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
  const takesNull = (member: Json): boolean => member.type === 'null' || (Array.isArray(member.enum) && member.enum.includes(null));
  for (const key of ['anyOf', 'oneOf'] as const)
    if (Array.isArray(out[key]) && !(out[key] as Json[]).some(takesNull)) out[key] = [...(out[key] as unknown[]), { type: 'null' }];
  if (Array.isArray(out.allOf) && out.type === undefined) {
    const { allOf, ...rest } = out;
    for (const key of Object.keys(out)) delete out[key];
    Object.assign(out, rest, { anyOf: [{ allOf }, { type: 'null' }] });
  }
}

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
    else if (key === 'examples') {
      if (Array.isArray(value)) out[key] = value;
    } else out[key] = typeof value === 'object' ? asCatalogueSchema(value) : value;
  }
  if (source.nullable === true) allowNull(out);
  if (!out.examples && examplesOf(source)) out.examples = examplesOf(source);
  for (const key of ['exclusiveMinimum', 'exclusiveMaximum', 'minimum', 'maximum'] as const) delete out[key];
  Object.assign(out, constraintsOf(source));
  if (out.pattern !== undefined && !compiles(out.pattern)) delete out.pattern;
  if (Array.isArray(out.required) && !out.required.length) delete out.required;
  return out;
}

/**
 * The upstream enum in the catalogue's order: a value both have keeps its place, a new one takes
 * the place of one the upstream dropped (a rename), the rest go last. The order carries meaning
 * where code names values by their place (the account statuses of the transition table).
 */
export function inPlace(catalogue: unknown[], upstream: unknown[]): unknown[] {
  const has = (list: unknown[], v: unknown) => list.some((x) => same(x, v));
  const added = upstream.filter((v) => !has(catalogue, v));
  const placed = catalogue.flatMap((v) => (has(upstream, v) ? [v] : added.length ? [added.shift()] : []));
  return [...placed, ...added];
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
/**
 * Sets (or, with `value` undefined, removes) one keyword of a node: in place; at a `$ref` to a
 * shared definition, on a copy of it at this use (the other uses keep theirs, and other keywords
 * set at the same use add up); else the upstream node (`fallback`) takes the node's place.
 */
const setKeyword = (cat: View, keyword: string, value: unknown, fallback: unknown): Edit[] => {
  const own = ownKeyword(cat);
  const target = own ?? (copyable(cat) ? cat.slot : undefined);
  if (!target) return replaceSlot(cat, fallback);
  const set: Edit =
    value === undefined
      ? { file: target.file, pointer: [...target.pointer, keyword], action: 'delete' }
      : { file: target.file, pointer: [...target.pointer, keyword], action: 'replace', value };
  return own ? [set] : [{ file: cat.slot!.file, pointer: cat.slot!.pointer, action: 'inline', value: copyFor(cat.at!, cat.slot!) }, set];
};
/** A `$ref` to a plain definition (no alternatives to choose between), which a copy can stand in for. */
const copyable = (cat: View): boolean =>
  !!cat.slot && !!cat.at && typeof cat.raw.$ref === 'string' && !['anyOf', 'oneOf', 'allOf', '$ref'].some((k) => k in copyFor(cat.at!, cat.slot!));

/**
 * An enum both sides reach through a shared definition is one vocabulary (the account statuses;
 * drf-spectacular's `StatusEnum` components): every use takes the new values, so they change at the
 * definition, which stays the one list of them. Otherwise, as any keyword, at this use (setKeyword).
 */
const enumEdits = (cat: View, up: View, value: unknown, fallback: unknown): Edit[] => {
  const shared = cat.at && cat.slot && typeof cat.raw.$ref === 'string' && componentOf(up.raw) ? copyFor(cat.at, cat.slot) : undefined;
  return value !== undefined && shared && Array.isArray(shared.enum) && !('$ref' in shared)
    ? [{ file: cat.at!.file, pointer: [...cat.at!.pointer, 'enum'], action: 'replace', value }]
    : setKeyword(cat, 'enum', value, fallback);
};

/** Sets an annotation (examples): in place, or beside the `$ref` of a shared node, where it describes this use only. */
const annotate = (cat: View, keyword: string, value: unknown, fallback: unknown): Edit[] => {
  if (ownKeyword(cat) || !cat.slot || typeof cat.raw.$ref !== 'string') return setKeyword(cat, keyword, value, fallback);
  return [{ file: cat.slot.file, pointer: [...cat.slot.pointer, keyword], action: 'replace', value }];
};

/** Null allowed or not: in the node's own `type`, as a null alternative beside a shared `$ref`, or the upstream node in its place. */
function nullableEdits(cat: View, up: View, fallback: unknown): Edit[] {
  const own = ownKeyword(cat);
  const nullable = up.types.includes('null');
  if (own && cat.raw.type !== undefined && !Array.isArray(cat.raw.enum)) {
    const types = nullable ? [...cat.types, 'null'].sort() : cat.types.filter((t) => t !== 'null');
    return [{ file: own.file, pointer: [...own.pointer, 'type'], action: 'replace', value: typeName(types) }];
  }
  if (nullable && typeof cat.raw.$ref === 'string') return replaceSlot(cat, { anyOf: [cat.raw, { type: 'null' }] });
  return replaceSlot(cat, fallback);
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

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

export function compareViews(cat: View, up: View, mode: Mode, samples: unknown[] = [], field = '', context?: SideContext): FieldDifference[] {
  const out: FieldDifference[] = [];
  const segments = field.split('/').filter(Boolean);
  const label = field || '(body)';
  const nonNull = (types: string[]) => types.filter((t) => t !== 'null');

  if (cat.types.length && up.types.length) {
    const differs = mode === 'document' ? !sameSet(cat.types, up.types) : up.types.some((t) => !allows(cat.types, t));
    if (differs && mode === 'document' && sameSet(nonNull(cat.types), nonNull(up.types))) {
      out.push({
        aspect: 'nullable',
        field: label,
        catalogue: cat.types.includes('null'),
        upstream: up.types.includes('null'),
        edits: nullableEdits(cat, up, asCatalogueSchema(up.raw)),
      });
    } else if (differs) {
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
      edits: enumEdits(cat, up, up.enum && inPlace(cat.enum ?? [], up.enum), asCatalogueSchema(up.raw)),
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

  if (mode === 'document') {
    // A response is silent about validation on a definition requests share: the requests state it.
    const silenceCounts = !(context?.side === 'response' && inDefinitions(context.otherSide, ownKeyword(cat) ?? cat.slot));
    for (const keyword of CONSTRAINTS) {
      const [ours, theirs] = [cat.constraints[keyword], up.constraints[keyword]];
      if (same(ours, theirs) || (theirs === undefined && !silenceCounts) || (keyword === 'pattern' && theirs !== undefined && !compiles(theirs))) continue;
      out.push({
        aspect: keyword,
        field: label,
        catalogue: ours ?? null,
        upstream: theirs ?? null,
        edits: setKeyword(cat, keyword, theirs, asCatalogueSchema(up.raw)),
      });
    }
    // Examples assert nothing: upstream's are taken, its silence is no difference.
    if (up.examples && !same(cat.examples, up.examples)) {
      out.push({
        aspect: 'examples',
        field: label,
        catalogue: cat.examples ?? null,
        upstream: up.examples,
        edits: annotate(cat, 'examples', up.examples, asCatalogueSchema(up.raw)),
      });
    }
  }

  if (cat.properties && up.properties) out.push(...compareProperties(cat, up, mode, samples, field, context));
  if (cat.items && up.items) out.push(...compareViews(cat.items, up.items, mode, samples, `${field}/*`, context));
  return out;
}

/**
 * Requires a property where `owner` declares it; but one only this side carries (a response's
 * readOnly `id`), in a definition the other side shares, is required where this side uses the
 * definition (`{ "$ref", "type": "object", "required" }`), so the other side's bodies need not carry it.
 */
function requireEdits(cat: View, owner: Place | undefined, name: string, upstream: Property, context: SideContext | undefined): Edit[] {
  const thisSideOnly = context && (context.side === 'response' ? upstream.view.readOnly : upstream.view.writeOnly);
  if (!thisSideOnly || !inDefinitions(context.otherSide, owner)) return owner ? [{ file: owner.file, pointer: owner.pointer, action: 'require', name }] : [];
  if (!cat.slot || typeof cat.raw.$ref !== 'string') return [];
  // Ajv's strict mode wants the type beside a `required`.
  return [
    { file: cat.slot.file, pointer: [...cat.slot.pointer, 'type'], action: 'replace', value: 'object' },
    { file: cat.slot.file, pointer: cat.slot.pointer, action: 'require', name },
  ];
}

function compareProperties(cat: View, up: View, mode: Mode, samples: unknown[], field: string, context?: SideContext): FieldDifference[] {
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
        edits: upstreamRequired
          ? requireEdits(cat, property.owner, name, upstream, context)
          : property.owner
            ? [{ file: property.owner.file, pointer: property.owner.pointer, action: 'unrequire', name }]
            : [],
      });
    }
    out.push(...compareViews(property.view, upstream.view, mode, samples, at, context));
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
            ...(upstream.required ? requireEdits(cat, cat.at, name, upstream, context) : []),
          ]
        : [],
    });
  }
  return out;
}
