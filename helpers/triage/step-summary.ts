import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { redact, registerSecret } from '../core/redact';
import type { OperationLatency } from './coverage';
import type { Triage } from './triage';

/**
 * The run's verdict on the GitHub job page: when GITHUB_STEP_SUMMARY names a file (GitHub Actions
 * sets it in every step), a short Markdown summary is appended to it: verdict and why, root causes,
 * coverage, gates, what changed, and the name of the artifact holding the full report. Written by
 * the triage reporter after a run, and by `npm run triage` for the merged shards.
 */

/** The report job's artifact (.github/workflows/conformance.yml); REPORT_ARTIFACT when a workflow names it otherwise. */
export const DEFAULT_REPORT_ARTIFACT = 'los-conformance-report';
/** Causes listed one per line; the rest are in reports/triage.json. */
const MAX_CAUSES = 10;

export interface RunSummary {
  /** What was run: `LOS conformance`, a shard, the merged shards. */
  title: string;
  passed: boolean;
  /** Why the run failed (empty when it passed). */
  reasons: string[];
  triage: Triage;
  /** The comparison with the last green run against the target (compareWithLastGreen), first line first. */
  changes: string[];
  /** `held`, `FAILED`, or why it was not applied, per gate, the way the run applied them. */
  gates: Array<[gate: string, state: string]>;
}

interface CoverageFile {
  requests: number;
  losOperations: number;
  exercised: number;
  missing: string[];
}

const readJson = <T>(file: string): T | undefined => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined);

/** The gates as the run's coverage.json and latency.json tell them, once a gate was applied. */
export function gateStates(reportsDir: string, applied: boolean): { gates: RunSummary['gates']; reasons: string[] } {
  const coverage = readJson<CoverageFile>(join(reportsDir, 'coverage.json'));
  const latency = readJson<{ operations: OperationLatency[] }>(join(reportsDir, 'latency.json'));
  if (!coverage || !latency) return { gates: [['coverage gate', 'no coverage report']], reasons: [] };
  const over = latency.operations.filter((t) => t.overBudget);
  if (!applied) return { gates: [['coverage gate, latency budget', 'not applied to this run (a shard, or COVERAGE_GATE=off)']], reasons: [] };
  const reasons = [
    ...(coverage.missing.length ? [`coverage gate: ${coverage.missing.length} operation(s) not exercised`] : []),
    ...(over.length ? [`latency budget: ${over.length} operation(s) over their p95 budget`] : []),
  ];
  return {
    gates: [
      ['coverage gate', coverage.missing.length ? `FAILED: not exercised: ${coverage.missing.join(', ')}` : 'held'],
      ['latency budget', over.length ? `FAILED: ${over.map((t) => `${t.operation} p95 ${t.p95} ms > ${t.budgetMs} ms`).join('; ')}` : 'held'],
    ],
    reasons,
  };
}

export function stepSummary(reportsDir: string, run: RunSummary, artifact: string): string {
  const coverage = readJson<CoverageFile>(join(reportsDir, 'coverage.json'));
  const { causes, inconclusive } = run.triage;
  const lines = [
    `## ${run.title}: ${run.passed ? 'passed' : 'failed'}`,
    '',
    run.passed ? 'Every test passed and every gate held.' : `Failed: ${run.reasons.join('; ') || 'see the console of the run'}.`,
    '',
    `**Root causes:** ${causes.length || 'none'}`,
    ...causes
      .slice(0, MAX_CAUSES)
      .map((c) => `- \`${c.cause}\`: ${c.failures} failure(s)${c.operations.length ? ` in ${c.operations.join(', ')}` : ''}: ${c.summary} → fix: ${c.fix}`),
    ...(causes.length > MAX_CAUSES ? [`- … ${causes.length - MAX_CAUSES} more in reports/triage.json`] : []),
    ...(inconclusive ? [`- ${inconclusive} inconclusive auth/isolation/method case(s) (not failures)`] : []),
    '',
    coverage
      ? `**Coverage:** ${coverage.exercised}/${coverage.losOperations} operations exercised, ${coverage.requests} requests`
      : '**Coverage:** no calls recorded',
    '',
    '**Gates:**',
    ...run.gates.map(([gate, state]) => `- ${gate}: ${state}`),
    '',
    ...(run.changes.length ? [`**Changes:** ${run.changes[0].replace(/^changes:? ?/, '')}`, ...run.changes.slice(1).map((l) => `- ${l.trim()}`), ''] : []),
    `Full report: the \`${artifact}\` artifact of this workflow run.`,
    '',
  ];
  return lines.join('\n');
}

/** Appends the summary when GITHUB_STEP_SUMMARY is set; the run's tokens never reach it. */
export function appendStepSummary(reportsDir: string, run: RunSummary, env: NodeJS.ProcessEnv = process.env): void {
  if (!env.GITHUB_STEP_SUMMARY) return;
  registerSecret(env.API_TOKEN);
  registerSecret(env.ISOLATION_TOKEN);
  appendFileSync(env.GITHUB_STEP_SUMMARY, redact(stepSummary(reportsDir, run, env.REPORT_ARTIFACT || DEFAULT_REPORT_ARTIFACT)));
}
