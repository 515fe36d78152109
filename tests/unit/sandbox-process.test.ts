import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { runChild } from '../../scripts/child';
import { startsTests } from '../../helpers/sandbox-process';

/**
 * The sandbox a run starts from its config (helpers/sandbox-process.ts): it answers before the tests,
 * ends with the runner however the runner ends, and a taken port stops the run with one line (in
 * CI) or is used as it is (locally). Each case starts it from a process of its own, as the runner does.
 */
const starter = (port: number, then: string): string[] => [
  '--import',
  'tsx',
  '-e',
  `const { startSandbox, sandboxAnswers } = await import('./helpers/sandbox-process.ts');
   const cfg = { sandboxPort: ${port}, baseUrl: 'http://127.0.0.1:${port}' };
   startSandbox(cfg);
   try { await sandboxAnswers(cfg); } catch (error) { console.log('refused:', error.message); process.exit(1); }
   const sandbox = globalThis[Symbol.for('los-contract.sandbox')].child.pid;
   const status = (await fetch(cfg.baseUrl + '/')).status;
   console.log('sandbox', sandbox, 'answered', status);
   ${then}`,
];

async function listening(status: number): Promise<Server> {
  const server = createServer((_request, response) => response.writeHead(status).end('{}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const portOf = (server: Server): number => (server.address() as AddressInfo).port;

async function freePort(): Promise<number> {
  const server = await listening(200);
  const port = portOf(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

void describe('the sandbox a run starts', () => {
  void it('answers once global setup has waited for it, and stops when the runner is killed', async () => {
    const run = await runChild(process.execPath, starter(await freePort(), "process.kill(process.pid, 'SIGKILL');"), { timeoutMs: 60_000 });
    const [, pid, status] = /sandbox (\d+) answered (\d+)/.exec(run.output) ?? [];
    assert.equal(status, '200', run.output);
    for (let i = 0; i < 50 && alive(Number(pid)); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const outlived = alive(Number(pid));
    if (outlived) process.kill(Number(pid));
    assert.equal(outlived, false, `the sandbox (pid ${pid}) outlived the killed runner`);
  });

  void it('is gone once the global teardown has stopped it, and a second run in the same runner (UI or watch mode) starts it again', async () => {
    const then = `await (await import('./helpers/sandbox-process.ts')).default();
      let gone = false; try { process.kill(sandbox, 0); } catch { gone = true; }
      console.log('gone after teardown:', gone);
      await sandboxAnswers(cfg);
      console.log('a second run answered', (await fetch(cfg.baseUrl + '/')).status);
      await (await import('./helpers/sandbox-process.ts')).default();`;
    const run = await runChild(process.execPath, starter(await freePort(), then), { timeoutMs: 60_000 });
    assert.match(run.output, /answered 200[\s\S]*gone after teardown: true[\s\S]*a second run answered 200/, run.output);
    assert.equal(run.code, 0, run.output);
  });

  void it('on a taken port, stops a CI run with what to do, and a local run uses what answers there', async () => {
    const taken = await listening(200);
    const notASandbox = await listening(404);
    try {
      const env = { ...process.env, CI: '1' };
      const ci = await runChild(process.execPath, starter(portOf(taken), ''), { env, timeoutMs: 60_000 });
      assert.match(ci.output, new RegExp(`refused: the bundled sandbox could not start .*SANDBOX_PORT ${portOf(taken)} is in use`), ci.output);
      const local = { ...process.env, CI: '' };
      assert.match((await runChild(process.execPath, starter(portOf(taken), ''), { env: local, timeoutMs: 60_000 })).output, /answered 200/);
      const refused = await runChild(process.execPath, starter(portOf(notASandbox), ''), { env: local, timeoutMs: 60_000 });
      assert.match(refused.output, /refused: the bundled sandbox could not start/, refused.output);
    } finally {
      taken.close();
      notASandbox.close();
    }
  });

  void it('is started only by a runner that runs tests: not by a worker, a listing or another command', () => {
    const cli = ['node', 'node_modules/.bin/playwright'];
    assert.equal(startsTests([...cli, 'test'], {}), true);
    assert.equal(startsTests([...cli, 'test', '--shard=1/2'], {}), true);
    assert.equal(startsTests([...cli, 'test', '--list'], {}), false);
    assert.equal(startsTests([...cli, 'test'], { TEST_WORKER_INDEX: '0' }), false);
    assert.equal(startsTests([...cli, 'merge-reports', 'blob-report'], {}), false);
  });
});
