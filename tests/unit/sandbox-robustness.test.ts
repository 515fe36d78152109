import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { ERROR_SCHEMA, operations, type Operation } from '../../schemas/catalogue';
import { paramNames, replaceParams, toFastifyPath } from '../../schemas/paths';
import { validator } from '../../schemas/registry';
import { namedFields } from '../../helpers/core/error-fields';
import { buildSandbox } from '../../sandbox/server';
import { DEFAULT_TENANT_TOKENS, SANDBOX_PROGRAM } from '../../sandbox/tenants';

/**
 * Hostile and broken input: every answer is a 4xx with the catalogue's one error body (DRF's by
 * default), or Django's HTML 404 page for a URL no route matches, never a 5xx, and the sandbox
 * keeps serving afterwards.
 */
const AUTH = { authorization: `Bearer ${DEFAULT_TENANT_TOKENS['tenant-a']}` };
const JSON_TYPE = { 'content-type': 'application/json' };
const isErrorBody = validator(ERROR_SCHEMA);

const jsonOps = operations.filter((o) => o.request?.contentType === 'application/json');
const multipartOps = operations.filter((o) => o.request?.contentType === 'multipart/form-data');
const opsWithIds = operations.filter((o) => paramNames(o.path).length);

/** The operations a test tries, refused when empty: a loop over no operation checks nothing. */
function cases(ops: Operation[], what: string): Operation[] {
  assert.ok(ops.length, `the catalogue has no ${what}: this test would check nothing`);
  return ops;
}

interface Answer {
  status: number;
  type: string;
  text: string;
}

const fromInject = (r: LightMyRequestResponse): Answer => ({ status: r.statusCode, type: String(r.headers['content-type'] ?? ''), text: r.body });

/**
 * The answer is a client error carrying the error body, or Django's HTML 404 page where no route
 * matches; `status` pins the exact code where it matters.
 */
function assertClientError(answer: Answer, label: string, status?: number | number[]): void {
  const where = `${label} → ${answer.status} ${answer.text.slice(0, 200)}`;
  assert.ok(answer.status >= 400 && answer.status < 500, `expected a 4xx: ${where}`);
  if (status !== undefined) assert.ok([status].flat().includes(answer.status), `expected ${String(status)}: ${where}`);
  if (answer.status === 404 && /^text\/html/.test(answer.type)) return assert.match(answer.text, /<title>Not Found<\/title>/, `Django's 404 page: ${where}`);
  assert.match(answer.type, /^application\/json/, `error body must be JSON: ${where}`);
  let body: unknown;
  assert.doesNotThrow(() => (body = JSON.parse(answer.text)), `error body must parse: ${where}`);
  assert.ok(isErrorBody(body), `error body must be the catalogue's: ${where} ${JSON.stringify(isErrorBody.errors)}`);
}

