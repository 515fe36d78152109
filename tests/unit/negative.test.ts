import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { seededFaker } from '../../fixtures/builders';
import { builders } from '../../fixtures/requests/index';
import { placeholderRefs } from '../../fixtures/requests/builder';
import { negativeCases, InvalidBaseRequest, type NegativeCase } from '../../helpers/checks/negative';
import { operation, operations, schemaRef, type Operation, type OperationId } from '../../schemas/catalogue';
import { validator } from '../../schemas/registry';

const f = seededFaker(7, 'negative unit test');
const RUN = { programId: '15676342-6603-4637-a83f-77feda9523e9', runId: 'runid' };
/** The records a body refers to exist only on a target: here their ids are placeholders. */
const REFS = placeholderRefs(f);

const REQUESTS = new URL('../../fixtures/requests/', import.meta.url);

/** Where the builder of `op` belongs: the file that holds the builders of the other operations of its group. */
function builderFile(op: Operation): string {
  const siblings = operations.filter((o) => o.group === op.group && o.id !== op.id).map((o) => `'${o.id}':`);
  const file = readdirSync(REQUESTS).find((name) => siblings.some((key) => readFileSync(new URL(name, REQUESTS), 'utf8').includes(key)));
  return file ? `fixtures/requests/${file}` : `a file of fixtures/requests/ (that of a related group, or a new one spread into fixtures/requests/index.ts)`;
}

/** The valid JSON body of an operation, from the suite's own builder (fixtures/requests/), as the negative tests start from it. */
function validBody(id: OperationId): Record<string, unknown> {
  const body = builders[id]?.body;
  assert.ok(body, `no body builder for ${id}: add one to ${builderFile(operation(id))}`);
  return body(f, REFS, RUN);
}

const valueAt = (data: unknown, path: string): unknown =>
  path
    .split('/')
    .slice(1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], data);

/** Independent re-check of the generator's promise: Ajv fails the case on exactly one keyword at exactly one path. */
function assertBreaksExactlyOne(ref: string, c: NegativeCase, serverView: (data: unknown) => unknown = (d) => d): void {
  const validate = validator(ref);
  assert.equal(validate(serverView(c.data)), false, `${c.description} must be invalid`);
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
  if (c.keyword === 'required') {
    const missing = c.path.split('/').at(-1);
    assert.ok(
      errors.every((e) => e.keyword === 'required' && (e.params as { missingProperty: string }).missingProperty === missing),
      `${c.description}: ${JSON.stringify(errors)}`,
    );
  } else {
    assert.deepEqual(new Set(errors.map((e) => `${e.instancePath} ${e.keyword}`)), new Set([`${c.path} ${c.keyword}`]), c.description);
  }
}

/** Apart from the broken value, the case is the valid request untouched. */
function assertOnlyPathChanged(valid: Record<string, unknown>, c: NegativeCase): void {
  if (c.path === '') return;
  const restored = structuredClone(c.data) as Record<string, unknown>;
  const keys = c.path.split('/').slice(1);
  const parent = keys.slice(0, -1).reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, restored);
  const original = valueAt(valid, c.path);
  if (original === undefined) delete parent[keys.at(-1)!];
  else parent[keys.at(-1)!] = original;
  assert.ok(isDeepStrictEqual(restored, valid), `${c.description} changes more than ${c.path}`);
}

