import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { buildOpenApi } from '../../scripts/openapi-document';
import { copyRepo, type RepoCopy } from './repo-copy';
import { differenceKey, editedExport } from './calibrate-edits';

interface Calibration {
  source: string;
  differences: { operation: string | null; kind: string; catalogue: unknown; upstream: unknown; summary: string }[];
}

let repo: RepoCopy;
before(() => (repo = copyRepo()));
after(() => repo.remove());

const calibrate = (...args: string[]) => repo.run('scripts/calibrate.ts', args);
const report = (): Calibration => JSON.parse(readFileSync(join(repo.dir, 'reports', 'calibration.json'), 'utf8')) as Calibration;

void test('the project’s own export, unedited, calibrates clean with exit code 0', () => {
  const file = join(repo.dir, 'own.json');
  writeFileSync(file, JSON.stringify(buildOpenApi()));
  const run = calibrate('--openapi', file);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.deepEqual(report(), { source: `openapi:${file}`, differences: [] });
});

void test('an export edited with one difference of every kind is reported difference by difference, exit code 1', () => {
  const { document, expected } = editedExport();
  const file = join(repo.dir, 'edited.json');
  writeFileSync(file, JSON.stringify(document));
  const run = calibrate('--openapi', file);
  assert.equal(run.status, 1, run.stdout + run.stderr);
  const { differences } = report();
  assert.deepEqual(differences.map(differenceKey).sort(), expected);
  for (const d of differences) assert.deepEqual(Object.keys(d), ['operation', 'kind', 'catalogue', 'upstream', 'summary']);
  assert.deepEqual(
    differences.find((d) => d.kind === 'path' && d.operation === 'accounts.reopen'),
    {
      operation: 'accounts.reopen',
      kind: 'path',
      catalogue: '/v1/los/accounts/{account_id}/reopen/',
      upstream: '/v1/los/accounts/{account_id}/reopen',
      summary: 'Accounts › Reopen Account: path /v1/los/accounts/{account_id}/reopen/ is /v1/los/accounts/{account_id}/reopen upstream',
    },
  );
  // A table per group, the operation's group as its heading.
  assert.match(run.stdout, /^Fee \(6\)$/m);
  assert.match(run.stdout, /^Insurances \(7\)$/m);
  assert.match(run.stdout, /^20 difference\(s\): /m);
});

void test('a Swagger 2.0 document in YAML is read through the converter: a moved path and a changed status are found', () => {
  // A minimal Swagger 2.0 rendition of two operations: a moved path and a changed status.
  const swagger = {
    swagger: '2.0',
    info: { title: 'LOS', version: '1' },
    paths: {
      '/v1/los/accounts/{id}/re-open': {
        put: {
          tags: ['Accounts'],
          summary: 'Reopen Account',
          parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }],
          responses: { '200': { description: 'OK' } },
        },
      },
      '/v1/los/accounts/': { post: { tags: ['Accounts'], summary: 'Create', responses: { '200': { description: 'OK', schema: { type: 'object' } } } } },
    },
  };
  const file = join(repo.dir, 'swagger.yaml');
  writeFileSync(file, stringify(swagger));
  const run = calibrate('--openapi', file);
  assert.equal(run.status, 1, run.stdout + run.stderr);
  const keys = report().differences.map(differenceKey);
  assert.ok(keys.includes('accounts.reopen path'), keys.join('\n'));
  assert.ok(keys.includes('accounts.create status'), keys.join('\n'));
  assert.equal(report().differences.find((d) => d.operation === 'accounts.reopen' && d.kind === 'path')?.upstream, '/v1/los/accounts/{id}/re-open');
});

void test('an unreadable input stops with exit code 2 and one message that says what is wrong', () => {
  const missing = calibrate('--openapi', join(repo.dir, 'nope.json'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^calibrate: cannot read .*nope\.json: ENOENT\n$/);
  const garbage = join(repo.dir, 'garbage.yaml');
  writeFileSync(garbage, 'openapi: [unclosed');
  const bad = calibrate('--openapi', garbage);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^calibrate: .*garbage\.yaml is neither JSON nor YAML/);
  writeFileSync(garbage, 'title: not an api\n');
  assert.match(calibrate('--openapi', garbage).stderr, /is not an OpenAPI 3\.0\/3\.1 or Swagger 2\.0 document/);
  assert.match(calibrate().stderr, /^calibrate: usage: npm run calibrate -- --openapi/);
});

