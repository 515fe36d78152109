import { nodeAt, resolveRef } from '../schemas/walk';

/**
 * One normalised view of a JSON Schema, whatever wrote it: the catalogue's files ($refs across
 * files, `allOf` envelopes, `anyOf [X, null]`) or an upstream document (OpenAPI 3.0 `nullable`,
 * inline schemas). Comparing two views is then a walk over the same few facts, and every node of a
 * catalogue view remembers where it is written, so a correction lands in the right file.
 */

export type Json = Record<string, unknown>;

/**
 * On an upstream schema that is one of its document's components (reached through `$ref`, shared
 * by its uses): the component's name. A symbol, so copies of the node keep it and JSON never shows it.
 */
export const COMPONENT = Symbol('OpenAPI component');
export const componentOf = (node: Json): string | undefined => (node as { [COMPONENT]?: string })[COMPONENT];

/** A place in a schema file of `schemas/`: the file name and the JSON pointer segments inside it. */
export interface Place {
  file: string;
  pointer: string[];
}

export interface View {
  /** Sorted JSON types; `null` included when the value may be null; empty when anything goes. */
  types: string[];
  format?: string;
  enum?: unknown[];
  /** The validation keywords of CONSTRAINTS the node sets, exclusive bounds as JSON Schema 2020-12 writes them. */
  constraints: Json;
  /** Example values (OpenAPI 3.0's `example` as one). */
  examples?: unknown[];
  /** OpenAPI's meaning: a readOnly property is sent in responses only, a writeOnly one in requests only. */
  readOnly?: boolean;
  writeOnly?: boolean;
  properties?: Record<string, Property>;
  items?: View;
  /** The schema as written upstream (dereferenced), to copy into the catalogue. */
  raw: Json;
  /** Catalogue only: where the keywords of this node live (after following `$ref`). */
  at?: Place;
  /** Catalogue only: where this node is written in its parent (before following `$ref`). */
  slot?: Place;
}

export interface Property {
  view: View;
  required: boolean;
  /** Catalogue only: the object node that declares the property (its `properties` and `required`). */
  owner?: Place;
}

const SCHEMA_BASE = 'https://los-contract.dev/schemas/';
const MAX_DEPTH = 12;

