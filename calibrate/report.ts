import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { redact, redactJson } from '../helpers/core/redact';
import { toDifference, type Finding } from './difference';

/** `reports/calibration.json`: `{ source, differences: [{ operation, kind, catalogue, upstream, summary }] }`. */
export function writeCalibration(file: string, source: string, findings: Finding[]): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${redactJson({ source, differences: findings.map(toDifference) }, 2)}\n`);
}

/** One table per catalogue group: kind, operation, what differs. */
export function calibrationTable(findings: Finding[]): string {
  if (!findings.length) return 'no differences: the catalogue agrees with the source';
  const groups = new Map<string, Finding[]>();
  for (const f of findings) groups.set(f.group, [...(groups.get(f.group) ?? []), f]);
  const kindWidth = Math.max(...findings.map((f) => f.kind.length));
  const opWidth = Math.max(...findings.map((f) => (f.operation ?? '-').length));
  const lines: string[] = [];
  for (const [group, list] of groups) {
    lines.push(`${group} (${list.length})`);
    for (const f of list) lines.push(`  ${f.kind.padEnd(kindWidth)}  ${(f.operation ?? '-').padEnd(opWidth)}  ${f.summary}`);
  }
  const kinds = new Map<string, number>();
  for (const f of findings) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
  lines.push(`${findings.length} difference(s): ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  return redact(lines.join('\n'));
}
