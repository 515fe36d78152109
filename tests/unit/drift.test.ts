import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from '@playwright/test';
import { operation, schemaRef } from '../../schemas/catalogue';
import { undeclaredFields } from '../../helpers/core/drift';
import { aggregate, latency, percentile, summarize } from '../../helpers/triage/coverage';
import type { CallRecord } from '../../helpers/core/calls';
import { buildSandbox } from '../../sandbox/server';
import { Faults } from '../../sandbox/faults/index';
import { DEFAULT_TENANT_TOKENS } from '../../sandbox/tenants';

const ACCOUNT = schemaRef('accounts', 'account');
const account = {
  id: '8b9dbd9d-99d6-4373-8015-709de4a53100',
  created_at: 1795619930.37,
  updated_at: 1795619930.38,
  crm_lead_id: 'b9363c18-0946-459d-9d0a-7af32004aad4',
  ref_id: 'r1',
  program_id: '15676342-6603-4637-a83f-77feda9523e9',
  product_type: 'scf',
  tags: [],
  status: 'activation',
  drop_reason: null,
};

void test('a response carrying only declared fields has no drift', () => {
  assert.deepEqual(undeclaredFields(ACCOUNT, account), []);
});

void test('an undeclared top-level field is reported by its JSON path', () => {
  assert.deepEqual(undeclaredFields(ACCOUNT, { ...account, risk_score: 7 }), ['/risk_score']);
});

void test("a field named like an object's built-in member is drift like any other", () => {
  assert.deepEqual(undeclaredFields(ACCOUNT, { ...account, constructor: 1, toString: 'x' }), ['/constructor', '/toString']);
});

void test('fields declared through allOf and $ref into another file count as declared; list items report as *', () => {
  const list = { count: 2, next: null, previous: null, results: [account, { ...account, x_note: 'a' }] };
  assert.deepEqual(undeclaredFields(schemaRef('accounts', 'list'), list), ['/results/*/x_note']);
  assert.deepEqual(undeclaredFields(schemaRef('accounts', 'list'), { ...list, total_pages: 1 }), ['/results/*/x_note', '/total_pages']);
});

void test("the error body of a 4xx is judged against the shared error schema: in DRF's dialect every key of a field-errors map is a field", () => {
  const refused = { applicants: [{}, { is_primary: ['Must be a valid boolean.'] }], non_field_errors: ['bad'] };
  assert.deepEqual(undeclaredFields(schemaRef('common', 'error'), refused), []);
  const token = { detail: 'Given token not valid for any token type', code: 'token_not_valid', messages: [{ token_class: 'AccessToken' }] };
  assert.deepEqual(undeclaredFields(schemaRef('common', 'error'), token), []);
});

void test('a field declared in any anyOf branch is declared; keys with slashes are escaped as in JSON pointers', () => {
  const schema = schemaRef('common', 'nullableTimestamp');
  assert.deepEqual(undeclaredFields(schema, 1795619930), []);
  assert.deepEqual(undeclaredFields(ACCOUNT, { ...account, 'a/b': 1 }), ['/a~1b']);
});

