import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { operations } from '../../schemas/catalogue';
import { buildOpenApi } from '../../schemas/openapi-export';
import { validateOpenApi } from '../../scripts/openapi-document';
import { timestampKeyword } from '../../schemas/timestamps';

interface OperationObject {
  operationId: string;
  tags: string[];
  summary: string;
  'x-provenance': string;
  parameters?: { name: string; in: string; required: boolean; schema: unknown }[];
  requestBody?: { content: Record<string, { schema: { $ref: string }; encoding?: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }>;
}
interface Document {
  openapi: string;
  servers: { url: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, Record<string, string>> };
}

const document = buildOpenApi() as unknown as Document;
const operationObjects = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
);

/** The sidebar of the LOS documentation, as issue 3 lists it. */
const LOS_SIDEBAR: Record<string, number> = {
  Approval: 5,
  'Custom Fields': 2,
  Assessments: 2,
  Agreement: 3,
  Stamp: 3,
  Sign: 2,
  Document: 4,
  Accounts: 8,
  Signing: 4,
  Insurances: 1,
  Fee: 1,
  Mandate: 2,
};

const resolvePointer = (root: unknown, ref: string): unknown =>
  ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), root);

function refsIn(node: unknown, at = '#'): { at: string; ref: string }[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => refsIn(item, `${at}/${i}`));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => (key === '$ref' && typeof value === 'string' ? [{ at, ref: value }] : refsIn(value, `${at}/${key}`)));
}

void test('the export is a valid OpenAPI 3.1 document according to @readme/openapi-parser', async () => {
  assert.equal(document.openapi, '3.1.0');
  assert.deepEqual(await validateOpenApi(document as unknown as Record<string, unknown>), []);
});

void test('the validator rejects a document with a dangling $ref, a duplicated operationId or an undeclared path parameter', async () => {
  const dangling = structuredClone(document);
  dangling.paths['/v1/los/accounts/'].post.responses['201'].content!['application/json'].schema.$ref = '#/components/schemas/accounts.nothing';
  const duplicated = structuredClone(document);
  duplicated.paths['/v1/los/accounts/'].post.operationId = 'accounts.list';
  const undeclared = structuredClone(document);
  delete undeclared.paths['/v1/los/accounts/{account_id}/'].get.parameters;
  for (const broken of [dangling, duplicated, undeclared]) {
    assert.notDeepEqual(await validateOpenApi(broken as unknown as Record<string, unknown>), []);
  }
});

void test('it has the 37 LOS operations of the sidebar, per group, plus the 2 CRM operations under a CRM tag', () => {
  const perTag: Record<string, number> = {};
  for (const { operation } of operationObjects) {
    assert.equal(operation.tags.length, 1, `${operation.operationId} has one tag`);
    perTag[operation.tags[0]] = (perTag[operation.tags[0]] ?? 0) + 1;
  }
  const { CRM, ...los } = perTag;
  assert.deepEqual(los, LOS_SIDEBAR);
  assert.equal(
    Object.values(los).reduce((a, b) => a + b, 0),
    37,
  );
  assert.equal(CRM, 2);
});

void test('each catalogue operation appears once, under its path and method, with its id, name and provenance', () => {
  assert.equal(operationObjects.length, operations.length);
  for (const op of operations) {
    const found = operationObjects.filter((o) => o.operation.operationId === op.id);
    assert.equal(found.length, 1, `${op.id} appears once`);
    const [{ path, method, operation }] = found;
    assert.deepEqual(
      { path, method, summary: operation.summary, tag: operation.tags[0], provenance: operation['x-provenance'] },
      { path: op.path, method: op.method, summary: op.name, tag: op.group, provenance: op.provenance },
    );
    assert.deepEqual(Object.keys(operation.responses).map(Number).sort(), Object.keys(op.responses).map(Number).sort(), `${op.id} documents the same statuses`);
  }
});

void test('every $ref in the document resolves inside it, and every request and response schema is a component', () => {
  const refs = refsIn(document);
  assert.ok(refs.length > 100, `expected many $refs, found ${refs.length}`);
  const dangling = refs.filter(({ ref }) => !ref.startsWith('#/') || resolvePointer(document, ref) === undefined);
  assert.deepEqual(dangling, []);
  for (const { operation } of operationObjects) {
    const bodies = [
      ...Object.values(operation.requestBody?.content ?? {}),
      ...Object.values(operation.responses).flatMap((response) => Object.values(response.content ?? {})),
    ];
    for (const { schema } of bodies)
      assert.match(schema.$ref, /^#\/components\/schemas\/[a-z-]+\.[A-Za-z]+$/, `${operation.operationId} refers to a component`);
  }
});

void test('the component schemas are valid JSON Schema 2020-12 that a strict Ajv compiles', () => {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
  addFormats.default(ajv);
  ajv.addFormat('binary', true);
  ajv.addKeyword({ keyword: 'x-provenance', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-evidence', schemaType: 'string' });
  ajv.addKeyword(timestampKeyword);
  // Lets the components live at the path their $refs name, with nothing else of the document compiled.
  ajv.addKeyword('components');
  const id = 'https://los-contract.dev/openapi.json';
  ajv.addSchema({ $id: id, components: { schemas: document.components.schemas } });
  for (const name of Object.keys(document.components.schemas)) {
    assert.doesNotThrow(() => ajv.getSchema(`${id}#/components/schemas/${name}`), `component ${name} compiles`);
  }
});

void test('path parameters are required UUIDs and list operations take their query parameters', () => {
  for (const { path, operation } of operationObjects) {
    const inPath = [...path.matchAll(/\{([a-z_]+)\}/g)].map(([, name]) => name);
    const declared = (operation.parameters ?? []).filter((p) => p.in === 'path');
    assert.deepEqual(
      declared.map((p) => p.name),
      inPath,
    );
    for (const p of declared) {
      assert.equal(p.required, true);
      assert.deepEqual(p.schema, { $ref: '#/components/schemas/common.uuid' });
    }
  }
  const list = operationObjects.find((o) => o.operation.operationId === 'accounts.list')!.operation;
  assert.deepEqual(
    list.parameters!.filter((p) => p.in === 'query').map((p) => p.name),
    ['page', 'page_size', 'status', 'crm_lead_id', 'ref_id'],
  );
});

void test('uploads take multipart/form-data with the file part as binary', () => {
  const uploads = operations.filter((op) => op.request?.contentType === 'multipart/form-data');
  assert.ok(uploads.length >= 3);
  for (const op of uploads) {
    const { operation } = operationObjects.find((o) => o.operation.operationId === op.id)!;
    const media = operation.requestBody!.content['multipart/form-data'];
    const schema = resolvePointer(document, media.schema.$ref) as { properties: Record<string, Record<string, string>> };
    assert.equal(schema.properties.file.format, 'binary', `${op.id} file part`);
    assert.deepEqual(media.encoding, { file: { contentType: schema.properties.file.contentMediaType } });
  }
});

void test('a JWT bearer token is required globally, and both the pre-production host and the sandbox are servers', () => {
  assert.deepEqual(document.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  assert.deepEqual(document.security, [{ bearerAuth: [] }]);
  assert.deepEqual(
    document.servers.map((s) => s.url),
    ['https://preprod.api.crego.io', 'http://127.0.0.1:4010'],
  );
});

void test('npm run openapi writes the generated document', () => {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
  try {
    const out = join(dir, 'openapi.json');
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/openapi.ts', out], { encoding: 'utf8' });
    assert.match(stdout, /37 LOS operations \+ 2 CRM/);
    assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), JSON.parse(JSON.stringify(document)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
