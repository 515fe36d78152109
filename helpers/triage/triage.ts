import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { operations, title, type Operation } from '../../schemas/catalogue';
import type { CallRecord } from '../core/calls';
import { describeLifecycle } from '../core/lifecycle';
import { catalogueEntry, CAUSES, DEPENDENT_PURPOSES, type Cause } from '../checks/diagnose';
import { triageDir, type FailureRecord } from '../checks/cause-ledger';
import type { Gate } from '../checks/allure-evidence';

/**
 * A run's failures grouped by root cause: one entry per fix, with the operations it touches.
 * Built after the run from what the workers recorded (helpers/checks/cause-ledger.ts), the calls of
 * every worker (helpers/core/calls.ts) and the failed tests that broke no check (a timeout, an
 * expectation of a spec), so it holds for any catalogue and any target.
 */
export interface TriageCause {
  cause: Cause;
  operations: string[];
  failures: number;
  summary: string;
  fix: string;
}

export interface Triage {
  causes: TriageCause[];
  /** Auth, isolation and method cases on an operation whose route was missing or erred: not failures. */
  inconclusive: number;
  /** Cases recorded as inconclusive whose operation did answer after all: failures the run must report. */
  unmasked: number;
}

/** A failed test as the reporter saw it, for failures no check recorded. */
export interface FailedTest {
  testId: string;
  test: string;
  message: string;
  /** What the test marked (helpers/checks/failure-marks.ts causeOfResult). */
  cause: Cause;
  /** The catalogue id of the call that threw, when the failure came from one. */
  op?: string;
}

export function readFailureRecords(reportsDir: string): FailureRecord[] {
  const dir = triageDir(reportsDir);
  if (!existsSync(dir)) return [];
  // Shards merged in CI sit in sub-folders, one per shard.
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean))
    .map((line) => JSON.parse(line) as FailureRecord);
}

const byId = new Map<string, Operation>(operations.map((o) => [o.id, o]));

/** A failure that broke no check: a call or the test ran out of time, or a spec's own expectation. */
function fromTest(failed: FailedTest): FailureRecord {
  const { cause } = failed;
  const op = failed.op ? byId.get(failed.op) : undefined;
  const firstLine =
    failed.message
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? 'failed';
  const base = {
    testId: failed.testId,
    test: failed.test,
    op: op?.id ?? '',
    purpose: '',
    method: op?.method ?? '',
    status: 0,
    findings: [],
    outcome: 'failed' as const,
  };
  if (cause === 'rate_limited') {
    return {
      ...base,
      cause: 'rate_limited',
      subject: op?.id ?? 'test',
      headline: op ? `${title(op)} stayed throttled past the retry bounds` : 'a request stayed throttled past the retry bounds',
      fix: "the target's rate limit for this tenant: lower RATE_LIMIT, or raise THROTTLE_RETRIES / RETRY_AFTER_MAX_S",
      message: firstLine,
    };
  }
  if (cause === 'timeout') {
    return {
      ...base,
      cause: 'timeout',
      subject: op?.id ?? 'test',
      headline: op ? `${title(op)} did not answer in time` : 'a test ran out of time',
      fix: op
        ? `the target's response time for ${op.method} ${op.path}, or REQUEST_TIMEOUT_MS (${catalogueEntry(op)})`
        : "the target's response times, or the test timeout in playwright.config.ts",
      message: firstLine,
    };
  }
  return {
    ...base,
    cause: 'other',
    subject: `expectation ${firstLine}`,
    headline: firstLine.slice(0, 160),
    fix: `the spec's expectation in ${failed.test.split(' › ')[0]} or the target's behaviour`,
    message: firstLine,
  };
}

const CAUSE_ORDER = new Map(CAUSES.map((c, i) => [c, i]));

/**
 * The cause of an inconclusive case whose operation did answer other calls: what its checks found
 * (a refusal with the right status but another error body is an error_shape), except that a 404
 * is then no missing route but a refusal with another status, one cause for every operation.
 */
function answeredAfterAll(record: FailureRecord): Pick<FailureRecord, 'cause' | 'subject' | 'headline' | 'fix'> {
  const op = byId.get(record.op) as Operation;
  if (record.cause === 'server_error' || !record.answered) {
    return {
      cause: record.cause === 'server_error' ? 'server_error' : 'status_mismatch',
      subject: `${record.op} ${record.purpose} → ${record.status}`,
      headline: `${title(op)} answered ${record.status} to the ${record.purpose} check though it answers other calls`,
      fix: `the target's ${record.purpose} handling for ${op.method} ${op.path}`,
    };
  }
  if (record.answered.cause !== 'route_missing') return record.answered;
  return {
    cause: 'status_mismatch',
    subject: `${record.purpose} refusal → ${record.status}`,
    headline: `the ${record.purpose} check's refusals answered ${record.status} without the error body, though the operations answer other calls`,
    fix: `the target's ${record.purpose} handling (which status and body it refuses with)`,
  };
}

/**
 * Groups every failure by cause and subject. A 404 only proves a route missing when every call of
 * the operation with its own method answered 404; otherwise it is a wrong status. The auth,
 * isolation and method checks of a missing or erring operation are inconclusive, not failures.
 */
