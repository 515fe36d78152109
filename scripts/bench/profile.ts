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
  /** CPU time each kind of process used, all processes of the kind together. */
  cpu_ms: Record<Role, number>;
  /** The CPU of the test processes (runner and workers) per request, by part; the sandbox's as one figure. */
  per_request_ms: Record<Part, number> & { sandbox: number; total: number };
}

const roleOf = (argv: string[]): Role => {
  const script = argv[0] ?? '';
  if (script.includes('workerProcessEntry')) return 'workers';
  if (script.includes('sandbox/main')) return 'sandbox';
  if (script.endsWith('/playwright') || script.includes('playwright/cli') || argv.includes('test')) return 'runner';
  return 'other';
};

const STACK_TRACES = new Set(['captureRawStack', 'prepareStackTrace', 'prepareStackTraceCallback', 'captureLibraryStackTrace']);

/** The part one sample belongs to, from its leaf frame up: a stack capture anywhere in it wins, then the first frame with a script. */
function partOf(stack: CallFrame[]): Part | undefined {
  const leaf = stack[0];
  if (leaf.functionName === '(idle)') return undefined;
  if (leaf.functionName === '(garbage collector)') return 'garbage collection';
  if (stack.some((f) => STACK_TRACES.has(f.functionName))) return 'steps and stack traces';
  if (stack.some((f) => /helpers\/reporters\/|node_modules\/allure-|playwright\/lib\/reporters\//.test(f.url))) return 'reporters';
  const frame = stack.find((f) => f.url) ?? leaf;
  const url = frame.url;
  if (/node_modules\/(tsx|esbuild)|node:internal\/modules|playwright\/lib\/transform/.test(url)) return 'module loading';
  if (/node_modules\/ajv|\/schemas\/|helpers\/checks\//.test(url)) return 'validation and checks';
  if (/helpers\/core\/|helpers\/net\/|helpers\/factory/.test(url)) return 'evidence and redaction';
  if (/node_modules\/@faker-js|\/fixtures\//.test(url)) return 'test data';
  if (/playwright-core\/|node:_http|node:net|node:dns|node:internal\/(deps\/undici|http|net|stream_base)/.test(url)) return 'request API';
  if (/node_modules\/playwright\/|node:internal\/child_process|node:child_process/.test(url)) return 'test runner and IPC';
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

const round = (n: number): number => Math.round(n * 1000) / 1000;

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
  const perRequest = Object.fromEntries(PARTS.map((p) => [p, round((parts.get(p) as number) / requests)])) as Record<Part, number>;
  const all = cpu.workers + cpu.runner + cpu.sandbox + cpu.other;
  return {
    requests,
    cpu_ms: { workers: Math.round(cpu.workers), runner: Math.round(cpu.runner), sandbox: Math.round(cpu.sandbox), other: Math.round(cpu.other) },
    per_request_ms: { ...perRequest, sandbox: round(cpu.sandbox / requests), total: round(all / requests) },
  };
}