describe('negativeCases', () => {
  it('every catalogued operation has a valid-request builder, with a body for a JSON request and a form for a multipart one', () => {
    for (const o of operations) {
      const builder = builders[o.id];
      assert.ok(builder, `no valid-request builder for ${o.id}: add one to ${builderFile(o)}`);
      if (o.request?.contentType === 'application/json') assert.ok(builder.body, `the builder of ${o.id} needs a body: ${builderFile(o)}`);
      if (o.request?.contentType === 'multipart/form-data') assert.ok(builder.form, `the builder of ${o.id} needs a form: ${builderFile(o)}`);
    }
  });

  for (const o of operations.filter((x) => x.request?.contentType === 'application/json')) {
    it(`${o.id}: every case breaks exactly one constraint of ${o.request!.schema.split('#')[1]} and nothing else`, () => {
      const valid = validBody(o.id);
      assert.equal(validator(o.request!.schema)(valid), true, `the base body of ${o.id} is valid`);
      const cases = negativeCases(o.request!.schema, valid);
      assert.ok(cases.length > 0, `${o.id} yields cases`);
      for (const c of cases) {
        assertBreaksExactlyOne(o.request!.schema, c);
        assertOnlyPathChanged(valid, c);
      }
      assert.equal(new Set(cases.map((c) => JSON.stringify(c.data))).size, cases.length, 'no two cases send the same data');
    });
  }

  it('covers each kind of constraint of Accounts > Create, named by keyword and JSON path', () => {
    const cases = negativeCases(operation('accounts.create').request!.schema, validBody('accounts.create'));
    const kinds = new Set(cases.map((c) => `${c.keyword} ${c.path}`));
    for (const kind of [
      'required /crm_lead_id',
      'required /ref_id',
      'required /program_id',
      'type /ref_id',
      'format /crm_lead_id',
      'format /program_id',
      'minLength /ref_id',
      'maxLength /ref_id',
      'type ',
    ]) {
      assert.ok(kinds.has(kind), `missing ${kind} in ${[...kinds].join(', ')}`);
    }
    const empty = cases.find((c) => c.keyword === 'minLength' && c.path === '/ref_id')!;
    assert.equal((empty.data as Record<string, unknown>).ref_id, '');
    assert.match(empty.description, /empty string/);
  });

  it('walks into nested arrays and objects', () => {
    const kinds = new Set(negativeCases(operation('leads.create').request!.schema, validBody('leads.create')).map((c) => `${c.keyword} ${c.path}`));
    for (const kind of [
      'minItems /applicants',
      'type /applicants/0',
      'required /applicants/0/full_name',
      'type /applicants/0/is_primary',
      'maxLength /applicants/0/full_name',
    ]) {
      assert.ok(kinds.has(kind), `missing ${kind}`);
    }
  });

  it('breaks patterns, enums, number ranges and array bounds', () => {
    const mandate = new Set(negativeCases(operation('mandates.create').request!.schema, validBody('mandates.create')).map((c) => `${c.keyword} ${c.path}`));
    for (const kind of ['pattern /ifsc', 'enum /mandate_type', 'exclusiveMinimum /max_amount', 'maximum /max_amount', 'format /start_date'])
      assert.ok(mandate.has(kind), `missing ${kind}`);
    const bulk = new Set(
      negativeCases(operation('approvals.bulkApprove').request!.schema, validBody('approvals.bulkApprove')).map((c) => `${c.keyword} ${c.path}`),
    );
    for (const kind of ['minItems /approval_ids', 'maxItems /approval_ids', 'uniqueItems /approval_ids', 'format /approval_ids/0'])
      assert.ok(bulk.has(kind), `missing ${kind}`);
  });

  it('gives optional fields the request left out their own cases', () => {
    const withoutCurrency = Object.fromEntries(Object.entries(validBody('fees.create')).filter(([key]) => key !== 'currency'));
    const cases = negativeCases(operation('fees.create').request!.schema, withoutCurrency);
    const pattern = cases.find((c) => c.keyword === 'pattern' && c.path === '/currency');
    assert.ok(pattern, 'a currency that breaks ^[A-Z]{3}$');
    assert.ok(!cases.some((c) => c.keyword === 'required' && c.path === '/currency'), 'an optional field is never reported as required');
  });

  it('never offers a wrong type for an enum field: that would also break the enum', () => {
    const cases = negativeCases(operation('approvals.create').request!.schema, validBody('approvals.create'));
    assert.deepEqual(
      cases.filter((c) => c.path === '/approval_type').map((c) => c.keyword),
      ['required', 'enum'],
    );
  });

  it('refuses to start from an invalid request', () => {
    assert.throws(() => negativeCases(operation('accounts.create').request!.schema, { ref_id: 'x' }), InvalidBaseRequest);
  });

  it('multipart: breaks text fields with text only, and only ever leaves the file part out', () => {
    const ref = operation('stamps.upload').request!.schema;
    // The server sees a file part as its file name.
    const form = builders['stamps.upload']!.form!(f, REFS, RUN);
    const valid = Object.fromEntries(Object.entries(form).map(([name, value]) => [name, typeof value === 'string' ? value : value.name]));
    const cases = negativeCases(ref, valid, 'multipart');
    assert.ok(cases.length > 0);
    for (const c of cases) {
      assertBreaksExactlyOne(ref, c);
      assert.ok(
        Object.values(c.data as Record<string, unknown>).every((v) => typeof v === 'string'),
        `${c.description} sends text only`,
      );
    }
    assert.deepEqual(
      cases.filter((c) => c.path === '/file').map((c) => c.keyword),
      ['required'],
    );
    assert.ok(cases.some((c) => c.keyword === 'pattern' && c.path === '/stamp_amount'));
  });

  it('query: values are text, and integers are judged as the server parses them', () => {
    const ref = schemaRef('accounts', 'listQuery');
    const cases = negativeCases(ref, { page_size: '10' }, 'query');
    const asParsed = (data: unknown) =>
      Object.fromEntries(
        Object.entries(data as Record<string, string>).map(([k, v]) => [k, ['page', 'page_size'].includes(k) && /^-?\d+$/.test(v) ? Number(v) : v]),
      );
    for (const c of cases) {
      assert.ok(
        Object.values(c.data as Record<string, unknown>).every((v) => typeof v === 'string'),
        `${c.description} sends text only`,
      );
      assertBreaksExactlyOne(ref, c, asParsed);
    }
    const kinds = new Set(cases.map((c) => `${c.keyword} ${c.path} ${JSON.stringify(valueAt(c.data, c.path))}`));
    for (const kind of ['minimum /page "0"', 'maximum /page_size "101"', 'type /page "1.5"', 'format /crm_lead_id "not-a-uuid"'])
      assert.ok(kinds.has(kind), `missing ${kind}`);
    assert.ok(!cases.some((c) => Object.values(c.data as Record<string, unknown>).includes('null')), 'no JSON null travels as text');
  });
});
