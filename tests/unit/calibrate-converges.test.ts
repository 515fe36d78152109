import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TriageCause } from '../../helpers/triage/triage';
import { operations } from '../../schemas/catalogue';
import { Faults } from '../../sandbox/faults/index';
import { SCHEMA_PATH } from '../../sandbox/schema-endpoint';
import { playwrightTest } from '../../scripts/child';
import { ownTarget } from './own-target';
import { copyRepo } from './repo-copy';

/**
 * The first day against a target built otherwise, end to end: a sandbox that serves the approval
 * routes at another path, names the status Initiate leads to `pending`, takes only 10-digit mobile
 * numbers, answers in DRF's dialect and serves its own OpenAPI at /api/schema/ as drf-spectacular
 * does. On a copy of the project, with no hand edit: the run as is names one cause and no security
 * finding; probe finds the moved routes; calibrate --write from the served document corrects the
 * schemas; probe then finds every route, and the run is green with every operation exercised.
 */
const VARIANT = ['approvals_paths_moved', 'lifecycle_renamed_status', 'mobile_ten_digits'];
const APPROVALS = operations.filter((op) => op.group === 'Approval').map((op) => op.id);
const SECURITY = new Set(['auth_not_enforced', 'isolation_breach']);

void test('probe, then calibrate --write from the target’s own OpenAPI, turn a run against a DRF target built otherwise green, with no hand edit', async () => {
  const target = await ownTarget('converges', { faults: new Faults(VARIANT) });
  const copy = copyRepo(['tests', 'playwright.config.ts']);
  const env = target.env({ REPORTS_DIR: join(copy.dir, 'reports'), COVERAGE_GATE: '' });
  const suite = () => playwrightTest([], { cwd: copy.dir, env, timeoutMs: 300_000 });
  const triage = () => (JSON.parse(readFileSync(join(copy.dir, 'reports', 'triage.json'), 'utf8')) as { causes: TriageCause[] }).causes;
  try {
    const asIs = await suite();
    assert.notEqual(asIs.code, 0, asIs.output);
    const causes = triage();
    assert.deepEqual(
      causes.filter((c) => SECURITY.has(c.cause)),
      [],
      'DRF-shaped refusals are no security finding',
    );
    assert.deepEqual(
      causes.map((c) => `${c.cause} ${c.operations.join(',')}`),
      ['data_rejected leads.create'],
      'as is, the lead every test needs is refused: one cause',
    );

    const probed = await copy.runAsync('scripts/probe.ts', [], env);
    assert.equal(probed.status, 1, probed.stdout + probed.stderr);
    for (const id of APPROVALS) assert.match(probed.stdout, new RegExp(`no route for ${id}: .*/approval/`), `probe names where ${id} answers`);

    const calibrated = await copy.runAsync('scripts/calibrate.ts', ['--openapi', `${target.url}${SCHEMA_PATH}`, '--write'], env);
    assert.equal(calibrated.status, 1, calibrated.stdout + calibrated.stderr);
    assert.match(calibrated.stdout, /--write: applied \d+ difference\(s\)/);
    const statuses = JSON.parse(readFileSync(join(copy.dir, 'schemas', 'accounts.json'), 'utf8')) as { $defs: { status: { enum: string[] } } };
    assert.deepEqual(statuses.$defs.status.enum, ['activation', 'pending', 'approved', 'active', 'dropped'], 'the status renamed in its place');

    const reprobed = await copy.runAsync('scripts/probe.ts', [], env);
    assert.equal(reprobed.status, 0, reprobed.stdout + reprobed.stderr);

    const green = await suite();
    assert.equal(green.code, 0, green.output);
    assert.deepEqual(triage(), []);
    assert.match(green.output, /coverage: 37\/37 LOS operations exercised/);
  } finally {
    copy.remove();
    await target.close();
  }
});
