import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expect } from '../../helpers/checks/conform';
import type { Exchange } from '../../helpers/core/exchange';
import { operation, responseSchema } from '../../schemas/catalogue';
import { matchSnapshot } from './snapshot';

/**
 * What a person reads when a call breaks the contract, held to a snapshot: the operation, each failed
 * check with the JSON path, expected and actual values, the body and the curl line, through the
 * `toConform` matcher the specs use (see matchSnapshot for how the snapshot is kept).
 */
const SNAPSHOT = new URL('snapshots/failure-text.txt', import.meta.url);

const create = operation('accounts.create');
const body = { id: '8b9dbd9d-99d6-4373-8015-709de4a53100', created_at: 1795619930, updated_at: 1795619929, crm_lead_id: 'not-a-uuid' };
const exchange: Exchange = {
  op: create,
  purpose: 'valid',
  request: { method: 'POST', url: 'http://127.0.0.1:4010/v1/los/accounts/', headers: { authorization: 'Bearer [REDACTED]' }, body: { ref_id: 'r-1' } },
  status: 201,
  schema: responseSchema(create, 201),
  headers: { 'content-type': 'application/json' },
  text: JSON.stringify(body),
  json: body,
  ms: 1,
  curl: `curl -sS -X POST 'http://127.0.0.1:4010/v1/los/accounts/' -H "Authorization: Bearer $API_TOKEN" --data-raw '{"ref_id":"r-1"}'`,
};

// eslint-disable-next-line no-control-regex
const plain = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

void test('a broken contract reads as the contract message, matching the snapshot', () => {
  let text = '';
  try {
    expect(exchange).toConform({ status: 201 });
  } catch (error) {
    text = plain((error as Error).message);
  }
  assert.ok(text, 'toConform passed an exchange that breaks the contract');
  matchSnapshot(text, SNAPSHOT);
});

void test('a conforming exchange passes toConform', () => {
  const ok = {
    ...body,
    updated_at: body.created_at,
    crm_lead_id: body.id,
    program_id: body.id,
    ref_id: 'r-1',
    product_type: 'term_loan',
    tags: [],
    status: 'activation',
    drop_reason: null,
  };
  const conforming = { ...exchange, text: JSON.stringify(ok), json: ok };
  expect(conforming).toConform({ status: 201 });
});
