import { operations, responseSchema, schemaRef, title, type Operation } from '../schemas/catalogue';
import { matchOperation } from '../schemas/paths';
import { validator } from '../schemas/registry';
import type { Exchange } from '../helpers/core/exchange';
import {
  content_type_conformance,
  describeSchemaErrors,
  response_schema_conformance,
  show,
  status_code_conformance,
  timestamps_conformance,
  type Check,
} from '../helpers/checks/checks';
import { CheckFailure } from '../helpers/checks/violations';
import { toCurl, type RecordedRequest } from '../helpers/core/curl';
import { readHar, registerCredentials, UnreadableHar, type HarEntry, type HarHeader } from '../helpers/net/har';
import { redact, redactHeaders } from '../helpers/core/redact';

/**
 * `npm run check-har -- file.har`: holds a partner's recorded traffic (HAR 1.2) against the
 * catalogue with the suite's own checks. Exit code 0 = conforming, 1 = violations, 2 = unreadable.
 * Entries to paths the catalogue does not know are counted and otherwise ignored.
 */

/** The response checks the suite runs on every exchange that can be judged from a recording alone. */
const RESPONSE_CHECKS: readonly Check[] = [status_code_conformance, content_type_conformance, response_schema_conformance, timestamps_conformance];
const headerMap = (headers: HarHeader[] = []): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const { name, value } of headers) {
    const key = name.toLowerCase();
    out[key] = key in out ? `${out[key]}, ${value}` : value;
  }
  return out;
};

const schemaFailure = (check: string, ref: string, data: unknown, prefix = ''): CheckFailure | undefined => {
  const validate = validator(ref);
  if (validate(data)) return undefined;
  return new CheckFailure(
    check,
    describeSchemaErrors(validate.errors ?? [], data).map((p) => ({ ...p, path: `${prefix}${p.path}` })),
  );
};

interface Verdict {
  failures: CheckFailure[];
  notes: string[];
}

function checkRequest(op: Operation, params: Record<string, string>, entry: HarEntry): Verdict {
  const failures: CheckFailure[] = [];
  const notes: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    const failure = schemaFailure('path_parameter_conformance', schemaRef('common', 'uuid'), value, `path/${name}`);
    if (failure) failures.push(failure);
  }
  if (!op.request) return { failures, notes };
  const { mimeType = '', text } = entry.request.postData ?? {};
  if (mimeType && !mimeType.toLowerCase().startsWith(op.request.contentType)) {
    failures.push(new CheckFailure('request_content_type_conformance', [{ path: 'headers/content-type', expected: op.request.contentType, actual: mimeType }]));
    return { failures, notes };
  }
  if (op.request.contentType === 'multipart/form-data') {
    notes.push('request body not validated (multipart/form-data)');
    return { failures, notes };
  }
  let body: unknown = {};
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      failures.push(new CheckFailure('request_schema_conformance', [{ path: '(body)', expected: 'a JSON body', actual: show(text.slice(0, 200)) }]));
      return { failures, notes };
    }
  }
  const failure = schemaFailure('request_schema_conformance', op.request.schema, body);
  if (failure) failures.push(failure);
  return { failures, notes };
}

/** The recording as the suite's checks see a live exchange; `recorded` is false when the HAR left the body out. */
function toExchange(op: Operation, entry: HarEntry): { exchange: Exchange; recorded: boolean } {
  const { request, response } = entry;
  const content = response.content ?? {};
  const raw = content.text ?? '';
  const text = content.encoding === 'base64' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  const headers = headerMap(response.headers);
  headers['content-type'] ??= content.mimeType ?? '';
  let json: unknown;
  if (/json/i.test(headers['content-type']) && text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  const sent: RecordedRequest = { method: request.method, url: request.url, headers: redactHeaders(headerMap(request.headers)), body: request.postData?.text };
  return {
    exchange: {
      op,
      purpose: 'har',
      request: sent,
      status: response.status,
      schema: responseSchema(op, response.status),
      headers,
      text,
      json,
      ms: entry.time ?? 0,
      curl: redact(toCurl(sent)),
    },
    recorded: content.text !== undefined,
  };
}

function checkResponse(op: Operation, entry: HarEntry): Verdict {
  if (entry.response.status === 0) return { failures: [], notes: ['no response recorded (status 0)'] };
  const { exchange, recorded } = toExchange(op, entry);
  // An undocumented success status (200 for a 201) is one violation; the body is still held to the
  // success schema, so the partner also learns which fields are wrong rather than nothing.
  const undocumentedSuccess = exchange.status >= 200 && exchange.status < 300 && !(exchange.status in op.responses);
  const bodyView: Exchange = undocumentedSuccess ? { ...exchange, status: op.success, schema: responseSchema(op, op.success) } : exchange;
  const failures: CheckFailure[] = [];
  for (const check of recorded ? RESPONSE_CHECKS : [status_code_conformance]) {
    const problems = check.problems(check === status_code_conformance ? exchange : bodyView, {});
    if (problems.length) failures.push(new CheckFailure(check.name, problems));
  }
  return { failures, notes: recorded ? [] : ['response body not recorded: only its status was checked'] };
}

function main(args: string[]): number {
  const file = args[0];
  if (!file || args.length > 1) throw new UnreadableHar('usage: npm run check-har -- <file.har>');
  const entries = readHar(file);
  registerCredentials(entries);
  const out: string[] = [];
  let matched = 0;
  let violations = 0;
  let failingEntries = 0;
  let unvalidated = 0;
  entries.forEach((entry, i) => {
    const url = new URL(entry.request.url);
    // The operation the request was meant for: a literal segment (`bulk-approve/`) wins over a parameter (`{approval_id}/`).
    const found = matchOperation(operations, entry.request.method, url.pathname);
    if (!found) return;
    matched++;
    const { operation: op, params } = found;
    const request = checkRequest(op, params, entry);
    const response = checkResponse(op, entry);
    const failures = [...request.failures, ...response.failures];
    const notes = [...request.notes, ...response.notes];
    unvalidated += request.notes.length;
    if (!failures.length && !notes.length) return;
    out.push(`entries[${i}] ${title(op)} (${op.id}): ${entry.request.method.toUpperCase()} ${url.pathname} → ${entry.response.status}`);
    for (const f of failures) {
      violations += f.problems.length;
      for (const p of f.problems) out.push(`  ✗ ${f.check} at ${p.path || '(root)'}: expected ${p.expected}, actual ${p.actual}`);
    }
    for (const note of notes) out.push(`  - ${note}`);
    if (failures.length) failingEntries++;
  });
  out.push(
    `check-har: ${entries.length} entries, ${matched} matched catalogue operations, ${entries.length - matched} ignored (not in the catalogue), ` +
      `request bodies not validated: ${unvalidated}; ${violations ? `${violations} violation(s) in ${failingEntries} entr${failingEntries === 1 ? 'y' : 'ies'}` : 'no violations'}`,
  );
  console.log(redact(out.join('\n')));
  return violations ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UnreadableHar)) throw error;
  console.error(`check-har: ${redact(error.message)}`);
  process.exitCode = 2;
}
