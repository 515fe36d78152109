import { schemaAt } from './registry';

/**
 * Walking the schemas of the registry: a subschema is a node with its absolute reference (the
 * document's `$id`, `#`, the JSON pointer), so a walk follows `$ref` across the schema files and
 * names every place it reaches, a reference Ajv compiles and a report can point at. The drift, the
 * triage, the negative cases, the generated data and calibrate's views all walk through these.
 */

export type Schema = Record<string, unknown>;

export interface SchemaNode {
  schema: Schema;
  /** Absolute reference: document `$id` + `#` + JSON pointer. */
  ref: string;
}

export const isSchema = (value: unknown): value is Schema => !!value && typeof value === 'object' && !Array.isArray(value);

/** A key as a JSON pointer token (RFC 6901), and back. */
export const escapeToken = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');
export const unescapeToken = (token: string): string => token.replace(/~1/g, '/').replace(/~0/g, '~');

/** The value a JSON pointer names in any JSON value (a body, not only a schema); undefined where the path leaves it. */
export const valueAt = (root: unknown, pointer: string): unknown =>
  pointer
    .split('/')
    .slice(1)
    .map(unescapeToken)
    .reduce<unknown>((node, token) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[token] : undefined), root);

/** The document a reference points into: its `$id`, which the `$ref`s written in it resolve against. */
export const documentOf = (ref: string): string => ref.split('#')[0];

/** The registered subschema at an absolute reference (a document `$id` alone is its root). */
export function nodeAt(ref: string): SchemaNode {
  return { schema: schemaAt(ref), ref: ref.includes('#') ? ref : `${ref}#` };
}

/** The subschema a `$ref` written in the document of `from` points to. */
export const resolveRef = ($ref: string, from: string): SchemaNode => nodeAt(new URL($ref, documentOf(from)).href);

/** Where the node's `$ref` leads; undefined when it has none. */
export const refTarget = (node: SchemaNode): SchemaNode | undefined =>
  typeof node.schema.$ref === 'string' ? resolveRef(node.schema.$ref, node.ref) : undefined;

/** The subschema under `keys` (`'properties', 'id'`, `'anyOf', 0`); undefined when there is none. */
export function subschema(node: SchemaNode, ...keys: Array<string | number>): SchemaNode | undefined {
  let schema: unknown = node.schema;
  for (const key of keys)
    schema = (isSchema(schema) || Array.isArray(schema)) && Object.hasOwn(schema, key) ? (schema as Record<string | number, unknown>)[key] : undefined;
  if (!isSchema(schema)) return undefined;
  return { schema, ref: `${node.ref}/${keys.map((key) => encodeURIComponent(escapeToken(String(key)))).join('/')}` };
}

/** The subschemas listed under an array keyword (`allOf`, `anyOf`, `oneOf`, `prefixItems`). */
export const listed = (node: SchemaNode, keyword: string): SchemaNode[] =>
  Array.isArray(node.schema[keyword]) ? (node.schema[keyword] as unknown[]).flatMap((_, i) => subschema(node, keyword, i) ?? []) : [];

/** Applicators whose subschemas describe the very value their node describes (`then`/`else` when their condition holds). */
const IN_PLACE = ['allOf', 'anyOf', 'oneOf'] as const;
const CONDITIONAL = ['then', 'else'] as const;

/**
 * The nodes and every subschema that may describe the same value: where their `$ref`s, `allOf`,
 * `anyOf`, `oneOf`, `then` and `else` lead, each schema once, depth first from each node.
 */
export function alternatives(nodes: SchemaNode[], seen = new Set<Schema>()): SchemaNode[] {
  const out: SchemaNode[] = [];
  for (const node of nodes) {
    if (seen.has(node.schema)) continue;
    seen.add(node.schema);
    out.push(node);
    const target = refTarget(node);
    const next = [
      ...(target ? [target] : []),
      ...IN_PLACE.flatMap((keyword) => listed(node, keyword)),
      ...CONDITIONAL.flatMap((keyword) => subschema(node, keyword) ?? []),
    ];
    out.push(...alternatives(next, seen));
  }
  return out;
}

/**
 * What one schema says of the member `key` of an object it describes: `declared` when it decides
 * about the key at all (names it, matches it with a pattern, or sets `additionalProperties` or
 * `unevaluatedProperties`), and the subschemas that describe the member's value.
 */
export function memberOf(node: SchemaNode, key: string): { declared: boolean; nodes: SchemaNode[] } {
  const { schema } = node;
  const named = isSchema(schema.properties) && Object.hasOwn(schema.properties, key);
  const patterns = isSchema(schema.patternProperties) ? Object.keys(schema.patternProperties).filter((p) => new RegExp(p, 'u').test(key)) : [];
  if (named || patterns.length) {
    const nodes = [subschema(node, 'properties', key), ...patterns.map((p) => subschema(node, 'patternProperties', p))];
    return { declared: true, nodes: nodes.filter((n) => n !== undefined) };
  }
  if (schema.additionalProperties !== undefined || schema.unevaluatedProperties !== undefined) {
    const additional = subschema(node, 'additionalProperties');
    return { declared: true, nodes: additional ? [additional] : [] };
  }
  return { declared: false, nodes: [] };
}

/** The subschema that describes item `index` of an array the node describes: its `prefixItems` entry, else `items`. */
export const itemOf = (node: SchemaNode, index: number): SchemaNode | undefined => subschema(node, 'prefixItems', index) ?? subschema(node, 'items');
