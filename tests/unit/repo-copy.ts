import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * A throwaway copy of the project (code and schemas; node_modules linked), so `--write` can be run
 * for real without ever touching this checkout's `schemas/`.
 */
const COPIED = ['schemas', 'calibrate', 'helpers', 'sandbox', 'scripts', 'fixtures', 'package.json', 'tsconfig.json', '.prettierrc.json'];

type Ran = { status: number | null; stdout: string; stderr: string };

export interface RepoCopy {
  dir: string;
  run(script: string, args: string[], env?: NodeJS.ProcessEnv): Ran;
  /** The same, without blocking this process: for a test that serves the script something itself. */
  runAsync(script: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Ran>;
  remove(): void;
}

/** `also`: more of the project to copy, e.g. `tests` and `playwright.config.ts` to run the suite from the copy. */
export function copyRepo(also: string[] = []): RepoCopy {
  const dir = mkdtempSync(join(tmpdir(), 'los-calibrate-'));
  for (const entry of [...COPIED, ...also]) cpSync(resolve(entry), join(dir, entry), { recursive: true });
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
  const options = (env: NodeJS.ProcessEnv) => ({ cwd: dir, timeout: 120_000, env: { ...process.env, REPORTS_DIR: join(dir, 'reports'), ...env } });
  return {
    dir,
    run(script, args, env = {}) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { ...options(env), encoding: 'utf8' });
      return { status: run.status, stdout: run.stdout, stderr: run.stderr };
    },
    runAsync(script, args, env = {}) {
      return new Promise((done, fail) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { ...options(env), killSignal: 'SIGKILL' });
        let [stdout, stderr] = ['', ''];
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', fail);
        child.on('close', (status) => done({ status, stdout, stderr }));
      });
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
