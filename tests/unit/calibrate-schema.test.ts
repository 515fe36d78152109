import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asCatalogueSchema, compareViews, inPlace } from '../../calibrate/compare-schema';
import { sideSchema, upstreamView } from '../../calibrate/schema-view';
import { ajv } from '../../schemas/registry';

void test('an OpenAPI 3.0 schema becomes a definition the catalogue’s strict Ajv compiles: nullable, boolean exclusive bounds and examples translated, unknown formats dropped', () => {
  const upstream = {
    type: 'object',
    required: ['amount'],
    properties: {
      amount: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: false, example: 5 },
      note: { type: 'string', nullable: true, format: 'markdown', xml: { name: 'n' } },
    },
    example: { amount: 1 },
  };
  const schema = asCatalogueSchema(upstream) as object;
  assert.deepEqual(schema, {
    type: 'object',
    required: ['amount'],
    properties: { amount: { type: 'number', exclusiveMinimum: 0, maximum: 10, examples: [5] }, note: { type: ['string', 'null'] } },
    examples: [{ amount: 1 }],
  });
  const validate = ajv.compile(schema);
  assert.equal(validate({ amount: 0 }), false);
  assert.equal(validate({ amount: 1, note: null }), true);
});

void test('a format Ajv does not know is not a difference: it could be neither checked nor written', () => {
  const view = (format: string) => upstreamView({ type: 'string', format });
  assert.deepEqual(compareViews(view('decimal'), upstreamView({ type: 'string' }), 'document'), []);
  assert.equal(compareViews(view('uuid'), upstreamView({ type: 'string' }), 'document')[0].aspect, 'format');
});

void test('readOnly properties are left out of a request, writeOnly ones out of a response, and are not required there', () => {
  const user = {
    type: 'object',
    required: ['id', 'name', 'password'],
    properties: { id: { type: 'string', readOnly: true }, name: { type: 'string' }, password: { type: 'string', writeOnly: true } },
  };
  assert.deepEqual(sideSchema(user, 'request'), {
    ...user,
    required: ['name', 'password'],
    properties: { name: user.properties.name, password: user.properties.password },
  });
  assert.deepEqual(sideSchema({ type: 'array', items: user }, 'response'), {
    type: 'array',
    items: { ...user, required: ['id', 'name'], properties: { id: user.properties.id, name: user.properties.name } },
  });
});

void test('drf-spectacular’s OpenAPI 3.0 idioms read as what they mean: nullable enums through NullEnum, allOf with nullable, bounds, a pattern only Python compiles', () => {
  const status = upstreamView({ oneOf: [{ enum: ['open', 'closed'], type: 'string' }, { enum: [''] }, { enum: [null] }], nullable: true });
  assert.deepEqual(status.types, ['null', 'string']);
  assert.deepEqual(status.enum, ['open', 'closed', '']);
  assert.deepEqual(upstreamView({ allOf: [{ type: 'string', format: 'uuid' }], nullable: true }).types, ['null', 'string']);
  assert.deepEqual(upstreamView({ type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: 9 }).constraints, { exclusiveMinimum: 0, maximum: 9 });
  const text = (extra: object) => upstreamView({ type: 'string', ...extra });
  assert.deepEqual(compareViews(text({}), text({ pattern: '^[a-z]+\\Z' }), 'document'), []);
  assert.deepEqual(
    compareViews(text({ maxLength: 255 }), text({ maxLength: 100, nullable: true, pattern: '^[6-9]\\d{9}$' }), 'document').map((d) => [
      d.aspect,
      d.catalogue,
      d.upstream,
    ]),
    [
      ['nullable', false, true],
      ['pattern', null, '^[6-9]\\d{9}$'],
      ['maxLength', 255, 100],
    ],
  );
});

void test('an error body that is a choice of shapes (DRF’s detail or field errors) is compared without a crash', () => {
  const drfError = {
    anyOf: [
      { type: 'object', required: ['detail'], properties: { detail: { type: 'string' }, code: { type: 'string' } } },
      { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
    ],
  };
  const detail = { type: 'object', required: ['detail'], properties: { detail: { type: 'string' } } };
  assert.deepEqual(compareViews(upstreamView(drfError), upstreamView(detail), 'document'), [
    { aspect: 'missing', field: '/code', catalogue: { required: false, type: 'string' }, upstream: null, note: 'not in the upstream schema', edits: [] },
  ]);
  assert.deepEqual(
    compareViews(upstreamView(detail), upstreamView(drfError), 'document').map((d) => `${d.field} ${d.aspect}`),
    ['/code extra'],
  );
});

void test('an enum written from upstream keeps the catalogue’s order: a kept value its place, a new one the place of a dropped one, the rest last', () => {
  assert.deepEqual(inPlace(['activation', 'initiated', 'approved', 'active', 'dropped'], ['active', 'activation', 'approved', 'dropped', 'pending']), [
    'activation',
    'pending',
    'approved',
    'active',
    'dropped',
  ]);
  assert.deepEqual(inPlace(['a', 'b', 'c'], ['c', 'x', 'y']), ['x', 'y', 'c'], 'two renamed: in upstream order, in the dropped places');
  assert.deepEqual(inPlace(['a', 'b', 'c'], ['c', 'a']), ['a', 'c'], 'a dropped value leaves its place');
  assert.deepEqual(inPlace(['a'], ['a', 'z']), ['a', 'z'], 'a new value with no place to take goes last');
});
