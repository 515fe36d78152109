import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { LISTENING, PORT_IN_USE_EXIT } from '../sandbox/tenants';
import type { Config } from './core/config';
import { PreflightError } from './net/preflight';

/** How long the sandbox may take to answer, as Playwright's webServer allowed it. */
const READY_TIMEOUT_MS = 30_000;

interface Started {
  child: ChildProcess;
  /** Settles when the sandbox says it listens (true) or ends before that (false). */
  ready: Promise<boolean>;
  /** What it wrote to stderr before it answered: shown only if it never does. */
  early: string[];
}

/** Config and global setup load their modules apart; the one sandbox of the run is kept where both see it. */
const STARTED = Symbol.for('los-contract.sandbox');
const holder = globalThis as { [STARTED]?: Started };

/** A `playwright test` runner that will run tests: not a worker (which loads the config too), not a listing. */
export const startsTests = (argv = process.argv, env = process.env): boolean =>
  !env.TEST_WORKER_INDEX && argv.slice(2).includes('test') && !argv.includes('--list');

/**
 * Starts the bundled sandbox from playwright.config.ts, so that it loads while Playwright loads the
 * specs; Playwright's webServer would start it only after them, about a second later. Global setup
 * waits for it (`sandboxAnswers`). Its stdin is its lifeline (SANDBOX_LIFELINE, sandbox/main.ts): the
 * runner holds the other end, so the sandbox stops with the runner however the runner ends, a
 * crash or SIGKILL included, and nothing of it keeps the runner from ending.
 */
export function startSandbox(cfg: Pick<Config, 'sandboxPort'>): void {
  if (holder[STARTED]) return;
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/main.ts'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, SANDBOX_PORT: String(cfg.sandboxPort), SANDBOX_LIFELINE: 'stdin' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const early: string[] = [];
  let answering = false;
  const ready = new Promise<boolean>((resolve) => {
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      if (!answering && text.includes(LISTENING)) resolve((answering = true));
    });
    child.once('exit', () => resolve(false));
    child.once('error', (error) => {
      early.push(error.message);
      resolve(false);
    });
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    if (!answering) early.push(text);
    else process.stderr.write(text.replace(/^(?=.)/gm, '[sandbox] '));
  });
  child.unref();
  for (const pipe of [child.stdin, child.stdout, child.stderr]) (pipe as Socket | null)?.unref();
  holder[STARTED] = { child, ready, early };
}

/**
 * Waits until the sandbox this run started answers (global setup). Where its port is taken, a local
 * run (not CI) uses what answers there, as Playwright's `reuseExistingServer` did; otherwise the run
 * stops with what the sandbox said.
 */
export async function sandboxAnswers(cfg: Pick<Config, 'baseUrl' | 'sandboxPort'>, ci = !!process.env.CI): Promise<void> {
  // Started here when the config did not start it: a runner that runs global setup again (UI or watch mode) after stopping it.
  startSandbox(cfg);
  const started = holder[STARTED] as Started;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(resolve, READY_TIMEOUT_MS, 'timeout')));
  const outcome = await Promise.race([started.ready, timedOut]).finally(() => clearTimeout(timer));
  if (outcome === true) return;
  if (outcome === 'timeout') {
    started.child.kill();
    throw new PreflightError(`the bundled sandbox did not answer on ${cfg.baseUrl} within ${READY_TIMEOUT_MS / 1000} s${said(started)}`);
  }
  if (started.child.exitCode === PORT_IN_USE_EXIT && !ci && (await answers(cfg.baseUrl))) return;
  throw new PreflightError(`the bundled sandbox could not start (exit code ${started.child.exitCode ?? started.child.signalCode})${said(started)}`);
}

/** How long the sandbox may take to close once told to, as Playwright's webServer allowed it. */
const STOP_TIMEOUT_MS = 2_000;

/**
 * Global teardown, after the leftovers scan (the last to use the sandbox): ends the sandbox and
 * waits for it, so that it is gone when the run is, and its CPU time is counted with the runner's
 * (`npm run bench` reads what the runner's children used).
 */
export default async function stopSandbox(): Promise<void> {
  const started = holder[STARTED];
  delete holder[STARTED];
  if (!started || started.child.exitCode !== null || started.child.signalCode !== null) return;
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  started.child.stdin?.end();
  const timer = setTimeout(() => started.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited.finally(() => clearTimeout(timer));
}

const said = ({ early }: Started): string => (early.length ? `: ${early.join('').trim()}` : '');

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/`, { signal: AbortSignal.timeout(5_000) })).ok;
  } catch {
    return false;
  }
}
