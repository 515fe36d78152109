/**
 * After a run, no artifact may carry a bearer token or a known PII value: Allure results, the
 * JUnit file, the HTML report (its data is a base64 zip inside index.html), traces and blob
 * reports (zips), test results and logs, and what the run printed (<reports>/console.log, the
 * copy helpers/reporters/redact-reporter.ts keeps of the runner's console). Fails listing each file and the
 * kind of value found, and never prints the value itself.
 *
 * Known values: API_TOKEN and ISOLATION_TOKEN (as configured, the sandbox's defaults included) and
 * the mobile numbers of the leads the recent runs created (the run ledgers under <reports>/.run/,
 * which are not scanned themselves). Each is looked for as written, JSON-escaped and URL-encoded.
 *
 * Scanning the default folders after a run (`npm run conformance` runs it after Playwright), it adds
 * its verdict to the run's Allure results as a gate (helpers/checks/allure-evidence.ts writeGate),
 * so that `npm run report` shows it next to the others.
 *
 *   tsx scripts/scan-secrets.ts [file-or-folder ...]   (default: the project's artifact folders)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { allureResultsDir, writeGate, type Gate } from '../helpers/checks/allure-evidence';
import { config, reportsDir } from '../helpers/core/config';
import { ledgerDir, type LedgerEntry } from '../helpers/factory';

export interface Secret {
  kind: string;
  value: string;
}

export interface Finding {
  file: string;
  kind: string;
}

/** Secrets shorter than this would match by accident. */
const MIN_LENGTH = 6;
const MAX_ZIP_DEPTH = 3;

export function defaultRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  const reports = reportsDir(env);
  const candidates = [env.ALLURE_RESULTS_DIR || 'allure-results', reports, 'allure-report', 'playwright-report', 'test-results', 'blob-report', 'logs'];
  const logs = readdirSync('.').filter((f) => f.endsWith('.log'));
  return [...new Set([...candidates, ...logs])].filter((p) => existsSync(p));
}

/** Ledgers of older runs only matter while their artifacts are still around; these many are kept in view. */
const RECENT_LEDGERS = 20;

/** The tokens of the configuration and the PII the recent run ledgers in the reports folder recorded. */
export function knownSecrets(tokens: Array<[string, string | undefined]>, reportsDir: string): Secret[] {
  const secrets: Secret[] = tokens.flatMap(([kind, value]) => (value ? [{ kind, value }] : []));
  const dir = ledgerDir(reportsDir);
  if (existsSync(dir)) {
    const ledgers = readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => ({ f, at: statSync(join(dir, f)).mtimeMs }))
      .sort((a, b) => b.at - a.at)
      .slice(0, RECENT_LEDGERS)
      .map(({ f }) => f);
    for (const file of ledgers) {
      for (const line of readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as LedgerEntry;
        if (entry.kind === 'pii') secrets.push({ kind: `PII (${entry.field})`, value: entry.value });
      }
    }
  }
  const seen = new Set<string>();
  return secrets.filter((s) => s.value.length >= MIN_LENGTH && !seen.has(s.value) && seen.add(s.value));
}

/**
 * One pattern for all secrets, in every form one can take in a file (as written, JSON-escaped,
 * URL-encoded), matched over the file's bytes read as latin1 so any encoding of the file works.
 */
const compiled = new WeakMap<Secret[], { pattern: RegExp; kindOf: Map<string, string> }>();
function matcher(secrets: Secret[]): { pattern: RegExp; kindOf: Map<string, string> } {
  let found = compiled.get(secrets);
  if (!found) {
    const kindOf = new Map<string, string>();
    for (const { kind, value } of secrets) {
      for (const form of new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)])) {
        kindOf.set(Buffer.from(form, 'utf8').toString('latin1'), kind);
      }
    }
    const alternatives = [...kindOf.keys()].sort((a, b) => b.length - a.length).map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    found = { pattern: new RegExp(alternatives.length ? alternatives.join('|') : '(?!)', 'g'), kindOf };
    compiled.set(secrets, found);
  }
  return found;
}

