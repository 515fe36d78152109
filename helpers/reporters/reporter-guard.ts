import { redactError } from '../core/redact';

/**
 * A reporter never ends a run. Playwright catches what a reporter hook throws, but counts it as a
 * failed run; and a promise a hook leaves behind that rejects (allure-playwright queues one per
 * attachment and awaits it only at the test's end) kills the runner: no verdict, no triage, no
 * leftovers scan. So every hook of our reporters goes through guard(): an error is printed once
 * per reporter, redacted, in one line, and the run goes on to its verdict without it.
 */
const reported = new Set<string>();

function report(reporter: string, hook: string, error: unknown): undefined {
  if (reported.has(reporter)) return undefined;
  reported.add(reporter);
  const { name, message } = redactError(error);
  // On a line of its own: the console reporter may be in the middle of its row of dots.
  console.error(`\nreporter ${reporter} failed in ${hook}: ${name}: ${message.split('\n')[0]} (its later errors are not shown; the run goes on)`);
  return undefined;
}

/** Runs one hook of a reporter: what it throws, or the promise it returns rejects with, is reported instead. */
export function guard<T>(reporter: string, hook: string, run: () => T): T | undefined {
  try {
    const out = run();
    return out instanceof Promise ? (out.catch((error: unknown) => report(reporter, hook, error)) as T) : out;
  } catch (error) {
    return report(reporter, hook, error);
  }
}

const HOOKS = ['onConfigure', 'onBegin', 'onTestBegin', 'onStepBegin', 'onStepEnd', 'onTestEnd', 'onStdOut', 'onStdErr', 'onError', 'onEnd', 'onExit'] as const;

/** The reporter class with each of its hooks guarded; `export default guarded(MyReporter)`. */
// A mixin's constructor takes `any[]` (TypeScript requires it).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function guarded<C extends new (...args: any[]) => object>(Base: C): C {
  const name = Base.name;
  return class extends Base {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    constructor(...args: any[]) {
      super(...args);
      const hooks = this as unknown as Record<string, unknown>;
      for (const hook of HOOKS) {
        const method = hooks[hook];
        if (typeof method === 'function') hooks[hook] = (...a: unknown[]) => guard(name, hook, () => (method as (...x: unknown[]) => unknown).apply(this, a));
      }
    }
  };
}
