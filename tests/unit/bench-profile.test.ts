import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { perRequestMs, summarizeProfiles } from '../../scripts/bench/profile';

/** A CPU profile whose samples each sit at the end of one stack (root first), 1 ms per sample. */
function profile(argv: string[], cpuMs: number, stacks: Array<Array<[string, string]>>) {
  const nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; children: number[] }> = [
    { id: 1, callFrame: { functionName: '(root)', url: '' }, children: [] },
  ];
  const samples: number[] = [];
  for (const stack of stacks) {
    let parent = nodes[0];
    for (const [functionName, url] of stack) {
      const node = { id: nodes.length + 1, callFrame: { functionName, url }, children: [] };
      nodes.push(node);
      parent.children.push(node.id);
      parent = node;
    }
    samples.push(parent.id);
  }
  return { nodes, samples, timeDeltas: samples.map(() => 1000), argv, cpuMs };
}

const W = '/w/node_modules/playwright/lib/worker/workerProcessEntry.js';
void test("the profile charges each sample to its part by its stack, and shares the run's CPU out by those parts", () => {
  const dir = mkdtempSync(join(tmpdir(), 'los-profile-'));
  try {
    const worker = profile([W], 600, [
      [['(idle)', '']],
      [['(garbage collector)', '']],
      [
        ['send', 'file:///w/helpers/net/api.ts'],
        ['fetch', 'file:///w/node_modules/playwright-core/lib/coreBundle.js'],
        ['captureRawStack', 'file:///w/node_modules/playwright-core/lib/coreBundle.js'],
        ['prepareStackTrace', 'file:///w/node_modules/playwright-core/lib/utilsBundle.js'],
      ],
      [
        ['send', 'file:///w/helpers/net/api.ts'],
        ['fetch', 'file:///w/node_modules/playwright-core/lib/coreBundle.js'],
        ['randomFillSync', 'node:internal/crypto/random'],
      ],
      [
        ['verify', 'file:///w/helpers/checks/checks.ts'],
        ['validate', 'file:///w/node_modules/ajv/dist/core.js'],
      ],
      [
        ['run', 'node:internal/modules/esm/module_job'],
        ['(anonymous)', 'file:///w/helpers/core/redact.ts'],
      ],
      [['compile', 'node:internal/modules/cjs/loader']],
    ]);
    const runner = profile(['/w/node_modules/.bin/playwright', 'test'], 300, [
      [
        ['onStepEnd', 'file:///w/helpers/reporters/allure-reporter.ts'],
        ['writeFileSync', 'node:fs'],
      ],
      [['dispatch', 'file:///w/node_modules/playwright/lib/runner/index.js']],
      [['(program)', '']],
    ]);
    writeFileSync(join(dir, '1.cpuprofile'), JSON.stringify(worker));
    writeFileSync(join(dir, '2.cpuprofile'), JSON.stringify(runner));
    writeFileSync(join(dir, '3.cpuprofile'), JSON.stringify(profile(['/w/sandbox/main.ts'], 100, [[['handle', 'file:///w/sandbox/http.ts']]])));
    const summary = summarizeProfiles(dir, 10);
    assert.deepEqual(summary.profiled_cpu_ms, { workers: 600, runner: 300, sandbox: 100, other: 0 });
    // Worker: 6 busy samples of 100 ms each; runner: 3 of 100 ms; the sandbox 100 ms; 1000 ms in all.
    assert.deepEqual(summary.share, {
      'request API': 0.1,
      'steps and stack traces': 0.1,
      'test runner and IPC': 0.1,
      'evidence and redaction': 0.1,
      'validation and checks': 0.1,
      'test data': 0,
      reporters: 0.1,
      'module loading': 0.1,
      'garbage collection': 0.1,
      other: 0.1,
      sandbox: 0.1,
    });
    assert.equal(perRequestMs(summary, 12)['request API'], 1.2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
