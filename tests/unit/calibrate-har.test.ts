import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accountRequest, leadRequest, seededFaker } from '../../fixtures/builders';
import { approvalRequest } from '../../fixtures/builders-account-data';
import { Faults } from '../../sandbox/faults/index';
import { buildSandbox } from '../../sandbox/server';
import { DEFAULT_TENANT_TOKENS, SANDBOX_PROGRAM } from '../../sandbox/tenants';
import { copyRepo, type RepoCopy } from './repo-copy';
import { differenceKey } from './calibrate-edits';

/**
 * A session recorded as DevTools saves it (HAR 1.2) from a sandbox whose API differs from the
 * catalogue the way a real one might: approval routes moved (`approval/`), `ref_id` renamed
 * `reference_id` in account bodies (faults approvals_paths_moved, accounts_ref_id_renamed).
 */
const TOKEN = DEFAULT_TENANT_TOKENS['tenant-a'];
const COOKIE = 'sessionid=har-session-cookie-4711';
let repo: RepoCopy;
let harFile: string;

interface HarEntry {
  request: { method: string; url: string; headers: { name: string; value: string }[]; postData?: { mimeType: string; text: string } };
  response: { status: number; headers: { name: string; value: string }[]; content: { mimeType: string; text: string } };
}

async function recordSession(): Promise<{ log: { version: string; creator: object; entries: HarEntry[] } }> {
  const app = buildSandbox({ faults: new Faults(['approvals_paths_moved', 'accounts_ref_id_renamed']) });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const entries: HarEntry[] = [];
  const call = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const headers: Record<string, string> = { authorization: `Bearer ${TOKEN}`, cookie: COOKIE, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    entries.push({
      request: {
        method,
        url: `${base}${path}`,
        headers: Object.entries(headers).map(([name, value]) => ({ name, value })),
        ...(body === undefined ? {} : { postData: { mimeType: 'application/json', text: JSON.stringify(body) } }),
      },
      response: {
        status: response.status,
        headers: [...response.headers].map(([name, value]) => ({ name, value })),
        content: { mimeType: response.headers.get('content-type') ?? '', text },
      },
    });
    return (/json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : {}) as Record<string, unknown>;
  };
  try {
    const f = seededFaker(7, 'calibrate-har');
    const lead = await call('POST', '/v1/crm/leads/', leadRequest(f, SANDBOX_PROGRAM.id));
    const account = await call('POST', '/v1/los/accounts/', accountRequest(f, lead.id as string, SANDBOX_PROGRAM.id, 'har'));
    const at = `/v1/los/accounts/${account.id as string}/`;
    await call('GET', at);
    await call('GET', '/v1/los/accounts/?page_size=5');
    const approval = await call('POST', `${at}approval/`, approvalRequest(f));
    await call('GET', `${at}approval/`);
    await call('GET', `${at}approval/${approval.id as string}/`);
    await call('GET', '/v1/los/accounts/00000000-0000-4000-8000-000000000000/');
    await call('GET', '/static/app.js');
  } finally {
    await app.close();
  }
  return { log: { version: '1.2', creator: { name: 'los-contract test', version: '1' }, entries } };
}

before(async () => {
  repo = copyRepo();
  harFile = join(repo.dir, 'session.har');
  writeFileSync(harFile, JSON.stringify(await recordSession()));
});
after(() => repo.remove());

const calibrate = (...args: string[]) => repo.run('scripts/calibrate.ts', args);
const report = () =>
  JSON.parse(readFileSync(join(repo.dir, 'reports', 'calibration.json'), 'utf8')) as {
    source: string;
    differences: { operation: string | null; kind: string; catalogue: unknown; upstream: unknown; summary: string }[];
  };