/** The validation keywords compared one by one (type, format and enum have their own rules). */
export const CONSTRAINTS = ['pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const;

/** The constraints a node sets; OpenAPI 3.0 (and Swagger 2.0) write exclusive bounds as flags on minimum/maximum, JSON Schema 2020-12 as the bound itself. */
export function constraintsOf(node: Json): Json {
  const out: Json = {};
  for (const key of CONSTRAINTS) if (node[key] !== undefined) out[key] = node[key];
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
  return out;
}

/** `examples` (JSON Schema, OpenAPI 3.1) or OpenAPI 3.0's single `example`. */
export function examplesOf(node: Json): unknown[] | undefined {
  if (Array.isArray(node.examples)) return node.examples as unknown[];
  return node.example === undefined ? undefined : [node.example];
}

const typeList = (node: Json): string[] => {
  const declared = node.type === undefined ? [] : Array.isArray(node.type) ? (node.type as string[]) : [node.type as string];
  const types = new Set(declared);
  if (!types.size && node.properties) types.add('object');
  if (!types.size && node.items) types.add('array');
  if (node.nullable === true) types.add('null');
  if (Array.isArray(node.enum) && node.enum.includes(null)) types.add('null');
  return [...types].sort();
};

/** `{type: null}`, or drf-spectacular's NullEnum `{enum: [null]}`. */
const isNullOnly = (node: unknown): boolean =>
  !!node &&
  typeof node === 'object' &&
  ((node as Json).type === 'null' ||
    (Array.isArray((node as Json).enum) && ((node as Json).enum as unknown[]).length > 0 && ((node as Json).enum as unknown[]).every((v) => v === null)));

function merge(into: View, from: View): View {
  const types = into.types.length && from.types.length ? into.types.filter((t) => from.types.includes(t)) : [...into.types, ...from.types];
  return {
    ...into,
    types: [...new Set(types)].sort(),
    format: into.format ?? from.format,
    enum: into.enum ?? from.enum,
    constraints: { ...from.constraints, ...into.constraints },
    examples: into.examples ?? from.examples,
    readOnly: into.readOnly || from.readOnly || undefined,
    writeOnly: into.writeOnly || from.writeOnly || undefined,
    properties: into.properties || from.properties ? { ...from.properties, ...into.properties } : undefined,
    items: into.items ?? from.items,
  };
}

interface Resolver {
  /** Follows `$ref` (when present) from a node at `place`; returns the target node and its place. */
  follow(node: Json, place: Place | undefined): { node: Json; place: Place | undefined };
}

/** Keywords beside a `$ref` that say something of the node (JSON Schema 2020-12 applies them with the referenced schema). */
const REF_SIBLINGS = new Set(['type', 'required', 'readOnly', 'writeOnly', 'examples', 'example', 'nullable']);

function build(node: Json, slot: Place | undefined, resolver: Resolver, depth: number): View {
  const raw = node;
  // `{ $ref, required: [...] }`: the referenced definition, with what this use adds (a use site's required, its annotations).
  if (typeof node.$ref === 'string' && Object.keys(node).some((k) => REF_SIBLINGS.has(k))) {
    const { $ref, ...siblings } = node;
    const referenced = build({ $ref }, slot, resolver, depth + 1);
    const own = build(siblings, slot, resolver, depth + 1);
    const view: View = {
      ...referenced,
      types: own.types.length ? [...new Set([...referenced.types, ...own.types])].sort() : referenced.types,
      examples: own.examples ?? referenced.examples,
      readOnly: own.readOnly ?? referenced.readOnly,
      writeOnly: own.writeOnly ?? referenced.writeOnly,
      raw,
    };
    for (const name of (siblings.required as string[] | undefined) ?? []) {
      const property = view.properties?.[name];
      if (property && !property.required) view.properties = { ...view.properties, [name]: { ...property, required: true, owner: slot } };
    }
    return view;
  }
  let { node: target, place: at } = resolver.follow(node, slot);
  for (let hops = 0; typeof target.$ref === 'string' && hops < MAX_DEPTH; hops++) ({ node: target, place: at } = resolver.follow(target, at));
  if (depth > MAX_DEPTH) return { types: typeList(target), constraints: {}, raw, at, slot };
  const child = (key: string, ...rest: string[]): Place | undefined => at && { file: at.file, pointer: [...at.pointer, key, ...rest] };
  const annotations = {
    ...(examplesOf(target) ? { examples: examplesOf(target) } : {}),
    ...(target.readOnly === true ? { readOnly: true } : {}),
    ...(target.writeOnly === true ? { writeOnly: true } : {}),
  };

  const alternatives = (target.anyOf ?? target.oneOf) as Json[] | undefined;
  if (alternatives) {
    const nonNull = alternatives.filter((a) => !isNullOnly(a));
    const key = target.anyOf ? 'anyOf' : 'oneOf';
    const views = nonNull.map((a) => build(a, child(key, String(alternatives.indexOf(a))), resolver, depth + 1));
    // drf-spectacular writes a blank-able choice as `oneOf: [StatusEnum, BlankEnum, NullEnum]`: the values are their union.
    const union = views.reduce<View>(
      (acc, v) => ({
        ...merge(acc, v),
        types: [...new Set([...acc.types, ...v.types])].sort(),
        enum: acc.enum && v.enum ? [...new Set([...acc.enum, ...v.enum])] : undefined,
      }),
      views[0] ?? { types: [], constraints: {}, raw },
    );
    const nullable = nonNull.length < alternatives.length || target.nullable === true;
    const types = nullable ? [...new Set([...union.types, 'null'])].sort() : union.types;
    return { ...union, ...annotations, types, raw, at, slot };
  }

  // OpenAPI 3.0's `nullable` (drf-spectacular: `allOf: [{$ref}], nullable: true`) widens the type the node and its allOf members agree on.
  let view: View = { types: typeList({ ...target, nullable: undefined }), constraints: constraintsOf(target), ...annotations, raw, at, slot };
  if (typeof target.format === 'string') view.format = target.format;
  if (Array.isArray(target.enum)) view.enum = target.enum.filter((v) => v !== null);
  if (target.properties && typeof target.properties === 'object') {
    const required = new Set((target.required as string[] | undefined) ?? []);
    view.properties = {};
    for (const [name, schema] of Object.entries(target.properties as Record<string, Json>)) {
      view.properties[name] = { view: build(schema, child('properties', name), resolver, depth + 1), required: required.has(name), owner: at };
    }
  }
  if (target.items && typeof target.items === 'object' && !Array.isArray(target.items))
    view.items = build(target.items as Json, child('items'), resolver, depth + 1);
  for (const [i, member] of ((target.allOf as Json[] | undefined) ?? []).entries()) {
    const memberView = build(member, child('allOf', String(i)), resolver, depth + 1);
    view = merge(view, memberView);
  }
  // `required` may name a property an allOf member declares (the list envelope): mark it here.
  for (const name of (target.required as string[] | undefined) ?? []) {
    const property = view.properties?.[name];
    if (property && !property.required) view.properties![name] = { ...property, required: true, owner: at };
  }
  if (target.nullable === true && view.types.length && !view.types.includes('null')) view.types = [...view.types, 'null'].sort();
  return view;
}

const fileOf = (id: string): string => id.slice(SCHEMA_BASE.length);
const refOf = (place: Place): string => `${SCHEMA_BASE}${place.file}#${place.pointer.map((token) => `/${token}`).join('')}`;
const placeOf = (ref: string): Place => {
  const [id, fragment = ''] = ref.split('#');
  return { file: fileOf(id), pointer: fragment.split('/').filter(Boolean) };
};

/** The catalogue's registry resolves `$ref`s between its files and keeps their places. */
const catalogueResolver: Resolver = {
  follow(node, place) {
    if (typeof node.$ref !== 'string') return { node, place };
    const target = resolveRef(node.$ref, place ? refOf(place) : SCHEMA_BASE);
    return { node: target.schema, place: placeOf(target.ref) };
  },
};

/**
 * The definition at a catalogue place as a copy for another place: without its provenance (the
 * copy's definition has its own), its local `$ref`s pointed at the file they belong to.
 */
export function copyFor(place: Place, into: Place): Json {
  const rebase = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rebase);
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key]) => key !== 'x-provenance')
        .map(([key, value]) => [
          key,
          key === '$ref' && typeof value === 'string' && into.file !== place.file
            ? new URL(value, `${SCHEMA_BASE}${place.file}`).href.slice(SCHEMA_BASE.length)
            : rebase(value),
        ]),
    );
  };
  return rebase(nodeAt(refOf(place)).schema) as Json;
}

