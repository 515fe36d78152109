import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { operation as op, responseSchema, type OperationId } from '../../schemas/catalogue';
import { ajv } from '../../schemas/registry';
import { timestamps_conformance, type Expectation } from '../../helpers/checks/checks';
import { sameMoment, timestampProblems } from '../../helpers/checks/timestamps';
import type { Exchange } from '../../helpers/core/exchange';

/** An answer that arrived at `receivedAt` (epoch ms) after a round trip of `ms`. */
const answer = (id: OperationId, json: unknown, receivedAt = Date.now(), ms = 5): Exchange => ({
  op: op(id),
  purpose: 'valid',
  request: { method: op(id).method, url: 'http://127.0.0.1/', headers: {} },
  status: op(id).success,
  schema: responseSchema(op(id), op(id).success),
  headers: { 'content-type': 'application/json' },
  text: JSON.stringify(json),
  json,
  ms,
  curl: 'curl',
  receivedAt,
});

const account = (created_at: number, updated_at = created_at, id = randomUUID()) => ({
  id,
  created_at,
  updated_at,
  crm_lead_id: randomUUID(),
  program_id: randomUUID(),
  ref_id: 'r1',
  product_type: 'scf',
  tags: [],
  status: 'activation',
  drop_reason: null,
});

/** The problems timestamps_conformance raises, in one line each (none when it passes). */
function problems(exchange: Exchange, expectation: Expectation = {}): string[] {
  return timestamps_conformance.problems(exchange, expectation).map((p) => `${p.path} expected ${p.expected}, actual ${p.actual}`);
}

const NOW_S = Date.now() / 1000;

void test('epoch seconds of any resolution pass: whole, 3 decimals, 7 decimals as documented', () => {
  for (const created of [Math.floor(NOW_S) - 60, Number((NOW_S - 60).toFixed(3)), Number(`${(NOW_S - 60).toFixed(6)}7`), 1721387621.6985629]) {
    assert.deepEqual(problems(answer('accounts.detail', account(created))), [], `created_at ${created}`);
  }
});

void test('milliseconds and microseconds fail and say what they look like', () => {
  const [ms] = problems(answer('accounts.detail', account(Math.round(NOW_S * 1000), NOW_S)));
  assert.match(
    ms,
    /^\/created_at expected epoch seconds between 2000-01-01T00:00:00Z and .* \(the answer's arrival \+ 300 s clock skew\), actual \d+ \(.*in the future\): looks like epoch milliseconds$/,
  );
  const [us] = problems(answer('accounts.detail', account(NOW_S, Math.round(NOW_S * 1e6))));
  assert.match(us, /^\/updated_at .*: looks like epoch microseconds$/);
});

void test('a value from the far past fails; one just past the arrival passes within the clock skew, not beyond it', () => {
  const [past] = problems(answer('accounts.detail', account(817944253.58, NOW_S)));
  assert.match(past, /^\/created_at expected epoch seconds between 2000-01-01T00:00:00Z .*actual 817944253.58 \(1995-.*too far in the past\)$/);
  const arrival = Date.now();
  assert.deepEqual(problems(answer('accounts.detail', account(arrival / 1000 + 299), arrival)), []);
  assert.equal(problems(answer('accounts.detail', account(arrival / 1000 + 301), arrival)).length, 2);
});

void test('every timestamp field of every schema is found through the shared definition: lists, nullable fields, any name', () => {
  const list = { count: 1, next: null, previous: null, results: [account(NOW_S, NOW_S * 1000)] };
  assert.match(problems(answer('accounts.list', list))[0], /^\/results\/0\/updated_at .*looks like epoch milliseconds/);
  const approval = {
    id: randomUUID(),
    account_id: randomUUID(),
    created_at: NOW_S,
    updated_at: NOW_S,
    approval_type: 'credit',
    title: 't',
    description: null,
    status: 'approved',
    approved_at: NOW_S * 1000,
    comment: null,
  };
  assert.match(problems(answer('approvals.get', approval))[0], /^\/approved_at .*looks like epoch milliseconds/);
  ajv.addSchema({ $id: 'https://los-contract.dev/schemas/unit-only.json', type: 'object', properties: { born: { $ref: 'common.json#/$defs/timestamp' } } });
  const [born] = timestampProblems(answer('accounts.detail', { born: NOW_S * 1000 }), 'https://los-contract.dev/schemas/unit-only.json');
  assert.equal(born.path, '/born');
});

void test('every field named like a timestamp, in every schema file, references the shared definition', () => {
  const dir = new URL('../../schemas/', import.meta.url);
  const strays: string[] = [];
  const visit = (node: unknown, where: string): void => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties') {
        for (const [name, schema] of Object.entries(value as Record<string, { $ref?: string }>)) {
          if (name.endsWith('_at') && !/(^common\.json|^)#\/\$defs\/(nullableT|t)imestamp$/.test(schema.$ref ?? '')) strays.push(`${where}/${name}`);
        }
      }
      visit(value, `${where}/${key}`);
    }
  };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) visit(JSON.parse(readFileSync(new URL(file, dir), 'utf8')), file);
  assert.deepEqual(strays, []);
});

