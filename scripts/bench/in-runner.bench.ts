import { randomUUID } from 'node:crypto';
import { appendFileSync, writeFileSync } from 'node:fs';
import { prepare } from '../../fixtures/requests/index';
import { leadRequest } from '../../fixtures/builders';
import { flushJsonLines } from '../../helpers/core/calls';
import { verify } from '../../helpers/checks/checks';
import { test } from '../../helpers/test';
import { ERROR_SCHEMA, operation, operations } from '../../schemas/catalogue';

/**
 * Run by scripts/bench/main.ts with BENCH_OUT set; each test writes its figures to BENCH_OUT.<name>.json.
 *
 * - samples: one valid response body per response schema, sent and checked like every-operation
 *   does, for the validator throughput benchmark.
 * - overhead: what the suite adds to a request on top of the HTTP round trip, measured in the
 *   worker: LosClient.send (step, redaction, the evidence attachment, call record) minus the round
 *   trip it timed, plus verify() (the six default checks and their records). The same requests are
 *   then sent through a bare APIRequestContext as the baseline.
 */
const out = (name: string, value: unknown) => writeFileSync(`${process.env.BENCH_OUT}.${name}.json`, JSON.stringify(value));
const ROUNDS = Number(process.env.BENCH_ROUNDS || 150);

test.beforeEach(() => test.skip(!process.env.BENCH_OUT, 'run by npm run bench'));

test('samples: a valid body for every response schema', async ({ api, factory, faker, cfg }) => {
  const samples: Record<string, unknown> = {};
  for (const listed of operations) {
    const request = await prepare(listed.id, { api, factory, faker, cfg });
    const exchange = verify(await api.send(listed.id, request), { status: listed.success });
    const ref = listed.responses[exchange.status];
    if (ref) samples[ref] ??= exchange.json;
  }
  const missing = await api.send('accounts.detail', { params: { account_id: randomUUID() }, purpose: 'negative' });
  samples[ERROR_SCHEMA] = verify(missing, { status: 404 }).json;
  out('samples', samples);
});

/**
 * Tests of the suite send ~9 requests each (2,344 in 272 tests); Playwright's per-step bookkeeping
 * grows with the steps a test already has, so the measurement keeps to tests of that size.
 */
const ROUNDS_PER_TEST = 3;
for (let batch = 0; batch < Math.ceil(ROUNDS / ROUNDS_PER_TEST); batch++) {
  test(`overhead ${batch + 1}: what the suite adds to each request`, async ({ api, factory, faker, cfg, playwright }) => {
    const account = (await factory.account()).id as string;
    const mix = [
      { id: 'accounts.list', options: { query: { page_size: 10 } }, status: 200 },
      { id: 'accounts.detail', options: { params: { account_id: account } }, status: 200 },
      { id: 'leads.create', options: { body: leadRequest(faker, cfg.programId) }, status: 201 },
    ] as const;
    const measured = batch > 0;

    const suite = { calls: 0, sendMs: 0, httpMs: 0, verifyMs: 0, cpuMs: 0 };
    const suiteCpu = process.cpuUsage();
    for (let round = 0; round < ROUNDS_PER_TEST; round++) {
      for (const call of mix) {
        const started = performance.now();
        const exchange = await api.send(call.id, call.options);
        const sent = performance.now();
        verify(exchange, { status: call.status });
        suite.calls++;
        suite.sendMs += sent - started;
        suite.httpMs += exchange.ms;
        suite.verifyMs += performance.now() - sent;
      }
    }
    // The records the calls queued are written once per test, by a fixture; that write is the suite's too.
    const flushStarted = performance.now();
    flushJsonLines();
    suite.sendMs += performance.now() - flushStarted;
    const suiteUsed = process.cpuUsage(suiteCpu);
    suite.cpuMs = (suiteUsed.user + suiteUsed.system) / 1000;

    // The same requests without the suite: no step, no attachments, no checks, no records.
    const bare = await playwright.request.newContext();
    const headers = { accept: 'application/json', authorization: `Bearer ${cfg.token}`, 'content-type': 'application/json' };
    const raw = { calls: 0, ms: 0, cpuMs: 0 };
    const leads: string[] = [];
    const rawCpu = process.cpuUsage();
    for (let round = 0; round < ROUNDS_PER_TEST; round++) {
      for (const call of mix) {
        const target = operation(call.id);
        const query = 'query' in call.options ? `?${new URLSearchParams({ page_size: String(call.options.query.page_size) })}` : '';
        const started = performance.now();
        const response = await bare.fetch(`${cfg.baseUrl}${target.path.replace('{account_id}', account)}${query}`, {
          method: target.method,
          headers,
          data: 'body' in call.options ? JSON.stringify(call.options.body) : undefined,
        });
        const json = JSON.parse((await response.body()).toString('utf8')) as { id?: string };
        raw.ms += performance.now() - started;
        raw.calls++;
        if (response.status() !== call.status) throw new Error(`${target.id} answered ${response.status()}, not ${call.status}`);
        if (call.id === 'leads.create') leads.push(json.id as string);
      }
    }
    const rawUsed = process.cpuUsage(rawCpu);
    raw.cpuMs = (rawUsed.user + rawUsed.system) / 1000;
    await bare.dispose();
    for (const lead of leads) await api.send('leads.delete', { params: { lead_id: lead }, purpose: 'cleanup' });
    // The first test warms up (module loading, schema compilation, connection) and is not counted.
    if (measured) appendFileSync(`${process.env.BENCH_OUT}.overhead.jsonl`, `${JSON.stringify({ suite, raw })}\n`);
  });
}
