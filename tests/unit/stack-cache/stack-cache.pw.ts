import { test } from '../../../helpers/test';
import type { CachingFormatter } from '../../../helpers/core/stack-cache';

/** An error and the call sites V8 collected for it, before anything formatted its stack. */
function capture(message: string): { error: Error; frames: NodeJS.CallSite[] } {
  const formatter = Error.prepareStackTrace;
  let frames: NodeJS.CallSite[] = [];
  Error.prepareStackTrace = (_error, callSites) => {
    frames = callSites;
    return '';
  };
  const error = new Error(message);
  void error.stack;
  Error.prepareStackTrace = formatter;
  return { error, frames };
}

test('in a worker, every stack prints through the cache as Playwright’s own formatter prints it', async () => {
  const formatter = Error.prepareStackTrace as CachingFormatter | undefined;
  if (!formatter?.original) throw new Error('helpers/test.ts installed no caching stack formatter in this worker');
  const samples: Array<ReturnType<typeof capture>> = [];
  const nested = async (depth: number): Promise<void> => {
    if (depth) return nested(depth - 1);
    samples.push(capture('nested'));
  };
  for (let round = 0; round < 4; round++) {
    await nested(round);
    await test.step('a step', async () => void samples.push(capture('in a step')));
    samples.push(capture('after a step'));
  }
  for (const { error, frames } of samples) {
    const cached = formatter(error, frames);
    const original = formatter.original(error, frames);
    if (cached !== original) throw new Error(`the cached stack differs:\n${String(cached)}\n--- the original:\n${String(original)}`);
  }
  // The stack is source-mapped: the line of this file, not of its transpiled form.
  if (!String(formatter(samples[1].error, samples[1].frames)).includes('stack-cache.pw.ts:28:')) throw new Error('the stack is not mapped to the source');
});
