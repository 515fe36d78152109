import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { operations } from '../../schemas/catalogue';
import { ensurePrism } from '../../scripts/prism';
import { MOVED_ROUTES, editedExport } from './calibrate-edits';

/**
 * The probe against Stoplight Prism mocking an edited export of our own catalogue: Prism answers
 * 401 without credentials on a route, 404 off one and 405 for a path without that method, as a
 * real API does, so the probe must find exactly the routes the edits moved.
 */
const PRISM_PORT = Number(process.env.PROBE_TEST_PORT ?? 4421);
const work = mkdtempSync(join(tmpdir(), 'los-probe-'));
let prism: ChildProcess | undefined;

interface ProbeReport {
  operations: {
    operation: string;
    method: string;
    path: string;
    verdict: string;
    status: number | null;
    fix?: { catalogue: string; variants: { path: string; verdict: string; status: number }[] };
  }[];
  error_shape?: string;
}

function runProbe(env: NodeJS.ProcessEnv) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/probe.ts'], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, REPORTS_DIR: work, API_TOKEN: 'never-sent-token-123', ...env },
  });
  return { ...run, report: JSON.parse(readFileSync(join(work, 'probe.json'), 'utf8')) as ProbeReport };
}

before(async () => {
  const entry = await ensurePrism();
  const file = join(work, 'edited.json');
  writeFileSync(file, JSON.stringify(editedExport().document));
  prism = spawn(process.execPath, [entry, 'mock', '--host', '127.0.0.1', '--port', String(PRISM_PORT), '--verboseLevel', 'error', file], { stdio: 'ignore' });
  for (let i = 0; i < 300; i++) {
    try {
      await fetch(`http://127.0.0.1:${PRISM_PORT}/`, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  throw new Error('Prism did not start within 30 s');
});

after(() => {
  prism?.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

void test('a probe of a Prism mock of an edited export finds exactly the moved routes, names their catalogue lines and the variants that answer', () => {
  const { status, stdout, stderr, report } = runProbe({ BASE_URL: `http://127.0.0.1:${PRISM_PORT}` });
  assert.equal(status, 1, stdout + stderr);
  assert.equal(report.operations.length, operations.length);
  const off = report.operations.filter((p) => p.verdict !== 'route');
  assert.deepEqual(off.map((p) => p.operation).sort(), [...MOVED_ROUTES].sort(), stdout);
  for (const p of report.operations.filter((o) => o.verdict === 'route')) assert.ok([401, 403].includes(p.status!), `${p.operation}: ${p.status}`);

  const byId = Object.fromEntries(report.operations.map((p) => [p.operation, p]));
  assert.equal(byId['documents.update'].verdict, 'method_not_allowed');
  assert.equal(byId['documents.update'].status, 405);
  for (const id of ['accounts.reopen', 'insurances.create', 'stamps.status']) assert.equal(byId[id].verdict, 'no_route', id);
  // bulk-approve/ now falls into approvals/{approval_id}/, which has no PUT.
  assert.equal(byId['approvals.bulkApprove'].verdict, 'method_not_allowed');
  const variants = (id: string) => byId[id].fix!.variants.filter((v) => v.verdict === 'route').map((v) => v.path);
  assert.deepEqual(variants('accounts.reopen'), ['/v1/los/accounts/{account_id}/reopen']);
  assert.deepEqual(variants('approvals.bulkApprove'), ['/v1/los/accounts/{account_id}/approvals/bulk_approve/']);
  assert.deepEqual(variants('insurances.create'), ['/v1/los/accounts/{account_id}/insurance/']);
  assert.deepEqual(variants('stamps.status'), []);
  assert.match(byId['stamps.status'].fix!.catalogue, /^schemas\/catalogue\.ts:\d+$/);
  const line = Number(byId['stamps.status'].fix!.catalogue.split(':')[1]);
  assert.match(readFileSync('schemas/catalogue.ts', 'utf8').split('\n')[line - 1], /'stamps\.status': \{/);
  assert.match(
    stdout,
    /no route for accounts\.reopen: fix schemas\/catalogue\.ts:\d+; answering like a route: PUT \/v1\/los\/accounts\/\{account_id\}\/reopen \(401, route\)/,
  );
  // The edited export's error body is `{ detail }`: the probe learns it differs from `{ code, message }`.
  assert.match(report.error_shape ?? '', /\/code missing/);
  assert.ok(!(stdout + stderr + JSON.stringify(report)).includes('never-sent-token-123'));
});

void test('the probe of the bundled sandbox finds every route, with exit code 0', () => {
  const { status, stdout, stderr, report } = runProbe({ BASE_URL: '' });
  assert.equal(status, 0, stdout + stderr);
  assert.ok(report.operations.every((p) => p.verdict === 'route' && p.status === 401));
  assert.equal(report.error_shape, undefined, 'the sandbox answers the catalogue’s own error body');
});

void test('a bad setting stops the probe with exit code 2 and one message', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/probe.ts'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, BASE_URL: 'ftp://x', REPORTS_DIR: work },
  });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /^probe: los-contract cannot start; fix these settings[\s\S]*BASE_URL="ftp:\/\/x" must start with http/);
});
