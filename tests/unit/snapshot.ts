import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `text` must equal the committed snapshot `file`. Under CI (CI set, as on a clean clone) the
 * snapshot is only compared, never written. Elsewhere UPDATE_SNAPSHOTS=1 rewrites it after a wanted
 * change. A missing snapshot never passes: under CI the test fails; elsewhere the snapshot is
 * written from this run and the test still fails, asking for the file to be read and committed,
 * since a run that compared against nothing has checked nothing.
 */
export function matchSnapshot(text: string, file: URL): void {
  const name = relative(process.cwd(), fileURLToPath(file));
  const ci = Boolean(process.env.CI);
  if (process.env.UPDATE_SNAPSHOTS && !ci) writeFileSync(file, text);
  if (!existsSync(file)) {
    if (ci) assert.fail(`snapshot ${name} is missing; CI only compares: run UPDATE_SNAPSHOTS=1 outside CI, read the file and commit it`);
    writeFileSync(file, text);
    assert.fail(`snapshot ${name} was missing and has been written from this run: read it, commit it and run again`);
  }
  assert.equal(
    text,
    readFileSync(file, 'utf8'),
    `the text differs from snapshot ${name}; if the change is wanted, run with UPDATE_SNAPSHOTS=1 and commit the file`,
  );
}