void test("the sandbox's benign extra_fields fault shows up as drift on every object of a real response", async () => {
  const app = buildSandbox({ faults: new Faults(['extra_fields']) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const context = await request.newContext();
  try {
    const response = await context.get(`http://127.0.0.1:${port}${operation('accounts.list').path}?page_size=1`, {
      headers: { authorization: `Bearer ${DEFAULT_TENANT_TOKENS['tenant-a']}` },
    });
    assert.equal(response.status(), 200);
    const drift = undeclaredFields(operation('accounts.list').responses[200] as string, await response.json());
    assert.ok(drift.includes('/x_sandbox_note'), `drift: ${drift.join(', ')}`);
    assert.ok(
      drift.every((path) => path.endsWith('/x_sandbox_note')),
      `only the injected field drifts: ${drift.join(', ')}`,
    );
  } finally {
    await context.dispose();
    await app.close();
  }
});

const call = (opId: string, ms: number, extra: Partial<CallRecord> = {}): CallRecord => ({
  op: opId,
  purpose: 'valid',
  method: operation(opId as 'accounts.detail').method,
  status: operation(opId as 'accounts.detail').success,
  ms,
  test: 't',
  ...extra,
});

void test('percentiles are nearest-rank: p50 and p95 of 1..20 are 10 and 19', () => {
  const values = Array.from({ length: 20 }, (_, i) => i + 1);
  assert.equal(percentile(values, 0.5), 10);
  assert.equal(percentile(values, 0.95), 19);
  assert.equal(percentile([42], 0.95), 42);
});

void test('the latency table counts, ranks and compares p95 with the budget of each operation', () => {
  const detail = { ...operation('accounts.detail'), latencyBudgetMs: 100 };
  const records = [
    ...Array.from({ length: 19 }, (_, i) => call('accounts.detail', 10 + i)),
    call('accounts.detail', 500),
    call('accounts.detail', 1, { method: 'DELETE' }),
  ];
  const [row] = latency(records, [detail]);
  assert.deepEqual(row, { operation: 'Accounts › Detail', id: 'accounts.detail', count: 20, p50: 19, p95: 28, max: 500, budgetMs: 100, overBudget: false });
  const [slow] = latency([...records, ...Array.from({ length: 5 }, () => call('accounts.detail', 300))], [detail]);
  assert.equal(slow.overBudget, true, 'p95 above the budget is a breach');
});

void test('coverage counts negative cases per operation and collects its drift', () => {
  const records = [
    call('accounts.detail', 5, { drift: ['/x'] }),
    call('accounts.detail', 5, { purpose: 'negative', status: 404 }),
    call('accounts.detail', 5, { purpose: 'auth', status: 401, drift: ['/errors/*/hint'] }),
    call('accounts.detail', 5, { purpose: 'cleanup' }),
  ];
  const [row] = summarize(records, [operation('accounts.detail')]);
  assert.equal(row.requests, 3);
  assert.equal(row.negative, 2);
  assert.deepEqual(row.purposes, { valid: 1, negative: 1, auth: 1 });
  assert.deepEqual(row.statuses, { 200: 1, 404: 1, 401: 1 });
  assert.deepEqual(row.undeclaredFields, ['/errors/*/hint', '/x']);
});

void test('the gate fails a run that left operations unexercised, lists drift as a warning and writes every report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'los-coverage-'));
  try {
    const verdict = aggregate(dir, [call('accounts.detail', 5, { drift: ['/x_sandbox_note'] })], true);
    assert.equal(verdict.failures.length, 1);
    assert.match(verdict.failures[0], /^coverage gate: FAILED/);
    assert.match(verdict.lines.join('\n'), /drift warnings \(not failures\): 1 operation\(s\)[\s\S]*accounts\.detail \(Accounts › Detail\): \/x_sandbox_note/);
    assert.equal(aggregate(dir, [call('accounts.detail', 5)], false).failures.length, 0, 'gate off only reports');
    const written = JSON.parse(readFileSync(join(dir, 'latency.json'), 'utf8')) as { operations: { id: string; count: number }[] };
    assert.deepEqual(
      written.operations.map((o) => [o.id, o.count]),
      [['accounts.detail', 1]],
    );
    assert.match(readFileSync(join(dir, 'latency.md'), 'utf8'), /\| Accounts › Detail \| 1 \| 5\.0 \| 5\.0 \| 5\.0 \| — \|/);
    assert.match(readFileSync(join(dir, 'drift.md'), 'utf8'), /None: every response field/);
    const budgeted = [{ ...operation('accounts.detail'), latencyBudgetMs: 50 }];
    assert.deepEqual(aggregate(dir, [call('accounts.detail', 40), call('accounts.detail', 60)], true, budgeted).failures, [
      'latency budget: FAILED (Accounts › Detail p95 60.0 ms > 50 ms)',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
