import { schemaRef } from '../../schemas/catalogue';
import { schemaAt, validator } from '../../schemas/registry';
import { collectTimestamps, TIMESTAMP_UNITS, type FoundTimestamp, type TimestampSpec, type TimestampUnit } from '../../schemas/timestamps';
import type { Exchange } from '../core/exchange';
import { config } from '../core/config';

/**
 * What timestamps_conformance judges, from the schema alone: every value the answer's schema
 * declares a timestamp (common.json#/$defs/timestamp, `x-timestamp`) must read, in the declared
 * unit, as a moment between the declared earliest and the answer's arrival plus the allowed clock
 * skew; within a record the declared order holds; and a record's version stamp (the order's last
 * field) never goes back from one answer to a later one. The values may have any resolution.
 */
export interface TimestampProblem {
  path: string;
  expected: string;
  actual: string;
}

const UNITS = Object.keys(TIMESTAMP_UNITS) as TimestampUnit[];

const moment = (seconds: number): string => {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? 'beyond year 275760' : date.toISOString();
};

function plausibility(found: FoundTimestamp, arrivedMs: number, skewSeconds: number): TimestampProblem | undefined {
  const from = Date.parse(found.spec.earliest) / 1000;
  const until = arrivedMs / 1000 + skewSeconds;
  const within = (unit: TimestampUnit): boolean => {
    const seconds = found.value / TIMESTAMP_UNITS[unit];
    return seconds >= from && seconds <= until;
  };
  if (within(found.spec.unit)) return undefined;
  const seconds = found.value / TIMESTAMP_UNITS[found.spec.unit];
  const likely = UNITS.find((unit) => unit !== found.spec.unit && within(unit));
  return {
    path: found.path,
    expected: `epoch ${found.spec.unit} between ${found.spec.earliest} and ${moment(until)} (the answer's arrival + ${skewSeconds} s clock skew)`,
    actual: `${found.value} (${moment(seconds)}, ${seconds > until ? 'in the future' : 'too far in the past'})${likely ? `: looks like epoch ${likely}` : ''}`,
  };
}

/** Within one record, the declared order (created_at ≤ updated_at) holds. */
function orderProblems(fields: ReadonlyMap<string | number, FoundTimestamp>): TimestampProblem[] {
  const order = [...fields.values()][0].spec.order;
  const present = order.map((name) => fields.get(name)).filter((found): found is FoundTimestamp => found !== undefined);
  return present.slice(1).flatMap((later, i) => {
    const earlier = present[i];
    return later.value >= earlier.value ? [] : [{ path: later.path, expected: `>= ${String(earlier.field)} (${earlier.value})`, actual: String(later.value) }];
  });
}

interface Observation {
  stamp: number;
  seconds: number;
  receivedAt: number;
}

/** The latest version stamp this worker saw of each record (by id), with the time its answer arrived. */
const observed = new Map<string, Observation>();

/**
 * A record's version stamp never goes back across answers that came one after the other (the
 * earlier answer arrived before the later request left; parallel requests are not ordered).
 * Where the request changed the record (`changedIds`), it must advance strictly, but only where
 * that can be told: the values have sub-second resolution and the calls are at least a second
 * apart. A target that stores whole seconds, or two changes within one second, may repeat a stamp.
 */
function versionProblems(exchange: Exchange, stamp: FoundTimestamp, changedIds: readonly string[]): TimestampProblem[] {
  const id = (stamp.record as { id?: unknown }).id;
  if (typeof id !== 'string' || exchange.receivedAt === undefined) return [];
  const seconds = stamp.value / TIMESTAMP_UNITS[stamp.spec.unit];
  const now: Observation = { stamp: stamp.value, seconds, receivedAt: exchange.receivedAt };
  const sentAt = exchange.receivedAt - exchange.ms;
  const before = observed.get(id);
  if (!before || before.receivedAt <= now.receivedAt) observed.set(id, now);
  if (!before || before.receivedAt > sentAt) return [];
  const name = String(stamp.field);
  if (stamp.value < before.stamp) {
    return [
      { path: stamp.path, expected: `>= ${before.stamp} (${name} in an earlier answer about this record; it never goes back)`, actual: String(stamp.value) },
    ];
  }
  const subSecond = !Number.isInteger(seconds) || !Number.isInteger(before.seconds);
  const apartMs = sentAt - before.receivedAt;
  if (changedIds.includes(id) && subSecond && apartMs >= 1000 && stamp.value === before.stamp) {
    return [
      {
        path: stamp.path,
        expected: `> ${before.stamp} (the request changed the record ${(apartMs / 1000).toFixed(1)} s after that answer, and ${name} has sub-second resolution)`,
        actual: `${stamp.value} (unchanged)`,
      },
    ];
  }
  return [];
}

/** The problems of an answer whose body the schema at `ref` describes. */
export function timestampProblems(exchange: Exchange, ref: string, changedIds: readonly string[] = []): TimestampProblem[] {
  const skew = config().clockSkewSeconds;
  const arrived = exchange.receivedAt ?? Date.now();
  const found = [...new Map(collectTimestamps(validator(ref), exchange.json).map((f) => [f.path, f])).values()];
  const problems = found.map((f) => plausibility(f, arrived, skew)).filter((p): p is TimestampProblem => p !== undefined);
  const records = new Map<unknown, Map<string | number, FoundTimestamp>>();
  for (const f of found) {
    if (!f.spec.order.includes(String(f.field))) continue;
    const fields = records.get(f.record) ?? new Map<string | number, FoundTimestamp>();
    records.set(f.record, fields.set(f.field, f));
  }
  for (const fields of records.values()) {
    problems.push(...orderProblems(fields));
    const order = [...fields.values()][0].spec.order;
    const stamp = fields.get(order[order.length - 1]);
    if (stamp) problems.push(...versionProblems(exchange, stamp, changedIds));
  }
  return problems;
}

/**
 * Whether a timestamp the target stored is the one the client sent, to the target's resolution:
 * a target that keeps whole seconds answers 1796251746 for 1796251746.199, and that is no break.
 */
export function sameMoment(actual: unknown, sent: number): boolean {
  const { unit } = schemaAt(schemaRef('common', 'timestamp'))['x-timestamp'] as TimestampSpec;
  return typeof actual === 'number' && Math.abs(actual - sent) < TIMESTAMP_UNITS[unit];
}
