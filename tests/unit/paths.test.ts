import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answeredMethods, operation, operations } from '../../schemas/catalogue';
import { expandTemplate, lastParam, matchOperation, matchTemplate, paramNames, replaceParams, routeKey, toFastifyPath } from '../../schemas/paths';

const APPROVAL = '/v1/los/accounts/{account_id}/approvals/{approval_id}/';
const ACCOUNT_ID = '0b7e5c1e-3f0a-4d7e-9a59-1f4f5b6f2b10';

void test('a template names its parameters in order, and knows its last one', () => {
  assert.deepEqual(paramNames(APPROVAL), ['account_id', 'approval_id']);
  assert.deepEqual(paramNames('/v1/los/accounts/'), []);
  assert.deepEqual(paramNames('/v1/{accountId}/{id}/'), ['accountId', 'id'], 'upstream templates name parameters their own way');
  assert.deepEqual(lastParam(APPROVAL), { before: '/v1/los/accounts/{account_id}/approvals/', name: 'approval_id', after: '/' });
  assert.deepEqual(lastParam(`${APPROVAL}approve/`)?.after, '/approve/');
  assert.equal(lastParam('/v1/los/accounts/'), undefined);
});

void test('expanding a template encodes each value as one segment and refuses a missing one', () => {
  assert.equal(expandTemplate(APPROVAL, { account_id: ACCOUNT_ID, approval_id: 'a/b c?d' }), `/v1/los/accounts/${ACCOUNT_ID}/approvals/a%2Fb%20c%3Fd/`);
  assert.throws(() => expandTemplate(APPROVAL, { account_id: ACCOUNT_ID }), { message: `${APPROVAL} needs path parameter approval_id` });
  assert.throws(() => expandTemplate(APPROVAL, {}, 'Approval › Get'), { message: 'Approval › Get needs path parameter account_id' });
  assert.equal(
    replaceParams(APPROVAL, (name, i) => `<${i}:${name}>`),
    '/v1/los/accounts/<0:account_id>/approvals/<1:approval_id>/',
  );
});

void test("Fastify's syntax and the route key", () => {
  assert.equal(toFastifyPath(APPROVAL), '/v1/los/accounts/:account_id/approvals/:approval_id/');
  assert.equal(routeKey(APPROVAL), '/v1/los/accounts/{}/approvals/{}/');
  assert.equal(routeKey('/v1/los/accounts/{id}/approvals/{approvalId}/'), routeKey(APPROVAL), 'parameter names do not make another route');
  assert.notEqual(routeKey('/v1/los/accounts/{id}/approvals/{id}'), routeKey(APPROVAL), 'a trailing slash does');
});

void test('a concrete path matches a template exactly: query aside, one segment a parameter, the trailing slash as written', () => {
  const concrete = `/v1/los/accounts/${ACCOUNT_ID}/approvals/x1/`;
  assert.deepEqual(matchTemplate(APPROVAL, concrete), { account_id: ACCOUNT_ID, approval_id: 'x1' });
  assert.deepEqual(matchTemplate(APPROVAL, `${concrete}?page=2&x={y}`), { account_id: ACCOUNT_ID, approval_id: 'x1' });
  assert.equal(matchTemplate(APPROVAL, concrete.slice(0, -1)), undefined, 'no trailing slash');
  assert.equal(matchTemplate('/v1/los/accounts/{account_id}', `/v1/los/accounts/${ACCOUNT_ID}/`), undefined, 'a trailing slash too many');
  assert.equal(matchTemplate(APPROVAL, `/v1/los/accounts/${ACCOUNT_ID}/approvals/x/1/`), undefined, 'a parameter is one segment');
  assert.equal(matchTemplate(APPROVAL, `/v1/los/accounts/${ACCOUNT_ID}/approvals//`), undefined, 'an empty segment is no value');
  assert.equal(matchTemplate('/v1/files.json', '/v1/filesxjson'), undefined, 'literal text is literal');
  assert.deepEqual(matchTemplate('/v1/{id}/', '/v1/a%2Fb%20c/'), { id: 'a/b c' }, 'values are decoded');
  assert.deepEqual(matchTemplate('/v1/{id}/', '/v1/%E0%A4%A/'), { id: '%E0%A4%A' }, 'a bad escape is left as sent');
  assert.deepEqual(matchTemplate('/v1/los/accounts/', '/v1/los/accounts/'), {});
});

void test('of the templates a path fits, the one with a literal segment wins over a parameter, whatever the order', () => {
  const byId = { method: 'PUT', path: '/v1/los/accounts/{account_id}/approvals/{approval_id}/' };
  const bulk = { method: 'PUT', path: '/v1/los/accounts/{account_id}/approvals/bulk-approve/' };
  const concrete = `/v1/los/accounts/${ACCOUNT_ID}/approvals/bulk-approve/`;
  for (const listed of [
    [byId, bulk],
    [bulk, byId],
  ]) {
    assert.deepEqual(matchOperation(listed, 'put', concrete), { operation: bulk, params: { account_id: ACCOUNT_ID } });
  }
  assert.equal(matchOperation([byId, bulk], 'PUT', `/v1/los/accounts/${ACCOUNT_ID}/approvals/x1/`)?.operation, byId);
  assert.equal(matchOperation([byId, bulk], 'GET', concrete), undefined, 'the method must be one of them');
  const first = { method: 'GET', path: '/a/{x}/c/' };
  const second = { method: 'GET', path: '/a/b/{y}/' };
  assert.equal(matchOperation([first, second], 'GET', '/a/b/c/')?.operation, first, 'between equals, the first listed');
});

void test('the catalogue: a request finds its operation, and a path answers the methods of every template it fits', () => {
  const concrete = `/v1/los/accounts/${ACCOUNT_ID}/approvals/bulk-approve/`;
  assert.equal(matchOperation(operations, 'PUT', concrete)?.operation, operation('approvals.bulkApprove'));
  assert.equal(matchOperation(operations, 'GET', concrete)?.operation, operation('approvals.get'), 'a GET there looks up an approval');
  assert.deepEqual(answeredMethods(concrete), ['GET', 'PUT']);
  assert.deepEqual(answeredMethods(`${concrete}?x=1`), ['GET', 'PUT']);
  assert.deepEqual(answeredMethods(concrete.slice(0, -1)), []);
});