/** The view of a catalogue schema reference (`…/accounts.json#/$defs/account`). */
export function catalogueView(ref: string): View {
  return build(nodeAt(ref).schema, placeOf(ref), catalogueResolver, 0);
}

/** Upstream schemas come dereferenced; a `$ref` left over is a cycle the parser kept, read as "anything". */
const upstreamResolver: Resolver = { follow: (node) => ({ node: typeof node.$ref === 'string' ? {} : node, place: undefined }) };

export function upstreamView(schema: Json): View {
  return build(schema, undefined, upstreamResolver, 0);
}

/** The top-level `$defs` entry a place belongs to, for its `x-provenance`. */
export function definitionOf(place: Place): Place | undefined {
  return place.pointer[0] === '$defs' && place.pointer.length >= 2 ? { file: place.file, pointer: place.pointer.slice(0, 2) } : undefined;
}

/** Which way a body goes: OpenAPI's readOnly properties come back in responses only, writeOnly ones are sent in requests only. */
export type Side = 'request' | 'response';
const absentOn = (side: Side, node: { readOnly?: unknown; writeOnly?: unknown }): boolean =>
  side === 'request' ? node.readOnly === true : node.writeOnly === true;

/** An upstream schema as one side carries it: the other side's properties dropped (and not required). */
export function sideSchema(node: unknown, side: Side, depth = 0): unknown {
  if (!node || typeof node !== 'object' || Array.isArray(node) || depth > MAX_DEPTH * 2) return node;
  const source = node as Json;
  const out: Json = { ...source };
  if (source.properties && typeof source.properties === 'object') {
    const kept = Object.entries(source.properties as Record<string, Json>).filter(([, p]) => !absentOn(side, p ?? {}));
    out.properties = Object.fromEntries(kept.map(([name, p]) => [name, sideSchema(p, side, depth + 1)]));
    if (Array.isArray(source.required)) out.required = (source.required as string[]).filter((name) => kept.some(([k]) => k === name));
  }
  for (const key of ['items', 'additionalProperties'] as const)
    if (source[key] && typeof source[key] === 'object') out[key] = sideSchema(source[key], side, depth + 1);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const)
    if (Array.isArray(source[key])) out[key] = (source[key] as unknown[]).map((member) => sideSchema(member, side, depth + 1));
  return out;
}

/** A catalogue view as one side carries it: properties marked for the other side only are left out. */
export function sideView(view: View, side: Side): View {
  const out: View = { ...view };
  if (view.properties)
    out.properties = Object.fromEntries(
      Object.entries(view.properties)
        .filter(([, p]) => !absentOn(side, p.view))
        .map(([name, p]) => [name, { ...p, view: sideView(p.view, side) }]),
    );
  if (view.items) out.items = sideView(view.items, side);
  return out;
}

export const placeKey = (place: Place): string => `${place.file}#/${place.pointer.join('/')}`;

/** The top-level definitions (`file#/$defs/name`) a view reaches, where its keywords live or where it is written. */
export function definitionsOf(view: View, into = new Set<string>()): Set<string> {
  for (const place of [view.at, view.slot]) {
    const definition = place && definitionOf(place);
    if (definition) into.add(placeKey(definition));
  }
  for (const property of Object.values(view.properties ?? {})) definitionsOf(property.view, into);
  if (view.items) definitionsOf(view.items, into);
  return into;
}

/** Whether an edit at `place` changes a definition in `definitions`. */
export const inDefinitions = (definitions: Set<string>, place: Place | undefined): boolean => {
  const definition = place && definitionOf(place);
  return !!definition && definitions.has(placeKey(definition));
};
