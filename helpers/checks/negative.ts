import { randomUUID } from 'node:crypto';
import { schemaAt, validator, type ErrorObject } from '../../schemas/registry';
import { documentOf, resolveRef } from '../../schemas/walk';

/**
 * Negative request data generated from a request schema: each case takes a valid request and
 * breaks exactly one constraint of it. Every case is confirmed by Ajv to fail that one keyword
 * at that one JSON path (and nothing else) before it is offered, so a case the contract allows
 * is never sent as negative; candidates that fail otherwise are dropped.
 */

/** How the request data travels: JSON keeps types, multipart text fields and query values are strings. */
export type Wire = 'json' | 'multipart' | 'query';

export interface NegativeCase {
  /** JSON pointer of the broken value ('' is the whole request). */
  path: string;
  /** The JSON Schema keyword the case breaks (required, type, format, pattern, enum, minLength, …). */
  keyword: string;
  /** What the case does, in words, for step titles and reports. */
  description: string;
  /** The whole request data with the one constraint broken (not always an object: the body itself may be the broken value). */
  data: unknown;
}

type Schema = Record<string, unknown>;
interface Node {
  schema: Schema;
  /** Absolute URI that relative `$ref`s inside `schema` resolve against. */
  base: string;
}

/** A value that is absent from the valid request (an optional field it did not send). */
const ABSENT = Symbol('absent');
type Value = unknown | typeof ABSENT;

interface Candidate {
  path: string;
  keyword: string;
  description: string;
  /** The replacement value; ABSENT deletes the property at `path`. */
  value: Value;
  /** Alternatives for one constraint: only the first that Ajv confirms is kept. */
  group?: string;
}

const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
};

function resolve(schema: Schema, base: string): Node {
  let node: Node = { schema, base };
  for (let hops = 0; typeof node.schema.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error(`$ref chain too deep at ${base}`);
    const { $ref, ...siblings } = node.schema;
    const target = resolveRef($ref as string, node.base);
    node = { schema: { ...target.schema, ...siblings }, base: documentOf(target.ref) };
  }
  if (Array.isArray(node.schema.allOf)) {
    const merged: Schema = { ...node.schema, properties: { ...(node.schema.properties as Schema) }, required: [...((node.schema.required as string[]) ?? [])] };
    for (const part of node.schema.allOf as Schema[]) {
      const resolved = resolve(part, node.base).schema;
      Object.assign(merged.properties as Schema, resolved.properties);
      (merged.required as string[]).push(...((resolved.required as string[]) ?? []));
    }
    delete merged.allOf;
    node = { schema: merged, base: node.base };
  }
  return node;
}

const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value === 'number' ? 'number' : typeof value;

/** The JSON types a node admits, from `type`, its anyOf/oneOf branches or its enum. */
function typesOf(node: Node): Set<string> {
  const { schema } = node;
  if (typeof schema.type === 'string') return new Set([schema.type]);
  if (Array.isArray(schema.type)) return new Set(schema.type as string[]);
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (branches) return new Set(branches.flatMap((b) => [...typesOf(resolve(b, node.base))]));
  if (Array.isArray(schema.enum)) return new Set((schema.enum as unknown[]).map(typeOf).map((t) => (t === 'integer' ? 'number' : t)));
  return new Set();
}

const admits = (types: Set<string>, type: string): boolean => types.has(type) || (type === 'integer' && types.has('number'));

/**
 * One wrong-type value per admitted type, chosen so that no lenient parser would read it as the
 * right type (no numeric strings for numbers, no "true" for booleans, no numbers for strings).
 */
function wrongTypeValue(types: Set<string>): unknown {
  if (types.has('string')) return types.has('boolean') ? (types.has('object') ? ['not', 'a', 'scalar'] : { not: 'a scalar' }) : true;
  if (types.has('number') || types.has('integer')) return 'not-a-number';
  if (types.has('boolean')) return 'not-a-boolean';
  if (types.has('array')) return 'not-an-array';
  if (types.has('object')) return 'not-an-object';
  return undefined;
}

const BAD_FORMAT: Record<string, string> = {
  uuid: 'not-a-uuid',
  date: '31/12/2024',
  'date-time': 'yesterday at noon',
  time: 'noon',
  email: 'not-an-email',
  uri: 'not a uri',
  'uri-reference': 'http://[bad',
  ipv4: '999.1.1.1',
  hostname: '-bad-.example',
};

/** Items for growing an array past maxItems: copies of the first, or fresh ids where ids are asked for (they may have to differ). */
function moreItems(items: Node | undefined, existing: unknown[], count: number): unknown[] {
  if (items?.schema.format === 'uuid') return Array.from({ length: count }, () => randomUUID());
  return Array.from({ length: count }, () => structuredClone(existing[0]));
}

