import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CONFORMING = 'fixtures/har/conforming.har';
const BROKEN = 'fixtures/har/broken.har';

interface Har {
  log: { entries: { request: { url: string; headers: { name: string; value: string }[] }; response: { content: { text?: string } } }[] };
}

const readHar = (file: string): Har => JSON.parse(readFileSync(file, 'utf8')) as Har;

function checkHar(...args: string[]): { status: number | null; out: string; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-har.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, out: run.stdout + run.stderr, stdout: run.stdout, stderr: run.stderr };
}

/** Every credential the recordings carry, token and cookie alike. */
function credentials(...files: string[]): string[] {
  const values = files.flatMap((file) =>
    readHar(file).log.entries.flatMap((e) => e.request.headers.filter((h) => /^(authorization|cookie)$/i.test(h.name)).map((h) => h.value)),
  );
  return [...new Set(values.flatMap((v) => [v, v.replace(/^Bearer\s+/i, ''), v.split('=').slice(1).join('=')]).filter((v) => v.length > 0))];
}

void test('a recording that follows the contract passes with exit code 0 and says what it could not validate', () => {
  const { status, stdout } = checkHar(CONFORMING);
  assert.equal(status, 0, stdout);
  assert.match(
    stdout,
    /check-har: 10 entries, 8 matched catalogue operations, 2 ignored \(not in the catalogue\), request bodies not validated: 1; no violations/,
  );
  assert.match(stdout, /entries\[7\] Agreement › Upload .*\n {2}- request body not validated \(multipart\/form-data\)/);
  assert.doesNotMatch(stdout, /✗/);
});

void test('Accounts › Create answering 200 without tags fails with exit code 1, naming the entry, the status and the missing field', () => {
  const { status, stdout } = checkHar(BROKEN);
  assert.equal(status, 1, stdout);
  assert.match(stdout, /entries\[1\] Accounts › Create \(accounts\.create\): POST \/v1\/los\/accounts\/ → 200/);
  assert.match(stdout, /✗ status_code_conformance at status: expected 201 or 400 or 401 or 409, actual 200/);
  assert.match(stdout, /✗ response_schema_conformance at \/tags: expected a required field, actual nothing \(missing\)/);
  assert.match(stdout, /entries\[2\] Accounts › Create .*\n {2}✗ request_schema_conformance at \/program_id: expected format uuid, actual "\[REDACTED\]"/);
  assert.match(stdout, /3 violation\(s\) in 2 entries$/m);
});

void test('no output shows a bearer token or cookie from the recording, even one sent inside a request body', () => {
  const secrets = credentials(CONFORMING, BROKEN);
  assert.ok(secrets.length >= 3, 'the fixtures carry credentials to hide');
  assert.ok(
    readFileSync(BROKEN, 'utf8').includes(`"program_id\\":\\"${secrets.find((s) => s.startsWith('eyJ'))}`),
    'the broken fixture leaks the token into a body',
  );
  for (const file of [CONFORMING, BROKEN]) {
    const { out } = checkHar(file);
    for (const secret of secrets) assert.ok(!out.includes(secret), `${file}: output shows a credential`);
  }
});

void test('a list item with a status outside the enum is flagged at its JSON path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-har-'));
  try {
    const har = readHar(CONFORMING);
    const list = har.log.entries.find((e) => e.request.url.endsWith('/v1/los/accounts/?page_size=2'))!;
    const body = JSON.parse(list.response.content.text!) as { results: Record<string, unknown>[] };
    body.results[0].status = 'archived';
    list.response.content.text = JSON.stringify(body);
    const file = join(dir, 'list.har');
    writeFileSync(file, JSON.stringify(har));
    const { status, stdout } = checkHar(file);
    assert.equal(status, 1, stdout);
    assert.match(
      stdout,
      /Accounts › List .*\n {2}✗ response_schema_conformance at \/results\/0\/status: expected one of \[.*"activation".*\], actual "archived"/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('entries are matched by method and path template, other paths are ignored, and a path id that is not a UUID is a violation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-har-'));
  try {
    const account = '67358685-df9b-416b-8d5b-fff5cb7d4cd2';
    const entry = (method: string, path: string) => ({
      request: { method, url: `https://preprod.api.crego.io${path}`, headers: [] },
      response: { status: 0, headers: [], content: {} },
    });
    const file = join(dir, 'paths.har');
    writeFileSync(
      file,
      JSON.stringify({
        log: {
          entries: [
            entry('PUT', `/v1/los/accounts/${account}/approvals/bulk-approve/`),
            entry('GET', '/v1/los/accounts/CL00044A/'),
            entry('GET', '/v1/los/accounts'),
          ],
        },
      }),
    );
    const { status, stdout } = checkHar(file);
    assert.equal(status, 1, stdout);
    assert.match(stdout, /entries\[0\] Approval › Bulk Approve \(approvals\.bulkApprove\)/);
    assert.match(stdout, /entries\[1\] Accounts › Detail .*\n {2}✗ path_parameter_conformance at path\/account_id: expected format uuid, actual "CL00044A"/);
    assert.doesNotMatch(stdout, /entries\[2\]/);
    assert.match(stdout, /3 entries, 2 matched catalogue operations, 1 ignored/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('unreadable input exits with code 2 and one clear message', () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-har-'));
  try {
    const notJson = join(dir, 'not-json.har');
    writeFileSync(notJson, '{"log": ');
    const notHar = join(dir, 'not-har.har');
    writeFileSync(notHar, '{"log": {"pages": []}}');
    const badEntry = join(dir, 'bad-entry.har');
    writeFileSync(badEntry, JSON.stringify({ log: { entries: [{ request: { method: 'GET' }, response: { status: 200 } }] } }));
    const cases: [string[], RegExp][] = [
      [[join(dir, 'missing.har')], /^check-har: cannot read .*missing\.har: ENOENT$/],
      [[notJson], /^check-har: .*not-json\.har is not JSON: /],
      [[notHar], /^check-har: .*not-har\.har is not a HAR file: it has no log\.entries array$/],
      [[badEntry], /^check-har: .*bad-entry\.har is not a HAR 1\.2 file: entries\[0\] lacks /],
      [[], /^check-har: usage: npm run check-har -- <file\.har>$/],
    ];
    for (const [args, message] of cases) {
      const { status, stdout, stderr } = checkHar(...args);
      assert.equal(status, 2, `${args.join(' ')}: ${stderr}`);
      assert.equal(stdout, '');
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
      assert.match(stderr.trim(), message);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
