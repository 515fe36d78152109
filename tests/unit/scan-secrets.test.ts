import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { after, beforeEach, describe, it } from 'node:test';
import { ledgerFile } from '../../helpers/factory';
import { defaultRoots, knownSecrets, scanArtifacts, scanContent, unzip } from '../../scripts/scan-secrets';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.planted-api-token.sig';
const OTHER = 'second-tenant-token-value';
const MOBILE = '+919876501234';

/** A zip as Playwright writes traces: one deflated entry per file. */
function zip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = deflateRawSync(Buffer.from(text));
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(Buffer.byteLength(text), 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(Buffer.byteLength(text), 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    central.push(entry, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('secret scan', () => {
  let dir: string;
  let reports: string;
  let allure: string;
  const secrets = () =>
    knownSecrets(
      [
        ['API_TOKEN', TOKEN],
        ['ISOLATION_TOKEN', OTHER],
      ],
      reports,
    );
  const scan = () =>
    scanArtifacts([allure, reports], secrets(), reports)
      .findings.map((f) => ({ ...f, file: f.file.slice(dir.length + 1) }))
      .sort((a, b) => a.file.localeCompare(b.file));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'los-scan-'));
    reports = join(dir, 'reports');
    allure = join(dir, 'allure-results');
    mkdirSync(join(reports, 'test-results'), { recursive: true });
    mkdirSync(allure);
    writeFileSync(
      join(allure, 'a-attachment.json'),
      JSON.stringify({ headers: { authorization: 'Bearer [REDACTED]' }, body: { primary_mobile: '[REDACTED]' } }),
    );
    writeFileSync(join(reports, 'junit.xml'), '<testsuites><testcase name="Accounts › Create answers 201"/></testsuites>');
    mkdirSync(join(reports, '.run'));
    writeFileSync(
      ledgerFile(reports, 'r1'),
      `${JSON.stringify({ kind: 'pii', field: 'primary_mobile', value: MOBILE })}\n${JSON.stringify({ kind: 'lead', id: 'x' })}\n`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds nothing in redacted artifacts, and does not flag the ledger that holds the PII values', () => {
    assert.deepEqual(scan(), []);
    assert.deepEqual(
      secrets().map((s) => s.kind),
      ['API_TOKEN', 'ISOLATION_TOKEN', 'PII (primary_mobile)'],
    );
  });

  it('flags a bearer token planted in an Allure attachment, naming the file and the kind', () => {
    writeFileSync(join(allure, 'b-attachment.txt'), `curl -H "Authorization: Bearer ${TOKEN}" http://127.0.0.1/`);
    assert.deepEqual(scan(), [{ file: 'allure-results/b-attachment.txt', kind: 'API_TOKEN' }]);
  });

  it('flags a token JSON-escaped or URL-encoded, and the second tenant token', () => {
    const awkward = 'tok/with"quote+plus';
    writeFileSync(join(reports, 'junit.xml'), `<failure>${JSON.stringify({ t: awkward })} ${encodeURIComponent(awkward)} ${OTHER}</failure>`);
    const findings = scanArtifacts(
      [reports],
      knownSecrets(
        [
          ['API_TOKEN', awkward],
          ['ISOLATION_TOKEN', OTHER],
        ],
        reports,
      ),
      reports,
    ).findings;
    assert.deepEqual(findings.map((f) => f.kind).sort(), ['API_TOKEN', 'ISOLATION_TOKEN']);
    assert.equal(scanContent('x', Buffer.from(encodeURIComponent(awkward)), knownSecrets([['API_TOKEN', awkward]], reports)).length, 1);
  });

  it('flags a known mobile number in the JUnit report', () => {
    writeFileSync(join(reports, 'junit.xml'), `<failure>expected 201, got 500 for primary_mobile ${MOBILE}</failure>`);
    assert.deepEqual(scan(), [{ file: 'reports/junit.xml', kind: 'PII (primary_mobile)' }]);
  });

  it('looks inside traces (zip) and the HTML report (base64 zip in index.html)', () => {
    writeFileSync(join(reports, 'test-results', 'trace.zip'), zip({ 'trace.network': `{"headers":[{"name":"authorization","value":"Bearer ${TOKEN}"}]}` }));
    const report = zip({ 'report.json': JSON.stringify({ steps: [`Create Lead ${MOBILE}`] }) });
    mkdirSync(join(reports, 'playwright-report'));
    writeFileSync(
      join(reports, 'playwright-report', 'index.html'),
      `<script>window.playwrightReportBase64 = "data:application/zip;base64,${report.toString('base64')}";</script>`,
    );
    assert.deepEqual(scan(), [
      { file: 'reports/playwright-report/index.html!embedded-zip-0!report.json', kind: 'PII (primary_mobile)' },
      { file: 'reports/test-results/trace.zip!trace.network', kind: 'API_TOKEN' },
    ]);
    assert.deepEqual(
      unzip(zip({ a: 'one', b: 'two' })).map((e) => `${e.name}=${e.content.toString()}`),
      ['a=one', 'b=two'],
    );
  });

  it('defaults to the artifact folders that exist', () => {
    assert.deepEqual(defaultRoots({ REPORTS_DIR: reports, ALLURE_RESULTS_DIR: allure }).slice(0, 2), [allure, reports]);
  });

  it('as a command: exits 1 listing file and kind, and never prints the secret', async () => {
    writeFileSync(join(allure, 'c-attachment.json'), JSON.stringify({ note: `token ${TOKEN}` }));
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/scan-secrets.ts', allure, reports], {
      env: { ...process.env, API_TOKEN: TOKEN, ISOLATION_TOKEN: OTHER, BASE_URL: 'http://127.0.0.1:9', REPORTS_DIR: reports },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 1, output);
    assert.match(output, /secret scan: FAILED, 1 finding\(s\) in \d+ files \(looked for 1 API_TOKEN, 1 ISOLATION_TOKEN, 1 PII \(primary_mobile\)\)/);
    assert.match(output, /c-attachment\.json: API_TOKEN/);
    assert.ok(!output.includes(TOKEN) && !output.includes(MOBILE), 'the output must not contain the secret');
  });
});