function candidatesFor(node: Node, path: string, value: Value, out: Candidate[]): void {
  const { schema } = node;
  const types = typesOf(node);
  const present = value !== ABSENT;
  const add = (keyword: string, description: string, replacement: unknown, group?: string) =>
    out.push({ path, keyword, description, value: replacement, group });

  const wrong = wrongTypeValue(types);
  if (wrong !== undefined) add('type', `${show(wrong)} instead of ${[...types].join(' or ')}`, wrong);
  if (types.size && !types.has('null')) add('type', `null instead of ${[...types].join(' or ')}`, null);
  if (admits(types, 'integer') && !types.has('number')) add('type', '1.5 where an integer is required', 1.5);

  if (Array.isArray(schema.enum)) {
    const allowed = schema.enum as unknown[];
    const bogus = allowed.every((v) => typeof v === 'number') ? 987654321 : 'not_a_listed_value';
    if (!allowed.includes(bogus)) add('enum', `${show(bogus)}, which is not one of ${show(allowed)}`, bogus);
  }

  if (types.has('string')) {
    const base = present && typeof value === 'string' ? value : '';
    if (typeof schema.format === 'string' && BAD_FORMAT[schema.format])
      add('format', `${show(BAD_FORMAT[schema.format])} is not a ${schema.format}`, BAD_FORMAT[schema.format]);
    if (typeof schema.pattern === 'string') {
      const min = Math.max(1, (schema.minLength as number | undefined) ?? 1);
      // Titles name the edit, not the value: the valid value may be personal data (a mobile number).
      const attempts: Array<[string, string]> = [
        [base.toLowerCase(), 'the valid value in lower case'],
        [`${base}!`, 'the valid value followed by "!"'],
        [`${base} `, 'the valid value followed by a space'],
        ['!'.repeat(min), `"${'!'.repeat(min)}"`],
        [`#${base.slice(1)}`, 'the valid value with its first character replaced by "#"'],
      ];
      const tried = new Set<string>([base]);
      for (const [attempt, words] of attempts) {
        if (tried.has(attempt)) continue;
        tried.add(attempt);
        add('pattern', `${words} does not match ${schema.pattern as string}`, attempt, `${path} pattern`);
      }
    }
    const minLength = schema.minLength as number | undefined;
    if (minLength !== undefined && minLength >= 1) {
      const short = base.slice(0, minLength - 1);
      add('minLength', short === '' ? 'empty string where a value is required' : `${short.length} characters, fewer than minLength ${minLength}`, short);
    }
    const maxLength = schema.maxLength as number | undefined;
    if (maxLength !== undefined) {
      const long = (base || 'a').padEnd(maxLength + 1, base.slice(-1) || 'a');
      add('maxLength', `${long.length} characters, more than maxLength ${maxLength}`, long);
    }
  }

  if (admits(types, 'number') || admits(types, 'integer')) {
    const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema as Record<string, number | undefined>;
    if (minimum !== undefined) add('minimum', `${minimum - 1}, below minimum ${minimum}`, minimum - 1);
    if (exclusiveMinimum !== undefined) add('exclusiveMinimum', `${exclusiveMinimum}, not above exclusiveMinimum ${exclusiveMinimum}`, exclusiveMinimum);
    if (maximum !== undefined) add('maximum', `${maximum + 1}, above maximum ${maximum}`, maximum + 1);
    if (exclusiveMaximum !== undefined) add('exclusiveMaximum', `${exclusiveMaximum}, not below exclusiveMaximum ${exclusiveMaximum}`, exclusiveMaximum);
  }

  if (types.has('array') && present && Array.isArray(value)) {
    const items = schema.items ? resolve(schema.items as Schema, node.base) : undefined;
    const minItems = schema.minItems as number | undefined;
    const maxItems = schema.maxItems as number | undefined;
    if (minItems !== undefined && minItems >= 1) add('minItems', `${minItems - 1} items, fewer than minItems ${minItems}`, value.slice(0, minItems - 1));
    if (maxItems !== undefined) {
      const grown = [...value.slice(0, maxItems), ...moreItems(items, value, maxItems + 1 - Math.min(value.length, maxItems))];
      add('maxItems', `${grown.length} items, more than maxItems ${maxItems}`, grown);
    }
    if (schema.uniqueItems === true && value.length >= 1) add('uniqueItems', 'the first item repeated', [...value, structuredClone(value[0])]);
    if (items && value.length >= 1) candidatesFor(items, `${path}/0`, value[0], out);
  }

  if (types.has('object') && present && value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required as string[] | undefined) ?? []) {
      if (name in record) out.push({ path: `${path}/${name}`, keyword: 'required', description: `required field ${name} left out`, value: ABSENT });
    }
    const minProperties = schema.minProperties as number | undefined;
    if (minProperties !== undefined && minProperties >= 1) add('minProperties', `${minProperties - 1} fields, fewer than minProperties ${minProperties}`, {});
    if (schema.additionalProperties === false) add('additionalProperties', 'an undeclared field added', { ...record, x_undeclared_field: 'x' });
    for (const [name, property] of Object.entries(properties)) {
      candidatesFor(resolve(property, node.base), `${path}/${name}`, name in record ? record[name] : ABSENT, out);
    }
  }
}