/** Entries of a zip archive (stored or deflated; enough for Playwright's traces and reports). */
export function unzip(data: Buffer): Array<{ name: string; content: Buffer }> {
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65_535); i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('no zip end-of-central-directory record');
  const entries: Array<{ name: string; content: Buffer }> = [];
  const count = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  for (let n = 0; n < count; n++) {
    if (data.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = data.readUInt16LE(at + 10);
    const size = data.readUInt32LE(at + 20);
    const nameLength = data.readUInt16LE(at + 28);
    const skip = nameLength + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
    const local = data.readUInt32LE(at + 42);
    const name = data.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const raw = data.subarray(start, start + size);
    if (method === 0) entries.push({ name, content: raw });
    else if (method === 8) entries.push({ name, content: inflateRawSync(raw) });
    else throw new Error(`zip entry ${name} uses compression method ${method}`);
    at += 46 + skip;
  }
  return entries;
}

const isZip = (data: Buffer): boolean => data.length >= 4 && data.readUInt32LE(0) === 0x04034b50;
const EMBEDDED_ZIP = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/g;

/** Findings in one blob, looking inside zips and base64 zips embedded in text (the HTML report). */
export function scanContent(label: string, data: Buffer, secrets: Secret[], depth = 0): Finding[] {
  const { pattern, kindOf } = matcher(secrets);
  const kinds = new Set<string>();
  for (const match of data.toString('latin1').matchAll(pattern)) kinds.add(kindOf.get(match[0]) as string);
  const findings: Finding[] = [...kinds].map((kind) => ({ file: label, kind }));
  const nested: Array<[string, Buffer]> = [];
  if (isZip(data)) {
    try {
      for (const entry of unzip(data)) nested.push([`${label}!${entry.name}`, entry.content]);
    } catch (error) {
      findings.push({ file: label, kind: `unreadable zip (${(error as Error).message}): scan it by hand` });
    }
  } else if (data.includes('data:application/zip;base64,')) {
    let index = 0;
    for (const match of data.toString('latin1').matchAll(EMBEDDED_ZIP)) nested.push([`${label}!embedded-zip-${index++}`, Buffer.from(match[1], 'base64')]);
  }
  if (depth < MAX_ZIP_DEPTH) for (const [name, content] of nested) findings.push(...scanContent(name, content, secrets, depth + 1));
  return findings;
}

function* files(root: string, skip: string): Generator<string> {
  if (resolve(root) === skip) return;
  if (statSync(root).isFile()) {
    yield root;
    return;
  }
  for (const entry of readdirSync(root)) yield* files(join(root, entry), skip);
}

export function scanArtifacts(roots: string[], secrets: Secret[], reportsDir: string): { findings: Finding[]; files: number } {
  const skip = resolve(ledgerDir(reportsDir));
  const findings: Finding[] = [];
  let count = 0;
  for (const root of roots) {
    for (const file of files(root, skip)) {
      count++;
      findings.push(...scanContent(file, readFileSync(file), secrets));
    }
  }
  return { findings, files: count };
}

/** The secret scan as a gate of the Allure report: the files it read and what it found, never the values. */
export function secretScanGate(findings: readonly Finding[], scanned: number, kinds: string): Gate {
  return {
    name: 'secret scan',
    verdict: findings.length ? 'failed' : 'passed',
    figures: `${findings.length} finding(s) in ${scanned} files (looked for ${kinds})`,
    details: findings.length ? findings.map((f) => `${f.file}: ${f.kind}`).join('\n') : undefined,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const cfg = config();
  const secrets = knownSecrets(
    [
      ['API_TOKEN', cfg.token],
      ['ISOLATION_TOKEN', cfg.isolationToken],
    ],
    cfg.reportsDir,
  );
  const roots = process.argv.length > 2 ? process.argv.slice(2) : defaultRoots();
  const { findings, files: scanned } = scanArtifacts(roots, secrets, cfg.reportsDir);
  const kinds = [...new Set(secrets.map((s) => s.kind))].map((k) => `${secrets.filter((s) => s.kind === k).length} ${k}`).join(', ');
  if (findings.length) {
    console.error(`secret scan: FAILED, ${findings.length} finding(s) in ${scanned} files (looked for ${kinds}); values not shown:`);
    for (const f of findings) console.error(`  - ${f.file}: ${f.kind}`);
    process.exitCode = 1;
  } else {
    console.log(`secret scan: clean, ${scanned} files in ${roots.join(', ') || '(none)'} (looked for ${kinds})`);
  }
  // Only a scan of the run's artifacts (the default folders) speaks for the run in its report.
  if (process.argv.length <= 2 && existsSync(allureResultsDir())) writeGate(allureResultsDir(), secretScanGate(findings, scanned, kinds));
}
