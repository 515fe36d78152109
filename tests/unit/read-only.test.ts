import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { mandateRequest } from '../../fixtures/builders-account-data';
import { seededFaker } from '../../fixtures/builders';
import { generateAgreementRequest, stampGenerateRequest } from '../../fixtures/builders-documents';
import { playwrightTest } from '../../scripts/child';
import { DEFAULT_TENANT_TOKENS } from '../../sandbox/tenants';
import { startCountingProxy, type CountingProxy } from './counting-proxy';
import { ownTarget, type OwnTarget } from './own-target';

/**
 * READ_ONLY=1 on a tenant that has data: the full journey first leaves an active account with its
 * sub-resources on a sandbox of this test's own; then the whole suite runs read-only through a
 * loopback proxy that counts methods. It must send no write at all, read every operation whose
 * records it can find or is told of (READ_ONLY_RECORDS) with a 2xx, and pass its gate (reads only).
 */
describe('read-only mode', () => {
  let target: OwnTarget;
  let proxy: CountingProxy;

  /** A record created directly on the seeded tenant's first account (no read of the API lists mandates or stamps): its account and id. */
  const createdOnFirstAccount = async (path: string, body: unknown): Promise<{ account_id: string; id: string }> => {
    const headers = { authorization: `Bearer ${DEFAULT_TENANT_TOKENS['tenant-a']}`, 'content-type': 'application/json' };
    const accounts = (await (await fetch(`${target.url}/v1/los/accounts/?page_size=1`, { headers })).json()) as { results: Array<{ id: string }> };
    const account_id = accounts.results[0].id;
    const created = await fetch(`${target.url}/v1/los/accounts/${account_id}/${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    assert.equal(created.status, 201, await created.clone().text());
    return { account_id, id: ((await created.json()) as { id: string }).id };
  };
  const faker = seededFaker(1, 'read-only');

  before(async () => {
    target = await ownTarget('read-only');
    proxy = await startCountingProxy();
  });
  after(async () => {
    await proxy.close();
    await target.close();
  });

  it('reads existing records of every read operation it can find, passes its gate, and sends 0 writes', async () => {
    const seed = await playwrightTest(['tests/lifecycle/full-journey.spec.ts'], { env: target.env(), timeoutMs: 120_000 });
    assert.equal(seed.code, 0, seed.output.slice(-3000));
    // No read lists mandates: the user names one they know. A stamp is left unnamed, to show the excuse and its hint.
    const mandate = await createdOnFirstAccount('mandates/', mandateRequest(faker));

    const run = await playwrightTest([], {
      env: target.env({ COVERAGE_GATE: 'on', READ_ONLY: '1', HTTP_PROXY: proxy.url, READ_ONLY_RECORDS: `mandate_id=${mandate.account_id}/${mandate.id}` }),
      timeoutMs: 180_000,
    });
    assert.equal(run.code, 0, run.output.slice(-3000));
    const methods = proxy.methods();
    assert.ok((methods.GET ?? 0) > 50, `GETs seen at the proxy: ${JSON.stringify(methods)}`);
    assert.deepEqual(Object.keys(methods), ['GET'], `only reads reach the target: ${JSON.stringify(methods)}`);

    // Every read operation whose ids a read lists (Sign › Refresh through Signing › List) or READ_ONLY_RECORDS names got its
    // success status; Stamp › Get Status, whose ids nothing lists, is excused, saying how to name one.
    const coverage = JSON.parse(readFileSync(join(target.dir, 'reports', 'coverage.json'), 'utf8')) as {
      operations: Array<{ id: string; method: string; exercised: boolean }>;
    };
    const reads = coverage.operations.filter((o) => o.method === 'GET' && !o.id.startsWith('leads'));
    assert.deepEqual(
      reads.filter((o) => !o.exercised).map((o) => o.id),
      ['stamps.status'],
    );
    assert.match(run.output, /coverage: 12\/13 LOS read operations exercised/);
    assert.match(run.output, /nothing to read on the tenant \(READ_ONLY, skipped with the reason\): stamps\.status/);
    assert.match(run.output, /READ_ONLY_RECORDS=stamp_id=<account_id>\/<stamp_id>/);
  });

  it('reads a stamp once READ_ONLY_RECORDS names it, still sending no write', async () => {
    const agreement = await createdOnFirstAccount('agreements/generate/', generateAgreementRequest(faker));
    const stamp = await createdOnFirstAccount('stamps/generate/', stampGenerateRequest(faker, agreement.id));
    const before = proxy.methods();
    const run = await playwrightTest(['tests/read-only/existing-records.spec.ts', '-g', 'Stamp › Get Status'], {
      env: target.env({ READ_ONLY: '1', HTTP_PROXY: proxy.url, READ_ONLY_RECORDS: `stamp_id=${stamp.account_id}/${stamp.id}` }),
      timeoutMs: 60_000,
    });
    assert.equal(run.code, 0, run.output.slice(-3000));
    assert.match(run.output, /1 passed/);
    const coverage = JSON.parse(readFileSync(join(target.dir, 'reports', 'coverage.json'), 'utf8')) as {
      operations: Array<{ id: string; exercised: boolean }>;
    };
    assert.equal(coverage.operations.find((o) => o.id === 'stamps.status')?.exercised, true);
    assert.deepEqual(Object.keys(proxy.methods()), ['GET'], `only reads reach the target (before this run: ${JSON.stringify(before)})`);
  });
});