const segments = (path: string): string[] => path.split('/').slice(1);

function applyAt(data: Record<string, unknown>, path: string, value: Value): unknown {
  if (path === '') return value;
  const copy = structuredClone(data);
  const keys = segments(path);
  let parent: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  if (value === ABSENT) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** The request data as the server reads it: query integers and booleans parsed from their text. */
function asServerReads(root: Node, data: unknown, wire: Wire): unknown {
  if (wire !== 'query' || !data || typeof data !== 'object') return data;
  const properties = (root.schema.properties ?? {}) as Record<string, Schema>;
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(data)) {
    const types = properties[key] ? typesOf(resolve(properties[key], root.base)) : new Set<string>();
    if (typeof raw === 'string' && types.has('integer') && /^-?\d+$/.test(raw)) out[key] = Number(raw);
    else if (typeof raw === 'string' && types.has('number') && /^-?\d+(\.\d+)?$/.test(raw)) out[key] = Number(raw);
    else if (typeof raw === 'string' && types.has('boolean') && (raw === 'true' || raw === 'false')) out[key] = raw === 'true';
    else out[key] = raw;
  }
  return out;
}

/** Text on the wire: multipart fields and query values can only carry strings. */
function expressible(candidate: Candidate, wire: Wire): Candidate | undefined {
  if (wire === 'json' || candidate.value === ABSENT) return candidate;
  if (segments(candidate.path).length !== 1) return undefined;
  if (typeof candidate.value === 'number') return { ...candidate, value: String(candidate.value) };
  return typeof candidate.value === 'string' ? candidate : undefined;
}

/** True when Ajv's errors name exactly the one keyword at the one path the candidate targets. */
function breaksExactlyOne(errors: ErrorObject[], candidate: Candidate): boolean {
  if (!errors.length) return false;
  if (candidate.keyword === 'required') {
    const keys = segments(candidate.path);
    const parent = keys.length > 1 ? `/${keys.slice(0, -1).join('/')}` : '';
    return errors.every(
      (e) => e.keyword === 'required' && e.instancePath === parent && (e.params as { missingProperty: string }).missingProperty === keys[keys.length - 1],
    );
  }
  const keywords = new Set(errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf').map((e) => e.keyword));
  return errors.every((e) => e.instancePath === candidate.path) && keywords.size === 1 && keywords.has(candidate.keyword);
}

/** Properties whose value travels as a file part, not as text (contentMediaType in the schema). */
function fileFields(ref: string): string[] {
  const root = resolve(schemaAt(ref), documentOf(ref));
  return Object.entries((root.schema.properties ?? {}) as Record<string, Schema>)
    .filter(([, property]) => 'contentMediaType' in resolve(property, root.base).schema)
    .map(([name]) => name);
}

export class InvalidBaseRequest extends Error {
  constructor(ref: string, errors: ErrorObject[]) {
    super(
      `the valid request the negative cases start from does not match ${ref}: ${errors.map((e) => `${e.instancePath || '(root)'} ${e.message}`).join('; ')}`,
    );
    this.name = 'InvalidBaseRequest';
  }
}

/**
 * The negative cases of one request schema, starting from `valid` (which must match the schema:
 * InvalidBaseRequest otherwise). For multipart, `valid` names each file field by its file name;
 * file fields are only ever left out, never given a text value.
 */
export function negativeCases(ref: string, valid: Record<string, unknown>, wire: Wire = 'json'): NegativeCase[] {
  const validate = validator(ref);
  const root = resolve(schemaAt(ref), documentOf(ref));
  if (!validate(asServerReads(root, valid, wire))) throw new InvalidBaseRequest(ref, validate.errors ?? []);
  const files = new Set(wire === 'multipart' ? fileFields(ref) : []);
  const candidates: Candidate[] = [];
  candidatesFor(root, '', valid, candidates);
  const seen = new Set<string>();
  const settled = new Set<string>();
  const cases: NegativeCase[] = [];
  for (const raw of candidates) {
    if (raw.group && settled.has(raw.group)) continue;
    const file = files.has(segments(raw.path)[0]);
    const candidate = file && raw.keyword !== 'required' ? undefined : expressible(raw, wire);
    if (!candidate) continue;
    const data = applyAt(valid, candidate.path, candidate.value);
    const key = JSON.stringify(data);
    if (seen.has(key)) continue;
    if (validate(asServerReads(root, data, wire)) || !breaksExactlyOne(validate.errors ?? [], candidate)) continue;
    seen.add(key);
    if (raw.group) settled.add(raw.group);
    cases.push({
      path: candidate.path,
      keyword: candidate.keyword,
      description: `${candidate.path || '(body)'} ${candidate.keyword}: ${file ? 'file part left out' : candidate.description}`,
      data,
    });
  }
  return cases;
}
