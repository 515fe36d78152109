import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChild } from '../../scripts/child';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { DEFAULT_REPORT_ARTIFACT } from '../../helpers/triage/step-summary';
import { operations } from '../../schemas/catalogue';
import { buildSandbox } from '../../sandbox/server';
import { DEFAULT_TENANT_TOKENS } from '../../sandbox/tenants';

/**
 * The release gate in .github/workflows/conformance.yml: valid YAML, the same npm scripts as a
 * local run, secrets only where they belong, and (replayed here against the sandbox) shards that
 * pass on their own while the merged run is held to the full coverage gate.
 */
const WORKFLOW = '.github/workflows/conformance.yml';
const ROOT = resolve('.');

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string | number | boolean>;
  'continue-on-error'?: boolean;
}
interface Job {
  needs?: string | string[];
  if?: string;
  env?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; matrix: { shard: number[] } };
  steps: Step[];
}
interface Workflow {
  on: { workflow_dispatch?: unknown; workflow_call?: { secrets: Record<string, { required: boolean }> } };
  jobs: { conformance: Job; report: Job };
}

function load(): Workflow {
  const doc = parseDocument(readFileSync(WORKFLOW, 'utf8'), { strict: true, uniqueKeys: true });
  assert.deepEqual(
    [...doc.errors, ...doc.warnings].map((e) => e.message),
    [],
    `${WORKFLOW} is valid YAML`,
  );
  return doc.toJS() as Workflow;
}

const runs = (job: Job): string[] => job.steps.flatMap((s) => (s.run ? [s.run] : []));
const upload = (job: Job, name: string): Step => {
  const step = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@') && String(s.with?.name).startsWith(name));
  assert.ok(step, `an upload of ${name}`);
  return step;
};

void test('the workflow is valid YAML that runs the suite against the target from secrets, sharded, with the same npm scripts', () => {
  const wf = load();
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  assert.ok(wf.on.workflow_dispatch !== undefined, 'can be started by hand');
  assert.deepEqual(Object.keys(wf.on.workflow_call?.secrets ?? {}).sort(), ['API_TOKEN', 'BASE_URL', 'ISOLATION_TOKEN'], 'a release pipeline can call it');

  const { conformance, report } = wf.jobs;
  for (const name of ['BASE_URL', 'API_TOKEN', 'ISOLATION_TOKEN']) assert.equal(conformance.env?.[name], `\${{ secrets.${name} }}`);
  assert.equal(conformance.env?.BLOB_REPORT, '1', 'shards write blob reports');
  const shards = conformance.strategy?.matrix.shard ?? [];
  assert.ok(shards.length > 1, 'more than one shard');
  assert.deepEqual(
    shards,
    shards.map((_, i) => i + 1),
    'shards are numbered 1..N',
  );
  assert.equal(conformance.strategy?.['fail-fast'], false, 'one red shard does not cancel the others');
  assert.ok(runs(conformance).includes('npm run conformance -- --shard=${{ matrix.shard }}/${{ strategy.job-total }}'));

  for (const command of [...runs(conformance), ...runs(report)]) {
    for (const [, script] of command.matchAll(/npm run ([\w:-]+)/g)) assert.ok(script in scripts, `npm run ${script} is a package.json script`);
    assert.doesNotMatch(command, /secrets\./, 'secrets reach steps through env only, never inline in a command');
  }
  assert.equal(report.needs, 'conformance');
  assert.equal(report.if, '${{ !cancelled() }}', 'the report is published for red runs too');
  assert.ok(runs(report).some((r) => r.startsWith('npx playwright merge-reports ')));
  for (const script of ['coverage', 'report']) assert.ok(runs(report).includes(`npm run ${script}`), `the report job runs npm run ${script}`);
  const verdict = report.steps.find((s) => s.name === 'Verdict')?.run ?? '';
  for (const outcome of ['needs.conformance.result', 'steps.merge.outcome', 'steps.coverage.outcome'])
    assert.match(verdict, new RegExp(outcome.replace(/\./g, '\\.')));
  assert.match(String(upload(report, 'los-conformance-report').with?.path), /allure-report\/index\.html/);
  assert.equal(upload(conformance, 'calls-').with?.['include-hidden-files'], true, 'reports/.calls is a hidden folder');
  assert.equal(upload(conformance, 'triage-').with?.['include-hidden-files'], true, 'reports/.triage is a hidden folder');

  // Memory across runs: the history folder Allure's historyPath and the last green run live in is restored and saved.
  const allurerc = readFileSync('allurerc.mjs', 'utf8');
  assert.match(allurerc, /historyPath: process\.env\.ALLURE_HISTORY_PATH \|\| '\.los-history\/allure-history\.jsonl'/);
  const restore = report.steps.findIndex((s) => s.uses?.startsWith('actions/cache/restore@'));
  const save = report.steps.findIndex((s) => s.uses?.startsWith('actions/cache/save@'));
  const build = report.steps.findIndex((s) => s.run === 'npm run report');
  const triage = report.steps.findIndex((s) => s.run?.startsWith('npm run triage'));
  for (const i of [restore, save]) assert.equal(report.steps[i]?.with?.path, '.los-history', 'the history folder is cached');
  assert.ok(restore >= 0 && restore < triage && triage < build && build < save, 'restore, compare and append history, then save');
  assert.equal(report.steps[save].if, '${{ !cancelled() }}', 'red runs add to the history too');
  assert.match(String(report.steps[restore].with?.['restore-keys']), /^los-history-/, 'the newest history of any earlier run');
  assert.match(String(upload(report, 'los-conformance-report').with?.path), /reports\/triage\.json[\s\S]*reports\/changes\.json/);

  // The merged run's job summary: written by npm run triage after the coverage gate, naming the published artifact.
  assert.ok(report.steps.findIndex((s) => s.run === 'npm run coverage') < triage, 'the summary reads the merged coverage');
  assert.deepEqual(report.steps[triage].env, { BASE_URL: '${{ secrets.BASE_URL }}' }, 'the baseline is the target’s; no token in the report job');
  assert.equal(upload(report, DEFAULT_REPORT_ARTIFACT).with?.name, DEFAULT_REPORT_ARTIFACT, 'the summary names the artifact the job publishes');
});

