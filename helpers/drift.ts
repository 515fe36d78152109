import { schemaAt } from '../schemas/registry';
import type { Exchange } from './exchange';

/**
 * Drift: fields a response carries that its schema does not declare. The contract lets an API add
 * fields, so they are warnings, not failures; listing them tells QA the API grew and the
 * catalogue's schemas should learn the new fields.
 */

type Schema = Record<string, unknown>;
interface Located {
  schema: Schema;
  /** The `$id` of the document the schema sits in, to resolve its relative `$ref`s. */
  base: string;
}

const isSchema = (value: unknown): value is Schema => !!value && typeof value === 'object' && !Array.isArray(value);

const escape = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Follows $ref and the combinators to every schema that may describe the same value. */
function branches(located: Located[], seen = new Set<Schema>()): Located[] {
  const out: Located[] = [];
  for (const { schema, base } of located) {
    if (seen.has(schema)) continue;
    seen.add(schema);
    out.push({ schema, base });
    const nested: Located[] = [];
    if (typeof schema.$ref === 'string') {
      const target = new URL(schema.$ref, base).href;
      nested.push({ schema: schemaAt(target), base: target.split('#')[0] });
    }
    for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = schema[keyword];
      if (Array.isArray(list)) nested.push(...list.filter(isSchema).map((s) => ({ schema: s, base })));
    }
    for (const keyword of ['then', 'else'] as const) if (isSchema(schema[keyword])) nested.push({ schema: schema[keyword], base });
    out.push(...branches(nested, seen));
  }
  return out;
}

/** An object schema that names no properties at all is free-form on purpose: nothing in it is drift. */
const describesShape = (schema: Schema): boolean =>
  ['properties', 'patternProperties', 'additionalProperties', 'unevaluatedProperties'].some((k) => schema[k] !== undefined);

function visit(value: unknown, candidates: Located[], path: string, found: Set<string>): void {
  if (value === null || typeof value !== 'object' || candidates.length === 0) return;
  const all = branches(candidates);
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const items: Located[] = [];
      for (const { schema, base } of all) {
        const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems[index] : undefined;
        if (isSchema(prefix)) items.push({ schema: prefix, base });
        else if (isSchema(schema.items)) items.push({ schema: schema.items, base });
      }
      visit(item, items, `${path}/*`, found);
    });
    return;
  }
  const shaped = all.filter(({ schema }) => describesShape(schema));
  if (shaped.length === 0) return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const described: Located[] = [];
    let declared = false;
    for (const { schema, base } of shaped) {
      const properties = isSchema(schema.properties) ? schema.properties : {};
      const patterns = isSchema(schema.patternProperties) ? Object.entries(schema.patternProperties).filter(([p]) => new RegExp(p, 'u').test(key)) : [];
      if (key in properties || patterns.length) {
        declared = true;
        if (isSchema(properties[key])) described.push({ schema: properties[key], base });
        for (const [, s] of patterns) if (isSchema(s)) described.push({ schema: s, base });
      } else if (schema.additionalProperties !== undefined || schema.unevaluatedProperties !== undefined) {
        // additionalProperties: false makes an extra key a schema violation, reported by the checks instead.
        declared = true;
        if (isSchema(schema.additionalProperties)) described.push({ schema: schema.additionalProperties, base });
      }
    }
    const childPath = `${path}/${escape(key)}`;
    if (!declared) found.add(childPath);
    else visit(child, described, childPath, found);
  }
}

/**
 * The JSON paths (array items as `*`) of every field in `data` that the schema at `ref` does not
 * declare, following $ref, allOf, anyOf and oneOf; a field declared by any branch counts as declared.
 */
export function undeclaredFields(ref: string, data: unknown): string[] {
  const found = new Set<string>();
  visit(data, [{ schema: schemaAt(ref), base: ref.split('#')[0] }], '', found);
  return [...found].sort();
}

/** The drift of one exchange, judged against the schema the checks validate its body with. */
export function responseDrift(exchange: Exchange): string[] {
  return exchange.schema && exchange.json !== undefined ? undeclaredFields(exchange.schema, exchange.json) : [];
}
