import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChild } from '../../scripts/child';

/** What a process with LOS_CATALOGUE_COPIES set sees of the catalogue, and what its sandbox answers on a copy's path. */
const PROBE = `
import { operations, baseId } from './schemas/catalogue.ts';
import { buildSandbox } from './sandbox/server.ts';
import { DEFAULT_TENANT_TOKENS } from './sandbox/tenants.ts';
const app = buildSandbox();
const headers = { authorization: 'Bearer ' + DEFAULT_TENANT_TOKENS['tenant-a'] };
const lead = await app.inject({ method: 'GET', url: '/copy2/v1/crm/leads/' + crypto.randomUUID() + '/', headers });
const list = await app.inject({ method: 'GET', url: '/copy3/v1/los/accounts/?page_size=1', headers });
const wrong = await app.inject({ method: 'DELETE', url: '/copy2/v1/los/accounts/', headers });
const copy = operations.find((o) => o.id === 'accounts.list~3');
console.log(JSON.stringify({
  ids: operations.length, unique: new Set(operations.map((o) => o.id)).size,
  los: operations.filter((o) => o.los).length, crm: operations.filter((o) => !o.los).length,
  copy: copy && { path: copy.path, base: baseId(copy), name: copy.name },
  listedBy: operations.find((o) => o.id === 'sign.refresh~2')?.listedBy,
  statuses: [lead.statusCode, list.statusCode, wrong.statusCode],
}));
`;

void test('LOS_CATALOGUE_COPIES adds copies of every LOS operation under their own paths, served by the sandbox as the originals', async () => {
  const { code, output } = await runChild(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', PROBE], {
    env: { ...process.env, LOS_CATALOGUE_COPIES: '3' },
  });
  assert.equal(code, 0, output);
  const seen = JSON.parse(output.trim().split('\n').pop() as string);
  assert.equal(seen.los, 37 * 3);
  assert.equal(seen.ids, seen.los + seen.crm, 'CRM prerequisites are not copied');
  assert.equal(seen.unique, seen.ids, 'every copy has an id of its own');
  assert.deepEqual(seen.copy, { path: '/copy3/v1/los/accounts/', base: 'accounts.list', name: 'List (copy 3)' });
  assert.equal(seen.listedBy, 'signing.list~2', "a copy is listed by its own copy's list");
  // CRM is not copied, so its copy path is no route; the copied list answers; a copy path keeps the original's methods.
  assert.deepEqual(seen.statuses, [404, 200, 405]);
});

void test('without LOS_CATALOGUE_COPIES the catalogue is the 37 LOS operations, and a bad value stops at once', async () => {
  const plain = await runChild(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '--eval', PROBE.replace(/const lead[\s\S]*$/, 'console.log(operations.filter((o) => o.los).length);')],
    {
      env: { ...process.env, LOS_CATALOGUE_COPIES: '' },
    },
  );
  assert.equal(plain.output.trim().split('\n').pop(), '37');
  const bad = await runChild(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', "await import('./schemas/catalogue.ts');"], {
    env: { ...process.env, LOS_CATALOGUE_COPIES: 'two' },
  });
  assert.notEqual(bad.code, 0);
  assert.match(bad.output, /LOS_CATALOGUE_COPIES=two: a whole number from 1 to 8/);
});
