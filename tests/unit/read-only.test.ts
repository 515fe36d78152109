import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { mandateRequest } from '../../fixtures/builders-account-data';
import { accountRequest, leadRequest, seededFaker } from '../../fixtures/builders';
import { generateAgreementRequest, signingRequest, stampGenerateRequest } from '../../fixtures/builders-documents';
import { Faults } from '../../sandbox/faults/index';
import { playwrightTest } from '../../scripts/child';
import { DEFAULT_TENANT_TOKENS, SANDBOX_PROGRAM } from '../../sandbox/tenants';
import { startCountingProxy, type CountingProxy } from './counting-proxy';
import { ownTarget, type OwnTarget } from './own-target';

/**
 * READ_ONLY=1 on a tenant that has data: the full journey first leaves an active account with its
 * sub-resources on a sandbox of this test's own; then the whole suite runs read-only through a
 * loopback proxy that counts methods. It must send no write at all, read every operation whose
 * records it can find or is told of (READ_ONLY_RECORDS) with a 2xx, and pass its gate (reads only).
 */
const HEADERS = { authorization: `Bearer ${DEFAULT_TENANT_TOKENS['tenant-a']}`, 'content-type': 'application/json' };

/** Creates a record on the target directly, sending what the suite would, and returns its body (anything but a 201 fails the test). */
async function created(target: OwnTarget, path: string, body: unknown): Promise<{ id: string } & Record<string, unknown>> {
  const answer = await fetch(`${target.url}${path}`, { method: 'POST', headers: HEADERS, body: JSON.stringify(body) });
  assert.equal(answer.status, 201, await answer.clone().text());
  return (await answer.json()) as { id: string } & Record<string, unknown>;
}

describe('read-only mode', () => {
  let target: OwnTarget;
  let proxy: CountingProxy;

  /** A record created directly on the seeded tenant's first account (no read of the API lists mandates or stamps): its account and id. */
  const createdOnFirstAccount = async (path: string, body: unknown): Promise<{ account_id: string; id: string }> => {
    const accounts = (await (await fetch(`${target.url}/v1/los/accounts/?page_size=1`, { headers: HEADERS })).json()) as { results: Array<{ id: string }> };
    const account_id = accounts.results[0].id;
    return { account_id, id: (await created(target, `/v1/los/accounts/${account_id}/${path}`, body)).id };
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

/**
 * Sign › Refresh finds its ids through Signing › List only because the catalogue infers that both
 * hold one kind of record. On a target that keeps them apart the id is unknown to Refresh: that
 * refutes the inference, not the target, so the read is excused, naming the catalogue line and
 * READ_ONLY_RECORDS, instead of failing a partner's read-only run.
 */
describe('read-only mode on a target that differs from an inferred listing', () => {
  it('excuses Sign › Refresh with the catalogue line to correct when the id Signing › List gave is unknown to it', async () => {
    const target = await ownTarget('read-only-apart', { faults: new Faults(['esign_apart_from_signing']) });
    try {
      const faker = seededFaker(2, 'read-only-apart');
      // A sign request of Signing › Initiate (on the agreement's document), the only one Signing › List shows.
      const lead = await created(target, '/v1/crm/leads/', leadRequest(faker, SANDBOX_PROGRAM.id));
      const account = await created(target, '/v1/los/accounts/', accountRequest(faker, lead.id, SANDBOX_PROGRAM.id, 'rapart'));
      const agreement = await created(target, `/v1/los/accounts/${account.id}/agreements/generate/`, generateAgreementRequest(faker));
      await created(target, `/v1/los/accounts/${account.id}/signings/`, signingRequest(faker, agreement.document_id as string));

      const run = await playwrightTest(['tests/read-only/existing-records.spec.ts', '-g', 'Sign › Refresh'], {
        env: target.env({ READ_ONLY: '1' }),
        timeoutMs: 60_000,
      });
      assert.equal(run.code, 0, run.output.slice(-3000));
      assert.match(run.output, /1 skipped/);
      assert.match(
        run.output,
        /Sign › Refresh does not know the esign_id Signing › List gave \(404\): .*listedBy at schemas\/catalogue\.ts \('sign\.refresh'\).*READ_ONLY_RECORDS=esign_id=/,
      );
    } finally {
      await target.close();
    }
  });
});
