import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * A throwaway copy of the project (code and schemas; node_modules linked), so `--write` can be run
 * for real without ever touching this checkout's `schemas/`.
 */
const COPIED = ['schemas', 'calibrate', 'helpers', 'sandbox', 'scripts', 'fixtures', 'package.json', 'tsconfig.json', '.prettierrc.json'];

export interface RepoCopy {
  dir: string;
  run(script: string, args: string[], env?: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string };
  remove(): void;
}

export function copyRepo(): RepoCopy {
  const dir = mkdtempSync(join(tmpdir(), 'los-calibrate-'));
  for (const entry of COPIED) cpSync(resolve(entry), join(dir, entry), { recursive: true });
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
  return {
    dir,
    run(script, args, env = {}) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, REPORTS_DIR: join(dir, 'reports'), ...env },
      });
      return { status: run.status, stdout: run.stdout, stderr: run.stderr };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
