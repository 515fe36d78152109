import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a run's CPU goes, per request: the CPU profiles every process of a run wrote
 * (scripts/bench/cpu-profile-hook.mjs), each sample charged to one part of the work by its call
 * stack, and each part scaled to the CPU time its process really used (sampling adds overhead of
 * its own, so only the shares are taken from the samples).
 */
interface CallFrame {
  functionName: string;
  url: string;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  argv: string[];
  cpuMs: number;
}

export type Role = 'workers' | 'runner' | 'sandbox' | 'other';
export const PARTS = [
  'request API',
  'steps and stack traces',
  'test runner and IPC',
  'evidence and redaction',
  'validation and checks',
  'test data',
  'reporters',
  'module loading',
  'garbage collection',
  'other',
] as const;
export type Part = (typeof PARTS)[number];

export interface CpuProfileSummary {
  requests: number;
  /** CPU time each kind of process used under the profiler (which adds its own), all processes of a kind together. */
  profiled_cpu_ms: Record<Role, number>;
  /** Each part's share of the run's CPU, all processes together; the sandbox's as one part. */
  share: Record<Part | 'sandbox', number>;
}

const roleOf = (argv: string[]): Role => {
  const script = argv[0] ?? '';
  if (script.includes('workerProcessEntry')) return 'workers';
  if (script.includes('sandbox/main')) return 'sandbox';
  if (script.endsWith('/playwright') || script.includes('playwright/cli') || argv.includes('test')) return 'runner';
  return 'other';
};

const STACK_TRACES = new Set(['captureRawStack', 'prepareStackTrace', 'prepareStackTraceCallback', 'captureLibraryStackTrace']);

/** Which part a frame's script belongs to; node's own internals belong to whoever called them. */
const LOADING = /node_modules\/(tsx|esbuild)\/|node:internal\/modules\/|playwright\/lib\/transform\//;
const SCRIPT_PARTS: ReadonlyArray<[RegExp, Part]> = [
  [/node_modules\/ajv|\/schemas\/|\/helpers\/checks\//, 'validation and checks'],
  [/\/helpers\/(core|net)\/|\/helpers\/factory/, 'evidence and redaction'],
  [/node_modules\/@faker-js\/|\/fixtures\//, 'test data'],
  [/node_modules\/playwright-core\/|^node:(_http|net|dns|https|tls)/, 'request API'],
  [/node_modules\/playwright\/|^node:(internal\/)?child_process/, 'test runner and IPC'],
];

/**
 * The part one sample belongs to: a stack capture or a reporter anywhere in its stack wins; then
 * module loading when the sample is in the loader itself (every module's top level runs under it);
 * else the nearest frame, from the leaf up, whose script names a part.
 */
function partOf(stack: CallFrame[]): Part | undefined {
  const leaf = stack[0];
  if (leaf.functionName === '(idle)') return undefined;
  if (leaf.functionName === '(garbage collector)') return 'garbage collection';
  if (stack.some((f) => STACK_TRACES.has(f.functionName))) return 'steps and stack traces';
  // Playwright's own html and junit reporters are bundled with its runner: they count as the test runner.
  if (stack.some((f) => /\/helpers\/reporters\/|node_modules\/allure-/.test(f.url))) return 'reporters';
  if (LOADING.test(stack.find((f) => f.url)?.url ?? '')) return 'module loading';
  for (const frame of stack) for (const [script, part] of SCRIPT_PARTS) if (script.test(frame.url)) return part;
  return 'other';
}

/** Sampled time per part of one profile, in profile units (µs). */
function sampledParts(profile: Profile): Map<Part, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const perNode = new Map<number, number>();
  profile.samples.forEach((id, i) => perNode.set(id, (perNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const parts = new Map<Part, number>();
  for (const [id, time] of perNode) {
    const stack: CallFrame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push((byId.get(at) as ProfileNode).callFrame);
    const part = partOf(stack);
    if (part) parts.set(part, (parts.get(part) ?? 0) + time);
  }
  return parts;
}

/** `n` to `digits` decimals, as the bench reports its figures. */
export const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

export function summarizeProfiles(dir: string, requests: number): CpuProfileSummary {
  const cpu: Record<Role, number> = { workers: 0, runner: 0, sandbox: 0, other: 0 };
  const parts = new Map<Part, number>(PARTS.map((p) => [p, 0]));
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (!files.length) throw new Error(`no CPU profile was written to ${dir}: the run's processes did not load scripts/bench/cpu-profile-hook.mjs`);
  for (const file of files) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
    const role = roleOf(profile.argv);
    cpu[role] += profile.cpuMs;
    if (role !== 'workers' && role !== 'runner') continue;
    const sampled = sampledParts(profile);
    const total = [...sampled.values()].reduce((a, b) => a + b, 0);
    for (const [part, time] of sampled) parts.set(part, (parts.get(part) as number) + (profile.cpuMs * time) / total);
  }
  // The npm and shell processes around a run only wait: not part of the suite's work.
  const all = cpu.workers + cpu.runner + cpu.sandbox;
  return {
    requests,
    profiled_cpu_ms: { workers: Math.round(cpu.workers), runner: Math.round(cpu.runner), sandbox: Math.round(cpu.sandbox), other: Math.round(cpu.other) },
    share: {
      ...(Object.fromEntries(PARTS.map((p) => [p, round((parts.get(p) as number) / all, 3)])) as Record<Part, number>),
      sandbox: round(cpu.sandbox / all, 3),
    },
  };
}

/** The CPU per request of each part, given what the whole run used per request without the profiler. */
export const perRequestMs = (summary: CpuProfileSummary, cpuMsPerRequest: number): Record<Part | 'sandbox', number> =>
  Object.fromEntries(Object.entries(summary.share).map(([part, share]) => [part, round(share * cpuMsPerRequest, 2)])) as Record<Part | 'sandbox', number>;