void test('a recording of a faulted sandbox reports the moved approval paths as candidates and the renamed field', () => {
  const run = calibrate('--har', harFile);
  assert.equal(run.status, 1, run.stdout + run.stderr);
  const { differences } = report();
  assert.deepEqual(differences.map(differenceKey).sort(), [
    'accounts.create response_field',
    'accounts.create response_field',
    'accounts.detail response_field',
    'accounts.detail response_field',
    'accounts.list response_field',
    'accounts.list response_field',
    'approvals.create path',
    'approvals.get path',
    'approvals.list path',
  ]);
  const paths = Object.fromEntries(differences.filter((d) => d.kind === 'path').map((d) => [d.operation, d.upstream]));
  assert.deepEqual(paths, {
    'approvals.create': '/v1/los/accounts/{account_id}/approval/',
    'approvals.list': '/v1/los/accounts/{account_id}/approval/',
    'approvals.get': '/v1/los/accounts/{account_id}/approval/{approval_id}/',
  });
  assert.match(
    run.stdout,
    /Accounts › Create: response \/ref_id: missing \(required, never seen; seen instead in the same objects: reference_id \(renamed\?\)\)/,
  );
  assert.match(run.stdout, /Accounts › List: response \/results\/\*\/ref_id: missing/);
  assert.match(run.stdout, /Accounts › Create: response \/reference_id: extra \(seen, not declared\)/);
  // The 404 the session met carries the catalogue's error body: no error_shape difference.
  assert.ok(!differences.some((d) => d.kind === 'error_shape'));
});

void test('a number where the catalogue says string, a value outside an enum and another error body are reported', () => {
  const har = JSON.parse(readFileSync(harFile, 'utf8')) as { log: { entries: HarEntry[] } };
  const detail = har.log.entries[2];
  const body = JSON.parse(detail.response.content.text) as Record<string, unknown>;
  detail.response.content.text = JSON.stringify({ ...body, product_type: 42, status: 'on_hold' });
  for (const entry of har.log.entries.filter((e) => e.response.status >= 400)) {
    entry.response.content = {
      ...entry.response.content,
      mimeType: 'application/json',
      text: JSON.stringify({ error: { status: 404, message: 'Not found' } }),
    };
  }
  const edited = join(repo.dir, 'edited.har');
  writeFileSync(edited, JSON.stringify(har));
  const run = calibrate('--har', edited);
  assert.equal(run.status, 1);
  assert.match(run.stdout, /Accounts › Detail: response \/product_type: type in 1 recorded body: catalogue "string", seen "integer"/);
  assert.match(run.stdout, /Accounts › Detail: response \/status: enum \(value\(s\) outside the enum seen: "on_hold"\)/);
  assert.match(run.stdout, /error_shape .*\/detail missing \(required, never seen; seen instead in the same objects: error \(renamed\?\)\)/);
});

void test('no credential from the recording appears in the output or the report', () => {
  const run = calibrate('--har', harFile);
  const everything = run.stdout + run.stderr + readFileSync(join(repo.dir, 'reports', 'calibration.json'), 'utf8');
  for (const secret of [TOKEN, COOKIE, COOKIE.split('=')[1]]) assert.ok(!everything.includes(secret), `output shows ${secret}`);
});

void test('--write corrects paths and the renamed field; a second calibrate is clean and the sandbox serves the new paths unchanged', () => {
  const first = calibrate('--har', harFile, '--write');
  assert.equal(first.status, 1, first.stdout + first.stderr);
  assert.match(first.stdout, /--write: applied 9 difference\(s\) to schemas\/catalogue\.ts, schemas\/accounts\.json/);
  assert.match(first.stdout, /edit to follow the new shapes: sandbox\/routes\/accounts\.ts/);
  const second = calibrate('--har', harFile);
  assert.equal(second.status, 0, second.stdout + second.stderr);
  assert.deepEqual(report().differences, []);
  const accounts = JSON.parse(readFileSync(join(repo.dir, 'schemas', 'accounts.json'), 'utf8')) as {
    $defs: { account: { required: string[]; 'x-provenance': string } };
  };
  assert.ok(accounts.$defs.account.required.includes('reference_id') && !accounts.$defs.account.required.includes('ref_id'));
  assert.equal(accounts.$defs.account['x-provenance'], 'documented', 'a recording does not make a definition documented, nor undocument one');

  // The copy's sandbox registers its routes from the corrected catalogue: the probe finds them all there.
  const probe = repo.run('scripts/probe.ts', [], { BASE_URL: '' });
  assert.equal(probe.status, 0, probe.stdout + probe.stderr);
  assert.match(probe.stdout, /Approval › Create +POST +\/v1\/los\/accounts\/\{account_id\}\/approval\/ +route +401/);
});
