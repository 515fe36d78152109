import { spawn } from 'node:child_process';

export interface ChildRun {
  /** Exit code; null when the process was killed (e.g. by the time limit). */
  code: number | null;
  /** stdout and stderr, interleaved as they arrived. */
  output: string;
  seconds: number;
}

export interface ChildOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Bounded: the child is killed after this long. */
  timeoutMs?: number;
}

/** Runs a command to its end and collects what it printed; never hangs past the time limit. */
export function runChild(command: string, args: string[], options: ChildOptions = {}): Promise<ChildRun> {
  const started = performance.now();
  const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, output, seconds: (performance.now() - started) / 1000 });
    }),
  );
}

/** `playwright test …` with this project's config, as the npm scripts run it. */
export const playwrightTest = (args: string[], options: ChildOptions = {}): Promise<ChildRun> =>
  runChild(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', ...args], options);