function multipartBody(parts: Array<{ name: string; filename?: string; type?: string; content: string | Buffer }>, boundary = 'robustnessBoundary'): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`));
    chunks.push(Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
const MULTIPART_TYPE = { 'content-type': 'multipart/form-data; boundary=robustnessBoundary' };

const INJECTIONS = [
  "' OR '1'='1' --",
  '1; DROP TABLE accounts;--',
  '<script>alert(document.cookie)</script>',
  '{{7*7}}${7*7}',
  '../../../../etc/passwd',
  'nul\u0000byte',
  '\u202eRTL override',
  'e\u0301\u0301\u0301 combining',
  '😀👩‍👩‍👧‍👦 emoji',
  '漢字テスト',
  '\ud800 lone surrogate',
];

/** A lone surrogate has no UTF-8 form, so it cannot go in a URL at all. */
const urlSafe = (value: string): boolean => {
  try {
    encodeURIComponent(value);
    return true;
  } catch {
    return false;
  }
};

describe('sandbox robustness', () => {
  let app: FastifyInstance;
  let origin: { host: string; port: number };
  let accountId: string;

  const inject = async (method: string, url: string, headers: Record<string, string> = {}, payload?: string | Buffer): Promise<Answer> =>
    fromInject(await app.inject({ method: method as 'GET', url, headers: { ...AUTH, ...headers }, payload }));

  /** The op's path with the real account and fresh UUIDs for the other ids. */
  const pathOf = (op: Operation, ids: Record<string, string> = {}) =>
    replaceParams(op.path, (name) => ids[name] ?? (name === 'account_id' ? accountId : randomUUID()));

  /** A request on a real socket, sent byte for byte as written (no client-side path normalisation). */
  const raw = (text: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const socket = connect(origin.port, origin.host, () => socket.write(text));
      let data = '';
      socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')));
      socket.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      socket.on('error', reject);
      socket.on('close', () => {
        const [head, ...rest] = data.split('\r\n\r\n');
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
        const type = /content-type: ([^\r\n]+)/i.exec(head)?.[1] ?? '';
        const body = rest.join('\r\n\r\n');
        const chunked = /transfer-encoding: chunked/i.test(head);
        resolve({ status, type, text: chunked ? body.replace(/^[0-9a-f]+\r\n|\r\n[0-9a-f]+\r\n|\r\n0\r\n\r\n$/gi, '') : body });
      });
    });
  const rawGet = (path: string, extraHeaders = '') =>
    raw(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${AUTH.authorization}\r\n${extraHeaders}Connection: close\r\n\r\n`);

  before(async () => {
    app = buildSandbox();
    await app.listen({ port: 0, host: '127.0.0.1' });
    origin = { host: '127.0.0.1', port: (app.server.address() as { port: number }).port };
    const lead = await app.inject({
      method: 'POST',
      url: '/v1/crm/leads/',
      headers: AUTH,
      payload: {
        program_id: SANDBOX_PROGRAM.id,
        primary_mobile: '+919812345678',
        applicants: [{ applicant_type: 'individual', is_primary: true, full_name: 'Asha Rao' }],
      },
    });
    const account = await app.inject({
      method: 'POST',
      url: '/v1/los/accounts/',
      headers: AUTH,
      payload: { crm_lead_id: lead.json<{ id: string }>().id, ref_id: 'robustness-1', program_id: SANDBOX_PROGRAM.id },
    });
    assert.equal(account.statusCode, 201, account.body);
    accountId = account.json<{ id: string }>().id;
  });

  after(() => app.close());

  it('registers a route for every catalogued operation, and every body is JSON or multipart', () => {
    const unregistered = operations
      .filter((op) => !app.hasRoute({ method: op.method, url: toFastifyPath(op.path) }))
      .map((op) => `${op.id} (${op.method} ${op.path})`);
    assert.deepEqual(unregistered, [], `catalogued operations the sandbox has no route for: ${unregistered.join(', ')}`);
    const withBody = operations.filter((op) => op.request).map((op) => op.id);
    assert.deepEqual([...jsonOps, ...multipartOps].map((op) => op.id).sort(), withBody.sort(), 'every operation with a body is tried as JSON or as multipart');
  });

  it('answers malformed JSON with 400 malformed_json on every JSON operation', async () => {
    for (const op of cases(jsonOps, 'JSON operation')) {
      for (const payload of ['{"ref_id":', '{', "{'a':1}", '{"a":1,}', 'nul', '{"a":1}}', '\u0000']) {
        assertClientError(await inject(op.method, pathOf(op), JSON_TYPE, payload), `${op.id} ${JSON.stringify(payload)}`, 400);
      }
    }
  });

  it('answers an empty body, JSON that is not an object and prototype-polluting keys with 400', async () => {
    for (const op of cases(jsonOps, 'JSON operation')) {
      for (const payload of ['', '[]', 'null', '"text"', '42', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}']) {
        assertClientError(await inject(op.method, pathOf(op), JSON_TYPE, payload), `${op.id} ${JSON.stringify(payload)}`, 400);
      }
    }
    assert.equal(({} as Record<string, unknown>).admin, undefined, 'no prototype was polluted');
  });

  it('survives deeply nested JSON', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    assertClientError(await inject('POST', '/v1/los/accounts/', JSON_TYPE, deep), 'nested arrays', 400);
    const nestedObject = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    assertClientError(await inject('POST', '/v1/los/accounts/', JSON_TYPE, nestedObject), 'nested objects', 400);
  });

  it('answers a JSON body over 1 MiB with 413', async () => {
    const big = JSON.stringify({ ref_id: 'x'.repeat(1024 * 1024 + 1) });
    for (const op of cases(jsonOps, 'JSON operation')) {
      assertClientError(await inject(op.method, pathOf(op), JSON_TYPE, big), op.id, 413);
    }
  });

  it('answers an uploaded file over the 5 MiB limit, or too many parts, with 413', async () => {
    const bigFile = multipartBody([{ name: 'file', filename: 'big.pdf', type: 'application/pdf', content: Buffer.alloc(5 * 1024 * 1024 + 1, 0x25) }]);
    const manyFields = multipartBody(Array.from({ length: 50 }, (_, i) => ({ name: `f${i}`, content: 'x' })));
    for (const op of cases(multipartOps, 'upload operation')) {
      assertClientError(await inject(op.method, pathOf(op), MULTIPART_TYPE, bigFile), `${op.id} 5 MiB + 1`, 413);
      assertClientError(await inject(op.method, pathOf(op), MULTIPART_TYPE, manyFields), `${op.id} 50 fields`, 413);
    }
  });

  it('answers wrong media types on JSON operations (text, XML, form, multipart) with 415', async () => {
    const bodies: Array<[Record<string, string>, string | Buffer]> = [
      [{ 'content-type': 'text/plain' }, '{"ref_id":"x"}'],
      [{ 'content-type': 'application/xml' }, '<account><ref_id>x</ref_id></account>'],
      [{ 'content-type': 'application/x-www-form-urlencoded' }, 'ref_id=x'],
      [{ 'content-type': 'application/octet-stream' }, Buffer.from([0, 1, 2])],
      [MULTIPART_TYPE, multipartBody([{ name: 'ref_id', content: 'x' }])],
    ];
    for (const op of cases(jsonOps, 'JSON operation')) {
      for (const [headers, payload] of bodies) {
        const answer = await inject(op.method, pathOf(op), headers, payload);
        assertClientError(answer, `${op.id} as ${headers['content-type']}`, 415);
      }
    }
    const account = await inject('GET', `/v1/los/accounts/${accountId}/`);
    assert.equal(JSON.parse(account.text).status, 'activation', 'a multipart PUT /initiate/ must not have moved the account');
  });

  it('answers JSON, and broken multipart, on upload operations with 4xx', async () => {
    for (const op of cases(multipartOps, 'upload operation')) {
      assertClientError(await inject(op.method, pathOf(op), JSON_TYPE, '{"file":"x.pdf"}'), `${op.id} JSON`, 415);
      assertClientError(await inject(op.method, pathOf(op), { 'content-type': 'multipart/form-data' }, 'no boundary'), `${op.id} no boundary`, 400);
      const truncated = multipartBody([{ name: 'file', filename: 'a.pdf', type: 'application/pdf', content: '%PDF-1.4' }]).subarray(0, 90);
      assertClientError(await inject(op.method, pathOf(op), MULTIPART_TYPE, truncated), `${op.id} truncated`, 400);
      const notPdf = multipartBody([{ name: 'file', filename: 'evil.html', type: 'text/html', content: '<script>alert(1)</script>' }]);
      assertClientError(await inject(op.method, pathOf(op), MULTIPART_TYPE, notPdf), `${op.id} HTML file`, 400);
    }
  });

  it('refuses NoSQL operators and non-strings where strings or UUIDs belong with 400 naming the field', async () => {
    const lead = randomUUID();
    for (const payload of [
      { crm_lead_id: { $gt: '' }, ref_id: 'x', program_id: SANDBOX_PROGRAM.id },
      { crm_lead_id: lead, ref_id: { $ne: null }, program_id: SANDBOX_PROGRAM.id },
      { crm_lead_id: lead, ref_id: ['a'], program_id: { $where: 'sleep(1000)' } },
      { crm_lead_id: "' OR '1'='1", ref_id: 'x', program_id: SANDBOX_PROGRAM.id },
      { crm_lead_id: lead, ref_id: 'x'.repeat(100_000), program_id: SANDBOX_PROGRAM.id },
    ]) {
      const answer = await inject('POST', '/v1/los/accounts/', JSON_TYPE, JSON.stringify(payload));
      assertClientError(answer, JSON.stringify(payload).slice(0, 80), 400);
      assert.ok(namedFields(JSON.parse(answer.text)).length, `fields named: ${answer.text.slice(0, 200)}`);
    }
    assertClientError(
      await inject('PUT', `/v1/los/accounts/${accountId}/drop/`, JSON_TYPE, JSON.stringify({ drop_reason: 'r'.repeat(100_000) })),
      'drop_reason of 100 000 characters',
      400,
    );
  });

  it('stores injection and unicode strings as plain data: created verbatim, and a filter by them matches only themselves', async () => {
    const lead = await inject(
      'POST',
      '/v1/crm/leads/',
      JSON_TYPE,
      JSON.stringify({
        program_id: SANDBOX_PROGRAM.id,
        primary_mobile: '+919812345679',
        applicants: [{ applicant_type: 'individual', is_primary: true, full_name: 'Ravi' }],
      }),
    );
    const leadId = JSON.parse(lead.text).id as string;
    for (const refId of INJECTIONS) {
      const created = await inject(
        'POST',
        '/v1/los/accounts/',
        JSON_TYPE,
        JSON.stringify({ crm_lead_id: leadId, ref_id: refId, program_id: SANDBOX_PROGRAM.id }),
      );
      assert.equal(created.status, 201, `${JSON.stringify(refId)} → ${created.status} ${created.text}`);
      const id = JSON.parse(created.text).id as string;
      assert.equal(JSON.parse((await inject('GET', `/v1/los/accounts/${id}/`)).text).ref_id, refId, 'read back verbatim');
      if (!urlSafe(refId)) continue;
      const found = JSON.parse((await inject('GET', `/v1/los/accounts/?ref_id=${encodeURIComponent(refId)}`)).text) as { count: number };
      assert.equal(found.count, 1, `filter by ${JSON.stringify(refId)} matches only that account`);
    }
  });

  it('answers injection strings in query parameters with 400 or a list they do not widen', async () => {
    for (const value of [...INJECTIONS.filter(urlSafe), '{"$gt":""}', '*', '%', '-1', '1e9', '0x10', 'x'.repeat(5000)]) {
      for (const key of ['page', 'page_size', 'status', 'crm_lead_id']) {
        const answer = await inject('GET', `/v1/los/accounts/?${key}=${encodeURIComponent(value)}`);
        assertClientError(answer, `${key}=${value.slice(0, 40)}`, 400);
      }
    }
    for (const query of ['status[$ne]=dropped', 'ref_id[$gt]=', 'page=1&page=2', 'page_size=10&page_size=1000']) {
      const answer = await inject('GET', `/v1/los/accounts/?${query}`);
      assert.ok(answer.status === 400 || answer.status === 200, `${query} → ${answer.status} ${answer.text.slice(0, 200)}`);
      if (answer.status === 400) assertClientError(answer, query, 400);
    }
  });

  it('answers unknown ids (fresh UUIDs) with 404 on every operation with a path id', async () => {
    for (const op of cases(opsWithIds, 'operation with a path id')) {
      const ids = Object.fromEntries(paramNames(op.path).map((name) => [name, randomUUID()]));
      const emptyBodyIsValid = !op.request || (op.request.contentType === 'application/json' && validator(op.request.schema)({}));
      const answer = await inject(op.method, pathOf(op, ids), op.request?.contentType === 'application/json' ? JSON_TYPE : {}, op.request ? '{}' : undefined);
      assertClientError(answer, op.id, emptyBodyIsValid ? 404 : [400, 404, 415]);
    }
  });

  it('answers ids that are not UUIDs (numbers, injection, traversal, NUL) with 404 on every operation with a path id', async () => {
    for (const op of cases(opsWithIds, 'operation with a path id')) {
      for (const id of ['123', 'abc', "1' OR '1'='1", '..%2F..%2Fetc%2Fpasswd', '%00', '%F0%9F%98%80', `${randomUUID()}x`, '*']) {
        const path = replaceParams(op.path, () => id);
        assertClientError(await inject(op.method, path, op.request ? JSON_TYPE : {}, op.request ? '{}' : undefined), `${op.id} ${id}`, 404);
      }
    }
  });

  it('answers path tricks on a real socket (dot segments, encoded and double slashes, bad escapes) with 4xx, never a file or 5xx', async () => {
    for (const path of [
      '/v1/los/accounts/../../etc/passwd',
      '/v1/los/accounts/..%2F..%2Fetc%2Fpasswd/',
      '/v1/los/accounts/%2e%2e/%2e%2e/etc/passwd',
      '/v1/los/accounts/..\\..\\etc\\passwd',
      '//v1/los/accounts/',
      '/v1//los/accounts/',
      '/v1/los/accounts//',
      '/v1/los/accounts/%2F/',
      '/v1/los/accounts/%',
      '/v1/los/accounts/%zz/',
      '/%00',
      '/v1/los/accounts/%00/',
      `/v1/los/accounts/${'a'.repeat(5000)}/`,
      '/etc/passwd',
      'http://evil.example/v1/los/accounts/x/',
    ]) {
      const answer = await rawGet(path);
      assertClientError(answer, path.slice(0, 80));
      assert.doesNotMatch(answer.text, /root:x:0:0/);
    }
  });

  it('answers what Node itself refuses (oversized headers, garbage request line, bad header) with the error body', async () => {
    assertClientError(await rawGet('/v1/los/accounts/', `X-Big: ${'a'.repeat(20_000)}\r\n`), 'header over 16 KiB', 431);
    assertClientError(await rawGet(`/v1/los/accounts/?q=${'a'.repeat(20_000)}`), 'URL over 16 KiB', 431);
    assertClientError(await raw('GARBAGE\r\n\r\n'), 'garbage request line', 400);
    assertClientError(await raw('GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'), 'header without colon', 400);
    assertClientError(await raw('POST /v1/los/accounts/ HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'), 'bad Content-Length', 400);
  });

  it('answers odd credentials and unknown methods with 401 or 405', async () => {
    for (const authorization of [
      'Bearer',
      'Bearer ',
      `Bearer ${DEFAULT_TENANT_TOKENS['tenant-a']} x`,
      'Basic YTpi',
      `bearer${DEFAULT_TENANT_TOKENS['tenant-a']}`,
      "Bearer ' OR 1=1--",
      'Bearer é',
    ]) {
      const answer = fromInject(await app.inject({ method: 'GET', url: '/v1/los/accounts/', headers: { authorization } }));
      assertClientError(answer, `Authorization: ${authorization}`, 401);
    }
    for (const method of ['PROPFIND', 'TRACE', 'PATCH']) {
      const answer = await new Promise<Answer>((resolve, reject) => {
        const req = httpRequest({ ...origin, path: `/v1/los/accounts/${accountId}/`, method, headers: AUTH }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text }));
        });
        req.on('error', reject);
        req.end();
      });
      assertClientError(answer, method, 405);
    }
  });

  it('keeps serving after all of the above', async () => {
    const health = await app.inject({ method: 'GET', url: '/' });
    assert.equal(health.statusCode, 200);
    const account = await inject('GET', `/v1/los/accounts/${accountId}/`);
    assert.equal(account.status, 200);
  });
});