export function triage(records: readonly FailureRecord[], calls: readonly CallRecord[], failedTests: readonly FailedTest[]): Triage {
  const routeMissing = new Set<string>();
  for (const op of operations) {
    const own = calls.filter((c) => c.op === op.id && c.method === op.method && c.purpose !== 'cleanup');
    if (own.length && own.every((c) => c.status === 404)) routeMissing.add(op.id);
  }
  const erring = new Set(calls.filter((c) => c.status >= 500 && !DEPENDENT_PURPOSES.has(c.purpose)).map((c) => c.op));

  let inconclusive = 0;
  let unmasked = 0;
  const counted: FailureRecord[] = [];
  for (const record of records) {
    const dependent = DEPENDENT_PURPOSES.has(record.purpose);
    if (record.outcome === 'inconclusive') {
      const confirmed = record.cause === 'route_missing' ? routeMissing.has(record.op) : erring.has(record.op);
      if (confirmed) inconclusive++;
      else {
        unmasked++;
        counted.push({ ...record, outcome: 'failed', ...answeredAfterAll(record) });
      }
      continue;
    }
    if (record.cause === 'route_missing' && !routeMissing.has(record.op)) {
      const op = byId.get(record.op) as Operation;
      counted.push({
        ...record,
        cause: 'status_mismatch',
        subject: `${record.op} → 404`,
        headline: `${title(op)} answered 404 (without the error body) where other calls of it were answered`,
        fix: `the target: ${op.method} ${op.path} for the record the test created`,
      });
      continue;
    }
    // A missing route makes every other check of the operation say nothing about the API.
    if (dependent && (routeMissing.has(record.op) || (record.cause === 'server_error' && erring.has(record.op)))) {
      inconclusive++;
      continue;
    }
    counted.push(record);
  }
  const recorded = new Set(records.map((r) => r.testId));
  for (const failed of failedTests) if (!recorded.has(failed.testId)) counted.push(fromTest(failed));

  const groups = new Map<string, FailureRecord[]>();
  for (const record of counted) {
    const key = `${record.cause}\u0000${record.subject}`;
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  const causes = [...groups.values()].map((group): TriageCause => {
    const [first] = group;
    // One fix however many operations show it: a missing route names every operation whose calls all met one (also
    // those only auth, isolation or method cases reached), the transition table every transition the calls showed.
    const lifecycle = first.cause === 'lifecycle_differs' ? describeLifecycle(calls) : undefined;
    const met = first.cause === 'route_missing' ? [...routeMissing] : (lifecycle?.operations ?? []);
    const ops = [...new Set([...group.map((r) => r.op), ...met].filter(Boolean))].sort();
    const where = ops.length > 1 ? ` (${ops.length} operations)` : ops.length ? ` (${ops[0]})` : '';
    const fix =
      first.cause === 'route_missing' && ops.length > 1
        ? `schemas/catalogue.ts, the paths of these ${ops.length} operations on the target: \`npm run probe\` names the paths that answer`
        : first.fix;
    return { cause: first.cause, operations: ops, failures: group.length, summary: `${lifecycle?.summary ?? first.headline}${where}`, fix };
  });
  causes.sort((a, b) => (CAUSE_ORDER.get(a.cause) ?? 99) - (CAUSE_ORDER.get(b.cause) ?? 99) || b.failures - a.failures);
  return { causes, inconclusive, unmasked };
}

/** However broken the target, the triage stays one screen. */
const MAX_CAUSE_LINES = 25;

/** The console's last lines: one per cause. */
/**
 * The triage gate for the Allure report: a case recorded as inconclusive whose operation did answer
 * fails the run (its test did not fail on it, so only this gate says so). Root causes of failed tests are
 * figures here; their tests are the failures.
 */
export function triageGate({ causes, inconclusive, unmasked }: Triage): Gate {
  return {
    name: 'triage',
    verdict: unmasked ? 'failed' : 'passed',
    figures: `${causes.length} root cause(s), ${inconclusive} inconclusive, ${unmasked} unmasked`,
    details: unmasked
      ? `${unmasked} auth/isolation/method case(s) recorded as inconclusive, on operations that did answer: failures (reports/triage.json)`
      : undefined,
  };
}

export function triageLines(result: Triage, file: string): string[] {
  if (!result.causes.length && !result.inconclusive) return [];
  const lines = [`triage: ${result.causes.length} root cause(s) (${file})`];
  const width = Math.max(...result.causes.map((c) => c.cause.length), 0);
  for (const c of result.causes.slice(0, MAX_CAUSE_LINES)) {
    const ops = c.operations.length > 4 ? `${c.operations.slice(0, 4).join(', ')}, +${c.operations.length - 4}` : c.operations.join(', ');
    lines.push(`  ✗ ${c.cause.padEnd(width)}  ${c.failures} failure(s)${ops ? ` in ${ops}` : ''}: ${c.summary} → fix: ${c.fix}`);
  }
  if (result.causes.length > MAX_CAUSE_LINES) lines.push(`  … ${result.causes.length - MAX_CAUSE_LINES} more cause(s) in ${file}`);
  if (result.inconclusive) {
    lines.push(
      `  ? inconclusive: ${result.inconclusive} auth/isolation/method case(s) on operations whose route is missing or erring (not counted as failures)`,
    );
  }
  return lines;
}
