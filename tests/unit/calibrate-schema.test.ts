import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asCatalogueSchema, compareViews } from '../../calibrate/compare-schema';
import { upstreamView } from '../../calibrate/schema-view';
import { ajv } from '../../schemas/registry';

void test('an OpenAPI 3.0 schema becomes a definition the catalogue’s strict Ajv compiles: nullable, boolean exclusive bounds, examples and unknown formats translated or dropped', () => {
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
    properties: { amount: { type: 'number', exclusiveMinimum: 0, maximum: 10 }, note: { type: ['string', 'null'] } },
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
