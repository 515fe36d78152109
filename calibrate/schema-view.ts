import { ajv } from '../schemas/registry';

/**
 * One normalised view of a JSON Schema, whatever wrote it: the catalogue's files ($refs across
 * files, `allOf` envelopes, `anyOf [X, null]`) or an upstream document (OpenAPI 3.0 `nullable`,
 * inline schemas). Comparing two views is then a walk over the same few facts, and every node of a
 * catalogue view remembers where it is written, so a correction lands in the right file.
 */

export type Json = Record<string, unknown>;

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

const typeList = (node: Json): string[] => {
  const declared = node.type === undefined ? [] : Array.isArray(node.type) ? (node.type as string[]) : [node.type as string];
  const types = new Set(declared);
  if (!types.size && node.properties) types.add('object');
  if (!types.size && node.items) types.add('array');
  if (node.nullable === true) types.add('null');
  if (Array.isArray(node.enum) && node.enum.includes(null)) types.add('null');
  return [...types].sort();
};

const isNullOnly = (node: unknown): boolean => !!node && typeof node === 'object' && (node as Json).type === 'null';

function merge(into: View, from: View): View {
  const types = into.types.length && from.types.length ? into.types.filter((t) => from.types.includes(t)) : [...into.types, ...from.types];
  return {
    ...into,
    types: [...new Set(types)].sort(),
    format: into.format ?? from.format,
    enum: into.enum ?? from.enum,
    properties: into.properties || from.properties ? { ...from.properties, ...into.properties } : undefined,
    items: into.items ?? from.items,
  };
}

interface Resolver {
  /** Follows `$ref` (when present) from a node at `place`; returns the target node and its place. */
  follow(node: Json, place: Place | undefined): { node: Json; place: Place | undefined };
}

function build(node: Json, slot: Place | undefined, resolver: Resolver, depth: number): View {
  const raw = node;
  let { node: target, place: at } = resolver.follow(node, slot);
  for (let hops = 0; typeof target.$ref === 'string' && hops < MAX_DEPTH; hops++) ({ node: target, place: at } = resolver.follow(target, at));
  if (depth > MAX_DEPTH) return { types: typeList(target), raw, at, slot };
  const child = (key: string, ...rest: string[]): Place | undefined => at && { file: at.file, pointer: [...at.pointer, key, ...rest] };

  const alternatives = (target.anyOf ?? target.oneOf) as Json[] | undefined;
  if (alternatives) {
    const nonNull = alternatives.filter((a) => !isNullOnly(a));
    const key = target.anyOf ? 'anyOf' : 'oneOf';
    const views = nonNull.map((a) => build(a, child(key, String(alternatives.indexOf(a))), resolver, depth + 1));
    const union = views.reduce<View>(
      (acc, v) => ({ ...merge(acc, v), types: [...new Set([...acc.types, ...v.types])].sort() }),
      views[0] ?? { types: [], raw },
    );
    const types = nonNull.length < alternatives.length ? [...new Set([...union.types, 'null'])].sort() : union.types;
    return { ...union, types, raw, at, slot };
  }

  let view: View = { types: typeList(target), raw, at, slot };
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
  return view;
}

const fileOf = (id: string): string => id.slice(SCHEMA_BASE.length);

function pointerGet(root: unknown, pointer: string[]): Json {
  let node = root;
  for (const part of pointer) node = (node as Json)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (!node || typeof node !== 'object') throw new Error(`no schema at #/${pointer.join('/')}`);
  return node as Json;
}

/** The catalogue's registry resolves `$ref`s between its files and keeps their places. */
const catalogueResolver: Resolver = {
  follow(node, place) {
    if (typeof node.$ref !== 'string') return { node, place };
    const base = place ? `${SCHEMA_BASE}${place.file}` : SCHEMA_BASE;
    const [id, fragment = ''] = new URL(node.$ref, base).href.split('#');
    const root = ajv.getSchema(id)?.schema;
    if (!root) throw new Error(`schema ${id} is not registered`);
    const pointer = fragment.split('/').filter(Boolean);
    return { node: pointerGet(root, pointer), place: { file: fileOf(id), pointer } };
  },
};

/** The view of a catalogue schema reference (`…/accounts.json#/$defs/account`). */
export function catalogueView(ref: string): View {
  const [id, fragment = ''] = ref.split('#');
  const pointer = fragment.split('/').filter(Boolean);
  const root = ajv.getSchema(id)?.schema;
  if (!root) throw new Error(`schema ${id} is not registered`);
  const place = { file: fileOf(id), pointer };
  return build(pointerGet(root, pointer), place, catalogueResolver, 0);
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
