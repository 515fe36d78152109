import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChild } from '../../scripts/child';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, request, type Browser, type Locator, type Page } from '@playwright/test';
import type { Exchange } from '../../helpers/core/exchange';
import { verify, type Check, type Expectation } from '../../helpers/checks/checks';
import { state_machine_conformance } from '../../helpers/checks/checks-conformance';
import { matchCategory, normalizeCategoriesConfig } from '@allurereport/core-api';
import type { Category } from '../../helpers/reporters/report-categories';
import { causeOfResult } from '../../helpers/checks/failure-marks';
import { ContractViolation } from '../../helpers/checks/violations';
import { CAUSES as TRIAGE_CAUSES } from '../../helpers/checks/diagnose';
import { operation, responseSchema } from '../../schemas/catalogue';
import { Faults } from '../../sandbox/faults/index';
import { buildSandbox } from '../../sandbox/server';
import { DEFAULT_TENANT_TOKENS } from '../../sandbox/tenants';

/**
 * End to end, as a person meets the evidence: a real suite run against a sandbox with a contract
 * fault (Accounts › Create drops `tags`) and the benign extra field, then `npm run report`, then the
 * single HTML file opened from disk in headless Chromium.
 */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * CHROMIUM_PATH when set, else Debian's package when installed, else the build npm brings
 * (@sparticuz/chromium, pinned: its other majors crash on launch under Playwright 1.65), so that
 * `npm ci && npm test` needs nothing outside npm. CHROMIUM_PATH=npm forces the npm build.
 */
const launchChromium = async (): Promise<Browser> => {
  const chosen = process.env.CHROMIUM_PATH || (existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : 'npm');
  if (chosen !== 'npm') {
    assert.ok(existsSync(chosen), `CHROMIUM_PATH=${chosen} does not exist: point it at a Chromium binary, or unset it to use the one from npm`);
    return chromium.launch({ executablePath: chosen, args: CHROMIUM_ARGS });
  }
  const { default: packaged } = await import('@sparticuz/chromium');
  return chromium.launch({ executablePath: await packaged.executablePath(), args: packaged.args, headless: true });
};
const TOKENS = [DEFAULT_TENANT_TOKENS['tenant-a'], DEFAULT_TENANT_TOKENS['tenant-b']];
const FAILED_TEST = 'Create answers 201 with the documented body, echoing the request';
/** Kept as artifacts (.github/workflows/self-test.yml): the first screen, and the failed test opened. */
const FIRST_SCREEN = resolve('reports/unit/allure-report-first-screen.png');
const SCREENSHOT = resolve('reports/unit/allure-report-failed-test.png');

// Asynchronous on purpose: the sandbox answering the suite lives in this process.
const run = async (args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> => {
  const { code, output } = await runChild(process.execPath, args, { env });
  return { code: code ?? 1, out: output };
};

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());

