import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChild } from '../../scripts/child';
import { cachingStackFormatter } from '../../helpers/core/stack-cache';

/** V8's call sites for a fresh error, thrown from `depth` nested calls. */
function callSites(depth: number): NodeJS.CallSite[] {
  if (depth) return callSites(depth - 1);
  const formatter = Error.prepareStackTrace;
  let frames: NodeJS.CallSite[] = [];
  Error.prepareStackTrace = (_error, callSites) => (frames = callSites);
  void new Error('probe').stack;
  Error.prepareStackTrace = formatter;
  return frames;
}

void test('a cached frame prints as the formatter prints it, also where the formatter reads the caller', () => {
  // Like source-map-support: a frame's name can come from its caller's position.
  const original = (error: Error, frames: NodeJS.CallSite[]): string =>
    `${error.name}: ${error.message}${frames.map((f, i) => `\n    at ${f.getFunctionName() ?? '?'}<${frames[i + 1]?.getLineNumber() ?? '-'}> (${f.getFileName()}:${f.getLineNumber()})`).join('')}`;
  const cached = cachingStackFormatter(original);
  for (const depth of [0, 1, 3, 0, 3, 1]) {
    const frames = callSites(depth);
    const error = new Error(`depth ${depth}`);
    assert.equal(cached(error, frames), original(error, frames));
  }
});

void test('in a Playwright worker the cache sits over Playwright’s source-mapped formatter and prints what it prints', async () => {
  const { code, output } = await runChild(
    process.execPath,
    ['node_modules/@playwright/test/cli.js', 'test', '--config', 'tests/unit/stack-cache/playwright.config.ts'],
    {
      env: { ...process.env, FORCE_COLOR: '0' },
    },
  );
  assert.equal(code, 0, output);
  assert.match(output, /1 passed/);
});
