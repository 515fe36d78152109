import { readFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { ERROR_SCHEMA, operations, schemaRef, type Operation } from './catalogue';
import { paramNames } from './paths';
import { ajv, schemaAt } from './registry';
import { DEFAULT_SANDBOX_PORT } from '../sandbox/tenants';

/**
 * The OpenAPI 3.1 view of the catalogue. Everything here is derived from schemas/catalogue.ts and
 * the schema files registered in schemas/registry.ts, so correcting the catalogue corrects the
 * export; nothing about the API itself is written down a second time in this file.
 */

export type Json = Record<string, unknown>;

export const OPENAPI_VERSION = '3.1.0';
export const SECURITY_SCHEME = 'bearerAuth';
const SCHEMA_BASE = new URL('.', ERROR_SCHEMA).href;
const COMPONENT_PREFIX = '#/components/schemas/';

/** `https://los-contract.dev/schemas/custom-fields.json#/$defs/createRequest` → `custom-fields.createRequest`. */
export function componentName(ref: string): string {
  const [base, pointer = ''] = ref.split('#');
  const def = /^\/\$defs\/([^/]+)$/.exec(pointer);
  if (!base.startsWith(SCHEMA_BASE) || !base.endsWith('.json') || !def) {
    throw new Error(`cannot export ${ref}: only $refs to a top-level $defs entry of a schema file under ${SCHEMA_BASE} have a component`);
  }
  return `${base.slice(SCHEMA_BASE.length, -'.json'.length)}.${def[1]}`;
}

const componentRef = (ref: string): Json => ({ $ref: `${COMPONENT_PREFIX}${componentName(ref)}` });

/** The schema files the registry holds (Ajv also keeps its meta-schemas there). */
function schemaFiles(): { id: string; defs: Record<string, unknown> }[] {
  return Object.keys(ajv.schemas)
    .filter((id) => id.startsWith(SCHEMA_BASE))
    .sort()
    .map((id) => ({ id, defs: ((ajv.getSchema(id)?.schema as { $defs?: Record<string, unknown> } | undefined)?.$defs ?? {}) as Record<string, unknown> }));
}

/**
 * A schema node with its `$ref`s made document-local. File parts (`contentMediaType` on a string)
 * also get `format: binary`: OpenAPI 3.1 no longer needs it, but Postman, Apidog and Prism still
 * read it to offer a file picker or accept a file part.
 */
function localise(node: unknown, baseId: string): unknown {
  if (Array.isArray(node)) return node.map((item) => localise(item, baseId));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === '$ref' && typeof value === 'string' ? componentRef(new URL(value, baseId).href).$ref : localise(value, baseId);
  }
  if (out.type === 'string' && typeof out.contentMediaType === 'string' && !/^text\//.test(out.contentMediaType) && out.format === undefined) {
    out.format = 'binary';
  }
  return out;
}

export function componentSchemas(): Record<string, unknown> {
  const schemas: Record<string, unknown> = {};
  for (const { id, defs } of schemaFiles()) {
    for (const [def, schema] of Object.entries(defs)) schemas[componentName(`${id}#/$defs/${def}`)] = localise(schema, id);
  }
  return schemas;
}

const baseOf = (ref: string): string => ref.split('#')[0];

/** Query schemas are flat objects; anything richer would lose constraints as parameters, so it is refused. */
const QUERY_SCHEMA_KEYS = new Set(['type', 'properties', 'required', 'additionalProperties', 'description', 'x-provenance']);

function queryParameters(ref: string): Json[] {
  const schema = schemaAt(ref);
  const extra = Object.keys(schema).filter((key) => !QUERY_SCHEMA_KEYS.has(key));
  if (schema.type !== 'object' || extra.length)
    throw new Error(`query schema ${ref} must be a flat object to become parameters (has ${extra.join(', ') || 'no type object'})`);
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries((schema.properties ?? {}) as Record<string, unknown>).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema: localise(property, baseOf(ref)),
  }));
}

function pathParameters(op: Operation): Json[] {
  return paramNames(op.path).map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: componentRef(schemaRef('common', 'uuid')),
  }));
}

function requestBody(op: Operation): Json | undefined {
  if (!op.request) return undefined;
  const schema = schemaAt(op.request.schema);
  const media: Json = { schema: componentRef(op.request.schema) };
  if (op.request.contentType === 'multipart/form-data') {
    const parts = Object.entries((schema.properties ?? {}) as Record<string, { contentMediaType?: string }>).filter(([, p]) => p.contentMediaType);
    media.encoding = Object.fromEntries(parts.map(([name, p]) => [name, { contentType: p.contentMediaType }]));
  }
  return {
    required: Array.isArray(schema.required) && schema.required.length > 0,
    content: { [op.request.contentType]: media },
  };
}

function responses(op: Operation): Json {
  return Object.fromEntries(
    Object.entries(op.responses).map(([status, ref]) => [
      status,
      {
        description: STATUS_CODES[Number(status)] ?? `HTTP ${status}`,
        ...(ref === null ? {} : { content: { 'application/json': { schema: componentRef(ref) } } }),
      },
    ]),
  );
}

function operationObject(op: Operation): Json {
  const parameters = [...pathParameters(op), ...(op.query ? queryParameters(op.query) : [])];
  const body = requestBody(op);
  return {
    operationId: op.id,
    tags: [op.group],
    summary: op.name,
    ...(op.provenance === 'inferred'
      ? { description: 'Inferred from the documentation sidebar and REST conventions; not confirmed by a public reference page.' }
      : {}),
    'x-provenance': op.provenance,
    ...(parameters.length ? { parameters } : {}),
    ...(body ? { requestBody: body } : {}),
    responses: responses(op),
  };
}

function suiteVersion(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export function buildOpenApi(): Json {
  const paths: Record<string, Json> = {};
  for (const op of operations) {
    const item = (paths[op.path] ??= {});
    item[op.method.toLowerCase()] = operationObject(op);
  }
  const groups = [...new Set(operations.map((op) => op.group))];
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: 'Crego LOS API',
      version: suiteVersion(),
      description:
        'Loan origination (LOS) operations of the Crego API, generated by los-contract from its operation catalogue (schemas/catalogue.ts) and JSON Schemas. ' +
        'Operations and schemas carry `x-provenance`: `documented` where a public reference page shows them, `inferred` where they are read from the sidebar and REST conventions. ' +
        'CRM operations are included because an account needs a lead.',
    },
    servers: [
      { url: 'https://preprod.api.crego.io', description: 'Crego pre-production' },
      { url: `http://127.0.0.1:${DEFAULT_SANDBOX_PORT}`, description: 'los-contract sandbox (npm run sandbox)' },
    ],
    security: [{ [SECURITY_SCHEME]: [] }],
    tags: groups.map((name) => ({ name, description: name === 'CRM' ? 'CRM prerequisites of the LOS flow (not one of the LOS operations)' : `LOS › ${name}` })),
    paths,
    components: {
      securitySchemes: { [SECURITY_SCHEME]: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: componentSchemas(),
    },
  };
}
