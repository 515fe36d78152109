/**
 * Playwright captures a stack for every step, fixture and API call (50 frames), and the stack
 * formatter it installs in the workers (source-map-support) rebuilds each frame as an object of
 * copied methods before it maps and prints it, the largest single cost of a run after the requests
 * themselves (README, Benchmark). The same frames recur in every test, so each printed frame is
 * kept and reused. A frame's line depends on the frame itself
 * and on the mapped position of its caller (which can lend it a function name), so both make the key;
 * a frame the key cannot describe (eval) is printed anew.
 */
type Prepare = (error: Error, frames: NodeJS.CallSite[]) => unknown;

/** Frames kept at most; the cache starts over beyond it (a run meets a few thousand distinct frames). */
const LIMIT = 50_000;

/**
 * What V8 itself prints of a frame (position, function, receiver type, method, new, async,
 * Promise.all index): everything the formatter can print differently, read in one native call
 * (a third of the cost of reading each property).
 */
const keyOf = (f: NodeJS.CallSite): string => f.toString();

/** `original` with every printed frame remembered; the output is the one `original` gives. */
export function cachingStackFormatter(original: Prepare): Prepare {
  // frame's key → its caller's key → the printed line; two lookups, no joined key to build and hash.
  let lines = new Map<string, Map<string, string>>();
  let size = 0;
  const header = { name: 'Frame', message: '' } as Error;
  const prefix = 'Frame: \n    at ';
  return (error, frames) => {
    if (frames.some((f) => f.isEval())) return original(error, frames);
    const keys = frames.map(keyOf);
    let printed = `${error.name || 'Error'}: ${error.message || ''}`;
    for (let i = 0; i < frames.length; i++) {
      const caller = keys[i + 1] ?? '';
      let byCaller = lines.get(keys[i]);
      let line = byCaller?.get(caller);
      if (line === undefined) {
        const pair = String(original(header, frames.slice(i, i + 2)));
        line = pair.slice(prefix.length).split('\n    at ')[0];
        if (size >= LIMIT) [lines, size, byCaller] = [new Map(), 0, undefined];
        if (!byCaller) lines.set(keys[i], (byCaller = new Map()));
        byCaller.set(caller, line);
        size++;
      }
      printed += `\n    at ${line}`;
    }
    return printed;
  };
}

/** The formatter installed in place of another, and the one it wraps (for the test that compares them). */
export type CachingFormatter = Prepare & { original: Prepare };

/** Installs the cache over the stack formatter in place (a Playwright worker's, with source maps); none, nothing to cache. */
export function cacheStackFrames(): void {
  const installed = Error.prepareStackTrace as Prepare | CachingFormatter | undefined;
  if (!installed || 'original' in installed) return;
  Error.prepareStackTrace = Object.assign(cachingStackFormatter(installed), { original: installed }) as CachingFormatter;
}
