import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { copyRepo } from './repo-copy';

/**
 * The schemas type every body the project writes or reads: a response field renamed in a schema,
 * once schemas/types/ is regenerated, fails tsc in the sandbox that stores and answers the record,
 * in the builders that read it off a set-up record and in the specs that check it.
 *
 * The field is the agreement's `document_id`: the sandbox writes it when it creates an agreement and
 * reads it to open a sign request, fixtures/requests/ and several specs read it. (An account's
 * `ref_id`, by contrast, is read back by no builder nor spec: they send it and compare the echo at run time.)
 */
const RENAMED = { schema: 'schemas/agreements.json', definition: 'agreement', from: 'document_id', to: 'pdf_document_id' };

/** Where the rename must fail tsc: the sandbox's insert (no index signature lets the old key through) and its read, a builder, a spec. */
const MUST_FAIL = ['sandbox/routes/agreements.ts', 'sandbox/routes/esign.ts', 'fixtures/requests/esign.ts', 'tests/contract/agreements.spec.ts'];

const TSC = resolve('node_modules/typescript/bin/tsc');

interface Definition {
  required: string[];
  properties: Record<string, unknown>;
}

function renameField(dir: string): void {
  const path = join(dir, RENAMED.schema);
  const schema = JSON.parse(readFileSync(path, 'utf8')) as { $defs: Record<string, Definition> };
  const definition = schema.$defs[RENAMED.definition];
  assert.ok(RENAMED.from in definition.properties, `${RENAMED.schema} has no ${RENAMED.definition}.${RENAMED.from} to rename`);
  const rename = (key: string): string => (key === RENAMED.from ? RENAMED.to : key);
  definition.properties = Object.fromEntries(Object.entries(definition.properties).map(([key, value]) => [rename(key), value]));
  definition.required = definition.required.map(rename);
  writeFileSync(path, JSON.stringify(schema, null, 2));
}

test('a response field renamed in a schema fails tsc in the sandbox, the builders and a spec', { timeout: 300_000 }, () => {
  // tsconfig includes every .ts under the copy: the contract specs are the ones to check, the rest of tests/ is left out for speed.
  const copy = copyRepo(['tests/contract']);
  try {
    renameField(copy.dir);
    const types = copy.run('scripts/schema-types.ts', []);
    assert.equal(types.status, 0, `regenerating the types failed:\n${types.stderr}`);

    const tsc = spawnSync(process.execPath, [TSC, '--noEmit', '--pretty', 'false', '-p', copy.dir], { cwd: copy.dir, encoding: 'utf8', timeout: 240_000 });
    assert.equal(tsc.signal, null, `tsc did not finish: ${tsc.signal}`);
    assert.equal(tsc.status, 2, `tsc should report errors after the rename:\n${tsc.stdout}${tsc.stderr}`);
    const errors = [...tsc.stdout.matchAll(/^(\S+?)\(\d+,\d+\): error (TS\d+: .*)$/gm)].map(([, file, message]) => ({ file, message }));
    assert.deepEqual(
      errors.filter((error) => !error.message.includes(`'${RENAMED.from}'`)),
      [],
      `every error is about the renamed field:\n${tsc.stdout}`,
    );
    const failed = new Set(errors.map((error) => error.file));
    assert.deepEqual(
      MUST_FAIL.filter((file) => !failed.has(file)),
      [],
      `tsc failed in ${[...failed].join(', ')}`,
    );
  } finally {
    copy.remove();
  }
});
