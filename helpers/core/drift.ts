import { alternatives, escapeToken, itemOf, memberOf, nodeAt, type SchemaNode } from '../../schemas/walk';
import type { Exchange } from './exchange';

/**
 * Drift: fields a response carries that its schema does not declare. The contract lets an API add
 * fields, so they are warnings, not failures; listing them tells QA the API grew and the
 * catalogue's schemas should learn the new fields.
 */

/** An object schema that names no properties at all is free-form on purpose: nothing in it is drift. */
const describesShape = ({ schema }: SchemaNode): boolean =>
  ['properties', 'patternProperties', 'additionalProperties', 'unevaluatedProperties'].some((k) => schema[k] !== undefined);

function visit(value: unknown, candidates: SchemaNode[], path: string, found: Set<string>): void {
  if (value === null || typeof value !== 'object' || candidates.length === 0) return;
  const all = alternatives(candidates);
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const items = all.flatMap((node) => itemOf(node, index) ?? []);
      visit(item, items, `${path}/*`, found);
    });
    return;
  }
  const shaped = all.filter(describesShape);
  if (shaped.length === 0) return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    // additionalProperties: false makes an extra key a schema violation, reported by the checks instead.
    const members = shaped.map((node) => memberOf(node, key));
    const childPath = `${path}/${escapeToken(key)}`;
    const described = members.flatMap((m) => m.nodes);
    if (!members.some((m) => m.declared)) found.add(childPath);
    else visit(child, described, childPath, found);
  }
}

/**
 * The JSON paths (array items as `*`) of every field in `data` that the schema at `ref` does not
 * declare, following $ref, allOf, anyOf, oneOf, then and else; a field declared by any branch counts as declared.
 */
export function undeclaredFields(ref: string, data: unknown): string[] {
  const found = new Set<string>();
  visit(data, [nodeAt(ref)], '', found);
  return [...found].sort();
}

/** The drift of one exchange, judged against the schema the checks validate its body with. */
export function responseDrift(exchange: Exchange): string[] {
  return exchange.schema && exchange.json !== undefined ? undeclaredFields(exchange.schema, exchange.json) : [];
}