const run = async (args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Promise<{ code: number; out: string }> => {
  const { code, output } = await runChild(args[0], args.slice(1), { env, cwd });
  return { code: code ?? 1, out: output };
};

void test('shards pass on their own, and the merged run is held to the coverage gate on all shards together', { timeout: 300_000 }, async () => {
  const { conformance, report } = load().jobs;
  const work = mkdtempSync(join(tmpdir(), 'los-shards-'));
  const app = buildSandbox();
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const total = 2;
    const base: NodeJS.ProcessEnv = {
      ...process.env,
      BASE_URL: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
      API_TOKEN: DEFAULT_TENANT_TOKENS['tenant-a'],
      ISOLATION_TOKEN: DEFAULT_TENANT_TOKENS['tenant-b'],
      CI: '',
      FORCE_COLOR: '0',
      CONSOLE_REPORTER: 'line',
      COVERAGE_GATE: 'on',
      // The job's literal settings (BLOB_REPORT); the secrets are the sandbox's above.
      ...Object.fromEntries(Object.entries(conformance.env ?? {}).filter(([, value]) => !value.includes('${{'))),
    };
    // Each shard's artifacts, located as the workflow's upload steps name them.
    const artifacts = (shard: number) => {
      const reportsDir = join(work, `shard-${shard}`, 'reports');
      const at = (path: string) => join(path.startsWith('reports/') ? reportsDir : join(work, `shard-${shard}`), path.replace(/^reports\//, ''));
      return {
        reportsDir,
        allureDir: at(String(upload(conformance, 'allure-results-').with?.path)),
        blob: at(String(upload(conformance, 'blob-report-').with?.path)),
        calls: at(String(upload(conformance, 'calls-').with?.path)),
      };
    };
    const shardRuns = await Promise.all(
      Array.from({ length: total }, (_, i) => {
        const a = artifacts(i + 1);
        return run(
          [
            process.execPath,
            'node_modules/@playwright/test/cli.js',
            'test',
            'tests/contract/every-operation.spec.ts',
            `--shard=${i + 1}/${total}`,
            '--workers=2',
          ],
          { ...base, REPORTS_DIR: a.reportsDir, ALLURE_RESULTS_DIR: a.allureDir },
        );
      }),
    );
    for (const [i, shard] of shardRuns.entries()) {
      assert.equal(shard.code, 0, `shard ${i + 1} passes although it exercises only part of the catalogue:\n${shard.out}`);
      const coverage = JSON.parse(readFileSync(join(artifacts(i + 1).reportsDir, 'coverage.json'), 'utf8')) as { missing: string[] };
      assert.ok(coverage.missing.length > 0, `shard ${i + 1} alone leaves operations unexercised`);
    }

    // The report job's downloads: blobs and Allure results merged, calls in one folder per shard.
    const merged = join(work, 'merged');
    mkdirSync(join(merged, 'reports', 'blob-reports'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(merged, 'node_modules'), 'dir');
    for (let shard = 1; shard <= total; shard++) {
      const a = artifacts(shard);
      for (const f of readdirSync(a.blob)) cpSync(join(a.blob, f), join(merged, 'reports', 'blob-reports', f));
      cpSync(a.calls, join(merged, 'reports', '.calls', `calls-${shard}`), { recursive: true });
    }
    const mergeStep = report.steps.find((s) => s.id === 'merge') as Step;
    const merge = await run(['bash', '-c', mergeStep.run as string], { ...process.env, ...mergeStep.env, CI: 'true' }, merged);
    assert.equal(merge.code, 0, merge.out);
    const junit = readFileSync(join(merged, 'reports', 'junit.xml'), 'utf8');
    assert.equal([...junit.matchAll(/<testcase /g)].length, operations.length, 'the merged JUnit holds the tests of every shard');
    assert.ok(existsSync(join(merged, 'reports', 'playwright-report', 'index.html')), 'the merged Playwright HTML report');

    const gate = (env: NodeJS.ProcessEnv = {}) =>
      run([process.execPath, '--import', 'tsx', join(ROOT, 'scripts', 'coverage.ts')], { ...process.env, ...env }, merged);
    const all = await gate();
    assert.equal(all.code, 0, all.out);
    const los = operations.filter((o) => o.los).length;
    assert.match(all.out, new RegExp(`coverage: ${los}/${los} LOS operations exercised`));
    assert.ok(existsSync(join(merged, 'reports', 'latency.md')), 'the merged latency table for the Allure report');

    rmSync(join(merged, 'reports', '.calls', 'calls-2'), { recursive: true });
    const partial = await gate();
    assert.equal(partial.code, 1, `one shard's calls alone fail the gate:\n${partial.out}`);
    assert.match(partial.out, /coverage gate: FAILED/);
  } finally {
    await app.close();
    rmSync(work, { recursive: true, force: true });
  }
});