/** The single-file report embeds every data file base64-encoded as d("name","…"). */
const embedded = (html: string): string =>
  [...html.matchAll(/d\("([^"]+)","([A-Za-z0-9+/=]*)"\)/g)].map(([, name, value]) => `${name}\n${Buffer.from(value, 'base64').toString('utf8')}`).join('\n');

const step = (page: Page, title: string): Locator =>
  page.getByTestId('test-result-step').filter({ has: page.getByTestId('test-result-step-title').getByText(title, { exact: true }) });

void test(
  'npm run report builds one HTML file that, opened from disk in Chromium, shows the API tree, the failed call with its evidence and the run-wide tables',
  { timeout: 240_000 },
  async () => {
    const work = mkdtempSync(join(tmpdir(), 'los-report-'));
    const app = buildSandbox({ faults: new Faults(['accounts_create_missing_tags', 'extra_fields']) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      BASE_URL: baseUrl,
      API_TOKEN: TOKENS[0],
      ISOLATION_TOKEN: TOKENS[1],
      COVERAGE_GATE: 'off',
      REPORTS_DIR: join(work, 'reports'),
      ALLURE_RESULTS_DIR: join(work, 'allure-results'),
      ALLURE_REPORT_DIR: join(work, 'allure-report'),
      CI: '',
      FORCE_COLOR: '0',
      CONSOLE_REPORTER: 'line',
    };
    const browser = await launchChromium();
    try {
      // One worker: the first test (FAILED_TEST) meets the broken Create first and fails with it in full; later tests skip, naming it.
      const suite = await run(['node_modules/@playwright/test/cli.js', 'test', 'tests/contract/accounts.spec.ts', '--workers=1'], env);
      assert.equal(suite.code, 1, `the suite must go red on the broken Create:\n${suite.out}`);
      assert.match(suite.out, /drift warnings \(not failures\): \d+ operation\(s\)[\s\S]*accounts\.create \(Accounts › Create\): \/x_sandbox_note/);
      assert.match(suite.out, /operation +requests +statuses seen +negative +timed +p50 ms +p95 ms +max ms/);
      assert.ok(existsSync(join(work, 'reports', 'latency.json')), 'reports/latency.json is written');

      const report = await run(['--import', 'tsx', 'scripts/report.ts'], env);
      assert.equal(report.code, 0, report.out);
      const index = join(work, 'allure-report', 'index.html');
      assert.ok(report.out.includes(index), `npm run report says where the report is:\n${report.out}`);

      const html = readFileSync(index, 'utf8');
      const evidence = [...files(env.ALLURE_RESULTS_DIR as string), ...files(env.REPORTS_DIR as string)].filter((f) => !/\.(png|zip)$/.test(f));
      for (const token of TOKENS) {
        for (const file of evidence) assert.ok(!readFileSync(file, 'utf8').includes(token), `the token appears in ${file}`);
        assert.ok(!html.includes(token) && !embedded(html).includes(token), 'the token appears nowhere in the HTML report');
      }

      const page = await browser.newPage({ viewport: { width: 1400, height: 1400 } });
      const outside: string[] = [];
      page.on('request', (r) => {
        if (!/^(file|data|blob):/.test(r.url())) outside.push(r.url());
      });
      await page.goto(pathToFileURL(index).href);

      // The API's tree: LOS › group › operation › tests (the spec file is a label, below); the environment widget names the target and the seed.
      const tree = page.getByTestId('tree-content');
      for (const heading of ['LOS', 'Accounts', 'Accounts › Create']) await tree.getByText(heading, { exact: true }).first().waitFor();
      assert.equal(await tree.getByText('contract/accounts.spec.ts', { exact: true }).count(), 0, 'the tree is the API, not the spec files');
      // The run's gates head the report next to LOS, each with its figures (COVERAGE_GATE=off: the coverage gate only reports).
      const gates = tree.getByText('Run gates', { exact: true });
      await gates.waitFor();
      // The awesome tree opens small groups and leaves larger ones closed.
      if (!(await tree.getByText(/^triage: /).isVisible())) await gates.click();
      for (const gate of [/^coverage gate: \d+\/\d+ LOS operations exercised$/, /^triage: 1 root cause\(s\), 0 inconclusive, 0 unmasked$/])
        await tree.getByText(gate).waitFor();
      mkdirSync(resolve('reports/unit'), { recursive: true });
      await page.screenshot({ path: FIRST_SCREEN });
      assert.ok(statSync(FIRST_SCREEN).size > 10_000, 'the first screen is kept as a screenshot');
      // The same gates in Allure's Quality Gates tab, as the run judged them (no secret scan: the suite ran without npm run conformance).
      await page
        .getByText(/^Quality Gates\s*5$/)
        .first()
        .click();
      const judged = await page.getByTestId('quality-gate-result').allInnerTexts();
      assert.deepEqual(
        judged.map((g) => g.split('\n').filter(Boolean)[0]),
        ['coverage gate', 'latency budgets', 'leftovers', 'secret scan', 'triage'],
      );
      assert.match(judged[0], /coverage gate: \d+\/\d+ LOS operations exercised \(reported only\)/);
      assert.match(judged[3], /secret scan: not run/);
      assert.match(judged[4], /Success[\s\S]*triage: 1 root cause\(s\), 0 inconclusive, 0 unmasked/);
      await page
        .getByText(/^Results\s*\d+$/)
        .first()
        .click();
      const overview = await page.locator('body').innerText();
      assert.match(overview, new RegExp(`target\\s+${baseUrl.replace(/[.]/g, '\\.')}`));
      assert.match(overview, /faker_seed\s+\d+/);
      assert.match(overview, /suite_version\s+\d+\.\d+\.\d+/);

      await tree.getByText(FAILED_TEST, { exact: true }).click();
      const error = await page.getByTestId('test-result-error').first().innerText();
      assert.match(error, /ContractViolation: Accounts › Create \(POST \/v1\/los\/accounts\/\) broke the contract/);
      assert.match(error, /response_schema_conformance at \/tags: expected a required field, actual nothing \(missing\)/);
      assert.match(await page.locator('body').innerText(), /Category: Root cause: field_missing/);
      // The first eight label names show; the rest sit behind "Show more".
      const more = page.getByRole('button', { name: /show more/i });
      if (await more.count()) await more.first().click();
      const header = await page.locator('body').innerText();
      for (const [label, value] of [
        ['cause', 'field_missing'],
        ['check', 'response_schema_conformance'],
        ['epic', 'LOS'],
        ['feature', 'Accounts'],
        ['story', 'Accounts › Create'],
        ['tag', 'contract'],
        ['suite', 'contract/accounts.spec.ts'],
      ]) {
        assert.match(header, new RegExp(`${label}\\s+${value}`), `label ${label}=${value}`);
      }

      // The call's step holds the HTTP exchange (request, response, response time) and the curl line.
      const create = step(page, 'Accounts › Create');
      await create.getByTestId('test-result-step-header').first().click();
      const attachments = await create.getByTestId('test-result-attachment-header').allInnerTexts();
      for (const name of ['exchange', 'curl'])
        assert.ok(
          attachments.some((a) => a.includes(name)),
          `attachment ${name}: ${attachments.join(' | ')}`,
        );
      await create.getByTestId('test-result-attachment-header').filter({ hasText: 'exchange' }).click();
      await create.getByText('201 Created').first().waitFor();
      const call = await create.innerText();
      assert.match(call, /POST\s+http:\/\/127\.0\.0\.1:\d+\/v1\/los\/accounts\//);
      assert.match(call, /201 Created\s+\d+ ms/, 'the response time is shown');
      assert.match(call, /undeclared fields \(drift warning\)\s+\/x_sandbox_note/);
      await create.getByTestId('test-result-attachment-header').filter({ hasText: 'curl' }).click();
      await create.getByText(/curl -sS -X POST/).waitFor();
      const violation = page.getByTestId('test-result-attachment').filter({ hasText: 'contract violation: Accounts › Create' });
      await violation.getByTestId('test-result-attachment-header').click();
      await violation.getByText(/at \/tags: expected a required field, actual nothing \(missing\)/).waitFor();
      await page.screenshot({ path: SCREENSHOT, fullPage: true });

      // Run-wide evidence: latency table, drift warnings and coverage as global attachments; categories.
      await page.goto(pathToFileURL(index).href);
      await page.getByTestId('nav-tab-globalAttachments').click();
      const global = page.getByTestId('test-result-attachment-header');
      await global.filter({ hasText: 'latency.md' }).waitFor();
      assert.deepEqual((await global.allInnerTexts()).map((t) => t.split('\n').find((l) => l.endsWith('.md'))).sort(), [
        'coverage.md',
        'drift.md',
        'latency.md',
      ]);
      await page.getByTestId('nav-tab-categories').click();
      await page.getByText('Root cause: field_missing', { exact: true }).waitFor();
      assert.deepEqual(outside, [], 'the report opens from disk without fetching anything');

      // A run stopped by its preflight still yields a report that says why, as a global error.
      const closed = await new Promise<number>((done) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as AddressInfo;
          probe.close(() => done(port));
        });
      });
      const down = {
        ...env,
        BASE_URL: `http://127.0.0.1:${closed}`,
        REPORTS_DIR: join(work, 'down', 'reports'),
        ALLURE_RESULTS_DIR: join(work, 'down', 'allure-results'),
        ALLURE_REPORT_DIR: join(work, 'down', 'allure-report'),
      };
      const unreachable = await run(['node_modules/@playwright/test/cli.js', 'test', 'tests/contract/accounts.spec.ts'], down);
      assert.notEqual(unreachable.code, 0, 'an unreachable target fails the run');
      assert.equal((await run(['--import', 'tsx', 'scripts/report.ts'], down)).code, 0);
      await page.goto(pathToFileURL(join(work, 'down', 'allure-report', 'index.html')).href);
      await page.getByTestId('nav-tab-globalErrors').click();
      await page
        .getByText(new RegExp(`PreflightError: BASE_URL http://127\\.0\\.0\\.1:${closed} is unreachable`))
        .first()
        .waitFor();

      // The Playwright HTML report has the same evidence, attached to the same step.
      const pw = await browser.newPage({ viewport: { width: 1400, height: 1400 } });
      await pw.goto(pathToFileURL(join(work, 'reports', 'playwright-report', 'index.html')).href);
      await pw.getByText(FAILED_TEST).first().click();
      await pw.getByText('Accounts › Create', { exact: true }).first().click();
      const steps = await pw.locator('body').innerText();
      // The call is a step of the suite's own; its evidence is named after the request and its answer.
      assert.match(steps, /Accounts › Create\s+\d+ms/);
      assert.match(steps, /Attachments\s+POST 127\.0\.0\.1:\d+\/v1\/crm\/leads\/ → 201\s+POST 127\.0\.0\.1:\d+\/v1\/los\/accounts\/ → 201/);
      // Each call's step carries one JSON attachment: the redacted request, the response with its time, the curl line.
      const httpAttachments = pw.getByText(/^(GET|POST|PUT|PATCH|DELETE) 127\.0\.0\.1:\d+\/\S* → \d{3}$/);
      for (let i = 0; i < (await httpAttachments.count()); i++) await httpAttachments.nth(i).click();
      const http = await pw.locator('body').innerText();
      assert.match(http, /"url": "http:\/\/127\.0\.0\.1:\d+\/v1\/los\/accounts\/"/);
      assert.match(http, /"method": "POST"/);
      assert.match(http, /"status": 201/);
      assert.match(http, /"ms": \d/);
      assert.match(http, /"curl": "curl -sS -X POST/);
      assert.match(http, /"undeclared_fields": \[\s*"\/x_sandbox_note"/);
    } finally {
      await browser.close();
      await app.close();
      rmSync(work, { recursive: true, force: true });
    }
  },
);

/** The category Allure files a failed test under, by Allure's own matching of the rules. */
const categoryOf = (categories: Category[], labels: Record<string, string[]>, message = ''): string | undefined =>
  matchCategory(normalizeCategoriesConfig({ rules: categories }), {
    status: 'failed',
    labels: Object.entries(labels).flatMap(([name, values]) => values.map((value) => ({ name, value }))),
    message,
    flaky: false,
  })?.name;

/** The labels the Allure reporter sets on a test that failed with this violation: what markViolation records. */
const failure = (status: number, json: unknown, expected: number, checks?: Check[], more: Expectation = {}): Record<string, string[]> => {
  const exchange: Exchange = {
    op: operation('accounts.create'),
    purpose: 'valid',
    request: { method: 'POST', url: 'http://127.0.0.1/v1/los/accounts/', headers: {} },
    status,
    schema: responseSchema(operation('accounts.create'), status),
    headers: { 'content-type': 'application/json' },
    text: JSON.stringify(json),
    json,
    ms: 1,
    curl: 'curl',
  };
  try {
    verify(exchange, { status: expected, ...more }, checks);
  } catch (error) {
    assert.ok(error instanceof ContractViolation);
    return { cause: [error.diagnosis.cause], check: error.findings.map((f) => f.check) };
  }
  throw new Error(`verify accepted ${status} where ${expected} was expected`);
};

void test('each Allure category catches the failures it names, by the cause and checks the test marked', async () => {
  const { categories, CAUSES } = (await import(pathToFileURL(resolve('allurerc.mjs')).href)) as { categories: Category[]; CAUSES: string[] };
  const account = {
    id: '8b9dbd9d-99d6-4373-8015-709de4a53100',
    created_at: 1795619930,
    updated_at: 1795619930,
    crm_lead_id: '8b9dbd9d-99d6-4373-8015-709de4a53100',
  };
  const error = { detail: 'went wrong' };
  const foreign = { error: { status: 404, message: 'Not found' } };
  assert.deepEqual(CAUSES, [...TRIAGE_CAUSES], 'one category per triage cause');
  assert.equal(categoryOf(categories, failure(201, account, 201)), 'Root cause: field_missing');
  assert.equal(categoryOf(categories, failure(500, error, 201)), 'Root cause: server_error');
  assert.equal(categoryOf(categories, failure(401, error, 201)), 'Root cause: auth_rejected');
  assert.equal(categoryOf(categories, failure(201, account, 401)), 'Root cause: status_mismatch');
  assert.equal(categoryOf(categories, failure(404, foreign, 201)), 'Root cause: route_missing');
  assert.equal(categoryOf(categories, failure(404, foreign, 404)), 'Root cause: error_shape');
  assert.equal(categoryOf(categories, failure(429, error, 201)), 'Root cause: rate_limited');
  // A failure no check raised: what the test marked, else what its status says.
  assert.equal(categoryOf(categories, { cause: [causeOfResult({ annotations: [], status: 'timedOut' })] }), 'Root cause: timeout');
  assert.equal(categoryOf(categories, { cause: [causeOfResult({ annotations: [], status: 'failed' })] }), 'Root cause: other');
  // A behaviour the answer's shape does not explain (cause other) sorts by the check that failed.
  const changed = failure(201, account, 201, [state_machine_conformance], { unchanged: { ...account, status: 'dropped' } });
  assert.deepEqual(changed, { cause: ['other'], check: ['state_machine_conformance'] });
  assert.equal(categoryOf(categories, changed), 'State machine');
  assert.ok(
    categories.findIndex((c) => c.name === 'State machine') < categories.findIndex((c) => c.name === 'Root cause: other'),
    'check categories refine other',
  );
  // The same cause and a message that reads like another one: the label decides.
  assert.equal(categoryOf(categories, failure(201, account, 201), 'cause: timeout: Timeout 1000ms exceeded'), 'Root cause: field_missing');

  const closed = await new Promise<number>((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => done(port));
    });
  });
  const context = await request.newContext();
  try {
    const refused = await context.get(`http://127.0.0.1:${closed}/`).then(
      () => 'answered',
      (e: Error) => `Error: ${e.message}`,
    );
    assert.equal(categoryOf(categories, { cause: ['other'] }, refused), 'Target unreachable', refused);
  } finally {
    await context.dispose();
  }
});