void test('within a record updated_at is never before created_at', () => {
  assert.deepEqual(problems(answer('accounts.detail', account(NOW_S - 10, NOW_S - 11))), [
    `/updated_at expected >= created_at (${NOW_S - 10}), actual ${NOW_S - 11}`,
  ]);
});

void test('across answers updated_at never goes back; parallel answers are not ordered', () => {
  const id = randomUUID();
  const t = Date.now();
  assert.deepEqual(problems(answer('accounts.detail', account(NOW_S - 10, NOW_S - 5, id), t)), []);
  // Sent before the first answer arrived (in parallel): no order between the two.
  assert.deepEqual(problems(answer('accounts.detail', account(NOW_S - 10, NOW_S - 6, id), t + 1, 10)), []);
  const [back] = problems(answer('accounts.detail', account(NOW_S - 10, NOW_S - 7, id), t + 100));
  assert.match(back, /^\/updated_at expected >= .* \(updated_at in an earlier answer about this record; it never goes back\), actual/);
});

void test('a change advances updated_at strictly only with sub-second values and calls at least a second apart', () => {
  const t = Date.now();
  const stays = (first: number, second: number, apartMs: number, changedIds: string[]): string[] => {
    const id = randomUUID();
    problems(answer('accounts.detail', account(first - 1, first, id), t));
    return problems(answer('accounts.initiate', account(first - 1, second, id), t + apartMs + 5), { changedIds: changedIds.length ? [id] : [] });
  };
  const subSecond = Math.round((NOW_S - 5) * 1e6) / 1e6 + 1e-3;
  assert.match(stays(subSecond, subSecond, 1500, ['changed'])[0], /^\/updated_at expected > .*the request changed the record 1\.5 s after that answer/);
  assert.deepEqual(stays(subSecond, subSecond, 500, ['changed']), [], 'two changes within a second may share a stamp');
  assert.deepEqual(stays(Math.floor(NOW_S - 5), Math.floor(NOW_S - 5), 1500, ['changed']), [], 'whole seconds say nothing about a second apart');
  assert.deepEqual(stays(subSecond, subSecond, 1500, []), [], 'a re-read that changed nothing keeps its stamp');
  assert.deepEqual(stays(subSecond, subSecond + 1, 1500, ['changed']), []);
});

void test('a stored timestamp is the one sent to the resolution of the target, not beyond a second', () => {
  assert.ok(sameMoment(1796251746, 1796251746.199), 'whole seconds');
  assert.ok(sameMoment(1721387621.6985629, 1721387621.698), '7 decimals');
  assert.ok(!sameMoment(1796251747.2, 1796251746.199), 'a second off');
  assert.ok(!sameMoment(undefined, 1796251746.199), 'missing');
});
