import assert from 'node:assert/strict';
import { test } from 'node:test';
import { schemaRef } from '../../schemas/catalogue';
import { ajv, validator } from '../../schemas/registry';
import { alternatives, memberOf, nodeAt, subschema } from '../../schemas/walk';

/** A schema of this test's own, for keys no catalogue file has. */
const TEST_SCHEMA = 'https://los-contract.dev/schemas/walk-test.json';

void test('the alternatives of a node follow $ref across files and allOf, each named by where it is written', () => {
  const refs = alternatives([nodeAt(schemaRef('accounts', 'list'))]).map((n) => n.ref);
  assert.deepEqual(refs, [schemaRef('accounts', 'list'), `${schemaRef('accounts', 'list')}/allOf/0`, schemaRef('common', 'listEnvelope')]);
});

void test('a recursive schema is walked once: every schema of the error body appears a single time', () => {
  const nodes = alternatives([nodeAt(schemaRef('common', 'fieldError'))]);
  assert.equal(new Set(nodes.map((n) => n.schema)).size, nodes.length);
  assert.ok(nodes.some((n) => n.ref === schemaRef('common', 'fieldErrors')));
});

void test('a key is written as a JSON pointer token in a URI, which the registry and Ajv both read back', () => {
  ajv.addSchema({ $id: TEST_SCHEMA, type: 'object', properties: { 'a/b~c d': { type: 'integer' } } });
  const node = subschema(nodeAt(TEST_SCHEMA), 'properties', 'a/b~c d');
  assert.equal(node?.ref, `${TEST_SCHEMA}#/properties/a~1b~0c%20d`);
  assert.equal(nodeAt(node.ref).schema, node.schema);
  assert.equal(validator(node.ref)(1), true);
  assert.equal(validator(node.ref)('1'), false);
});

void test("a key named like an object's built-in member is declared only where the schema names it", () => {
  const account = nodeAt(schemaRef('accounts', 'account'));
  assert.deepEqual(memberOf(account, 'constructor'), { declared: false, nodes: [] });
  assert.equal(subschema(account, 'properties', 'constructor'), undefined);
  assert.deepEqual(
    memberOf(account, 'id').nodes.map((n) => n.ref),
    [`${schemaRef('accounts', 'account')}/properties/id`],
  );
});
