import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { buildOpenApi } from '../../schemas/openapi-export';
import { copyRepo, type RepoCopy } from './repo-copy';
import { differenceKey, editedExport, spectacularExport } from './calibrate-edits';

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

void test('--openapi takes a URL: fetched with API_TOKEN as the bearer token, which never appears in any output; a refusal or no server is one message, exit code 2', async () => {
  const token = 'calibrate-url-token-7f3a9c';
  const seen: IncomingHttpHeaders[] = [];
  const own = stringify(buildOpenApi());
  // drf-spectacular serves its export as YAML at /api/schema/, to authenticated callers.
  const server = createServer((req, res) => {
    seen.push(req.headers);
    const allowed = req.url === '/api/schema/' && req.headers.authorization === `Bearer ${token}`;
    res.writeHead(allowed ? 200 : req.url === '/api/schema/' ? 401 : 404, { 'content-type': allowed ? 'application/vnd.oai.openapi' : 'application/json' });
    res.end(allowed ? own : JSON.stringify({ detail: 'Authentication credentials were not provided.' }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const env = { API_TOKEN: token, BASE_URL: '', HTTP_PROXY: '', http_proxy: '', HTTPS_PROXY: '', https_proxy: '' };
  const outputs: string[] = [];
  const calibrateUrl = async (url: string, extra: NodeJS.ProcessEnv = {}) => {
    const run = await repo.runAsync('scripts/calibrate.ts', ['--openapi', url], { ...env, ...extra });
    outputs.push(run.stdout, run.stderr);
    return run;
  };
  try {
    const clean = await calibrateUrl(`${base}/api/schema/`);
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    assert.deepEqual(report(), { source: `openapi:${base}/api/schema/`, differences: [] });
    outputs.push(readFileSync(join(repo.dir, 'reports', 'calibration.json'), 'utf8'));
    assert.equal(seen[0].authorization, `Bearer ${token}`);

    const refused = await calibrateUrl(`${base}/api/schema/`, { API_TOKEN: 'calibrate-wrong-token-0000' });
    assert.equal(refused.status, 2);
    assert.match(
      refused.stderr,
      /^calibrate: http:\/\/127\.0\.0\.1:\d+\/api\/schema\/ answered 401 Unauthorized, not 200 with the OpenAPI document \(is API_TOKEN set/,
    );
    assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
    const missing = await calibrateUrl(`${base}/schema.yaml`);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^calibrate: \S+\/schema\.yaml answered 404 Not Found/);
  } finally {
    await new Promise((done) => server.close(done));
  }
  // The server is gone: nothing listens on its port now.
  const down = await calibrateUrl(`${base}/api/schema/`);
  assert.equal(down.status, 2);
  assert.match(down.stderr, /^calibrate: cannot fetch http:\/\/127\.0\.0\.1:\d+\/api\/schema\/: ECONNREFUSED\n$/);
  for (const output of outputs) {
    assert.ok(!output.includes(token), output);
    assert.ok(!output.includes('calibrate-wrong-token-0000'), output);
  }
});

void test('a drf-spectacular export: readOnly fields of the response stay out of the request, pattern, nullable, maxLength and an enum component are written, and a second calibrate finds nothing', () => {
  const drf = copyRepo();
  try {
    const { document, expected } = spectacularExport();
    const file = join(drf.dir, 'schema.json');
    writeFileSync(file, JSON.stringify(document));
    const first = drf.run('scripts/calibrate.ts', ['--openapi', file, '--write']);
    assert.equal(first.status, 1, first.stdout + first.stderr);
    const calibration = JSON.parse(readFileSync(join(drf.dir, 'reports', 'calibration.json'), 'utf8')) as Calibration;
    assert.deepEqual(calibration.differences.map(differenceKey).sort(), expected);
    assert.match(first.stdout, new RegExp(`--write: applied ${expected.length} difference\\(s\\) to schemas/leads\\.json`));

    const leads = JSON.parse(readFileSync(join(drf.dir, 'schemas', 'leads.json'), 'utf8')) as { $defs: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
    const { applicant, createRequest, lead } = leads.$defs;
    // The applicant definition serves the request and the response: the response's fields are marked readOnly and required only where the response uses it.
    assert.deepEqual(applicant.required, ['applicant_type', 'is_primary', 'full_name']);
    for (const name of ['id', 'created_at', 'updated_at']) assert.equal(applicant.properties[name].readOnly, true, name);
    assert.deepEqual(lead.properties.applicants.items, { $ref: '#/$defs/applicant', type: 'object', required: ['id', 'created_at', 'updated_at'] });
    assert.deepEqual(applicant.properties.applicant_type, { type: 'string', enum: ['individual', 'company'] });
    assert.deepEqual(applicant.properties.full_name, { type: 'string', minLength: 1, maxLength: 100 });
    // The shared mobile definition is copied where the lead uses it, with the target's pattern.
    assert.deepEqual(createRequest.properties.primary_mobile, { type: 'string', pattern: '^[6-9]\\d{9}$', examples: ['9876543210'] });
    assert.deepEqual(lead.properties.program_id, { anyOf: [{ $ref: 'common.json#/$defs/uuid' }, { type: 'null' }] });
    const common = JSON.parse(readFileSync(join(drf.dir, 'schemas', 'common.json'), 'utf8')) as { $defs: Record<string, unknown> };
    assert.deepEqual(common.$defs.mobile, JSON.parse(readFileSync(join('schemas', 'common.json'), 'utf8')).$defs.mobile, 'the shared definition stays');

    // What the suite sends validates against the calibrated request schema; the response needs the ids.
    writeFileSync(
      join(drf.dir, 'check-lead.ts'),
      `import { validator } from './schemas/registry';
const at = (def: string) => validator('https://los-contract.dev/schemas/leads.json#/$defs/' + def);
const applicant = { applicant_type: 'individual', is_primary: true, full_name: 'Asha Rao' };
const body = { program_id: '${'0'.repeat(8)}-0000-4000-8000-000000000001', primary_mobile: '9876543210', applicants: [applicant] };
const lead = { ...body, id: body.program_id, created_at: 1721387621.5, updated_at: 1721387621.5 };
console.log(JSON.stringify({
  request: at('createRequest')(body),
  plus91: at('createRequest')({ ...body, primary_mobile: '+919876543210' }),
  leadWithoutApplicantIds: at('lead')(lead),
  lead: at('lead')({ ...lead, applicants: [{ ...applicant, id: body.program_id, created_at: 1721387621.5, updated_at: 1721387621.5 }] }),
}));
`,
    );
    const checked = drf.run('check-lead.ts', []);
    assert.equal(checked.status, 0, checked.stderr);
    assert.deepEqual(JSON.parse(checked.stdout), { request: true, plus91: false, leadWithoutApplicantIds: false, lead: true });
    const fresh = drf.run('scripts/schema-types.ts', ['--check']);
    assert.equal(fresh.status, 0, fresh.stderr);

    const second = drf.run('scripts/calibrate.ts', ['--openapi', file]);
    assert.equal(second.status, 0, second.stdout + second.stderr);
  } finally {
    drf.remove();
  }
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
