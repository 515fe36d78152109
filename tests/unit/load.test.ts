import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import autocannon from 'autocannon';
import { DEFAULT_TENANT_TOKENS, SANDBOX_PROGRAM } from '../../sandbox/tenants';

/**
 * 20,000 requests on 50 connections against the sandbox in its own process (as `npm run sandbox`
 * runs it), half creating accounts and half creating custom fields on one account, with some keys
 * repeated on purpose: afterwards each list holds exactly the records that were answered 201, no
 * update lost and no duplicate let through the uniqueness checks.
 */
const TOTAL = 20_000;
const CONNECTIONS = 50;
const DISTINCT_REF_IDS = 8_000;
const DISTINCT_KEYS = 7_000;
const HEADERS = { authorization: `Bearer ${DEFAULT_TENANT_TOKENS['tenant-a']}`, 'content-type': 'application/json' };

describe('sandbox under load', () => {
  let sandbox: ChildProcess;
  let base: string;

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, { method, headers: HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };

  before(async () => {
    sandbox = spawn(process.execPath, ['--import', 'tsx', 'sandbox/main.ts'], {
      env: { ...process.env, SANDBOX_PORT: '0', SANDBOX_FAULTS: '', SANDBOX_TOKENS: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    base = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the sandbox did not start within 20 s: ${out}`)), 20_000);
      sandbox.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const address = /listening on (http:\/\/[^\s]+)/.exec(out)?.[1];
        if (address) {
          clearTimeout(timer);
          resolve(address);
        }
      });
      sandbox.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}: ${out}`)));
    });
  });

  after(() => {
    sandbox.kill('SIGTERM');
  });

  it(`loses no update over ${TOTAL} requests at ${CONNECTIONS} concurrent connections`, { timeout: 120_000 }, async () => {
    const lead = await call('POST', '/v1/crm/leads/', {
      program_id: SANDBOX_PROGRAM.id,
      primary_mobile: '+919800000000',
      applicants: [{ applicant_type: 'individual', is_primary: true, full_name: 'Load Test' }],
    });
    const account = await call('POST', '/v1/los/accounts/', { crm_lead_id: lead.json.id, ref_id: 'load-anchor', program_id: SANDBOX_PROGRAM.id });
    assert.equal(account.status, 201);
    const accountId = account.json.id as string;

    const answered = { accounts: new Map<number, number>(), fields: new Map<number, number>() };
    const tally = (map: Map<number, number>) => (status: number) => void map.set(status, (map.get(status) ?? 0) + 1);
    let accountsSent = 0;
    let fieldsSent = 0;

    const result = await autocannon({
      url: base,
      connections: CONNECTIONS,
      amount: TOTAL,
      timeout: 20,
      requests: [
        {
          method: 'POST',
          path: '/v1/los/accounts/',
          headers: HEADERS,
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({ crm_lead_id: lead.json.id, ref_id: `load-${accountsSent++ % DISTINCT_REF_IDS}`, program_id: SANDBOX_PROGRAM.id }),
          }),
          onResponse: tally(answered.accounts),
        },
        {
          method: 'POST',
          path: `/v1/los/accounts/${accountId}/custom-fields/`,
          headers: HEADERS,
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({ key: `k_${fieldsSent++ % DISTINCT_KEYS}`, field_type: 'number', value: fieldsSent }),
          }),
          onResponse: tally(answered.fields),
        },
      ],
    });

    const seconds = result.duration;
    console.log(
      `load: ${result.requests.sent} requests in ${seconds.toFixed(1)} s (${Math.round(result.requests.average)} req/s avg), latency p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms, ` +
        `accounts ${JSON.stringify(Object.fromEntries(answered.accounts))}, custom fields ${JSON.stringify(Object.fromEntries(answered.fields))}, errors ${result.errors}, timeouts ${result.timeouts}`,
    );

    assert.equal(result.errors, 0, 'no connection error');
    assert.equal(result.timeouts, 0, 'no timeout');
    assert.equal(accountsSent + fieldsSent, TOTAL);
    assert.deepEqual(Object.fromEntries(answered.accounts), {
      201: Math.min(accountsSent, DISTINCT_REF_IDS),
      409: accountsSent - Math.min(accountsSent, DISTINCT_REF_IDS),
    });
    assert.deepEqual(Object.fromEntries(answered.fields), { 201: Math.min(fieldsSent, DISTINCT_KEYS), 409: fieldsSent - Math.min(fieldsSent, DISTINCT_KEYS) });

    const accounts = await call('GET', '/v1/los/accounts/?page_size=1');
    assert.equal(accounts.json.count, (answered.accounts.get(201) ?? 0) + 1, 'every account answered 201 is listed, and only those (plus the anchor)');
    const fields = await call('GET', `/v1/los/accounts/${accountId}/custom-fields/?page_size=1`);
    assert.equal(fields.json.count, answered.fields.get(201), 'every custom field answered 201 is listed, and only those');
    const health = await fetch(`${base}/`);
    assert.equal(health.status, 200, 'the sandbox still serves');
  });
});