void test('--write applies every difference it can to the catalogue and schemas; a second calibrate reports none of them', () => {
  const { document } = editedExport();
  const file = join(repo.dir, 'edited.json');
  writeFileSync(file, JSON.stringify(document));
  const first = calibrate('--openapi', file, '--write');
  assert.equal(first.status, 1, first.stdout + first.stderr);
  assert.match(first.stdout, /--write: applied 18 difference\(s\) to schemas\/catalogue\.ts, schemas\/\S+/);
  assert.match(
    first.stdout,
    /left for a person \(no edit settles them\): missing_upstream stamps\.status; not_in_catalogue GET \/v1\/los\/accounts\/\{account_id\}\/notes\//,
  );
  assert.match(first.stdout, /edit to follow the new shapes: sandbox\/routes\/charges\.ts/);

  const second = calibrate('--openapi', file);
  assert.equal(second.status, 1, second.stdout + second.stderr);
  assert.deepEqual(report().differences.map(differenceKey).sort(), ['- not_in_catalogue', 'stamps.status missing_upstream']);

  const catalogue = readFileSync(join(repo.dir, 'schemas', 'catalogue.ts'), 'utf8');
  assert.match(catalogue, /'accounts\.reopen': \{\s+provenance: 'documented',[\s\S]*?path: `\$\{ACCOUNT\}reopen`/);
  assert.match(catalogue, /'documents\.update': \{[^}]*method: 'PUT'/);
  const charges = JSON.parse(readFileSync(join(repo.dir, 'schemas', 'charges.json'), 'utf8')) as { $defs: Record<string, Record<string, unknown>> };
  assert.equal(charges.$defs.fee['x-provenance'], 'documented');
  assert.equal(charges.$defs.insurance['x-provenance'], 'inferred', 'untouched definitions stay inferred');
  // The calibrated schemas retyped the code: the generated types are current, and changed where the shapes did.
  assert.match(first.stdout, /schemas\/types\//);
  const fresh = repo.run('scripts/schema-types.ts', ['--check']);
  assert.equal(fresh.status, 0, fresh.stderr);
  assert.notEqual(readFileSync(join(repo.dir, 'schemas', 'types', 'charges.ts'), 'utf8'), readFileSync(join('schemas', 'types', 'charges.ts'), 'utf8'));

  // The OpenAPI export follows the corrected catalogue.
  const exported = repo.run('scripts/openapi.ts', [join(repo.dir, 'reports', 'openapi.json')]);
  assert.equal(exported.status, 0, exported.stdout + exported.stderr);
  const paths = Object.keys((JSON.parse(readFileSync(join(repo.dir, 'reports', 'openapi.json'), 'utf8')) as { paths: object }).paths);
  assert.ok(paths.includes('/v1/los/accounts/{account_id}/reopen'));
  assert.ok(paths.includes('/v1/los/accounts/{account_id}/approvals/bulk_approve/'));
  assert.ok(!paths.includes('/v1/los/accounts/{account_id}/reopen/'));

  // The copy's sandbox follows with no code edit: routes at the new paths and methods, and 4xx bodies
  // in the learnt `{ detail }` shape (a probe would report a `detail` never seen otherwise).
  const probe = repo.run('scripts/probe.ts', [], { BASE_URL: '' });
  assert.equal(probe.status, 0, probe.stdout + probe.stderr);
  const probed = JSON.parse(readFileSync(join(repo.dir, 'reports', 'probe.json'), 'utf8')) as {
    operations: { operation: string; method: string; path: string }[];
    error_shape?: string;
  };
  assert.equal(probed.error_shape, undefined, probe.stdout);
  assert.deepEqual(
    probed.operations.filter((p) => ['accounts.reopen', 'documents.update'].includes(p.operation)).map((p) => `${p.method} ${p.path}`),
    ['PUT /v1/los/accounts/{account_id}/reopen', 'PUT /v1/los/accounts/{account_id}/documents/{document_id}/'],
  );
  const common = JSON.parse(readFileSync(join(repo.dir, 'schemas', 'common.json'), 'utf8')) as { $defs: { error: Record<string, unknown> } };
  assert.deepEqual(common.$defs.error, { type: 'object', required: ['detail'], properties: { detail: { type: 'string' } }, 'x-provenance': 'documented' });
});
