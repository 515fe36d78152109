import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildSandbox } from '../../sandbox/server';
import { DEFAULT_TENANT_TOKENS, SANDBOX_PROGRAM } from '../../sandbox/tenants';

/**
 * The sandbox speaks Django REST Framework's dialect (with simplejwt) by default, as the catalogue's
 * error definition infers it: the bodies, headers and redirects a DRF target answers.
 */
const AUTH = { authorization: `Bearer ${DEFAULT_TENANT_TOKENS['tenant-a']}` };
const CHALLENGE = 'Bearer realm="api"';
const applicant = { applicant_type: 'individual', is_primary: true, full_name: 'Asha Rao' };

describe('sandbox dialect (DRF + simplejwt)', () => {
  let app: FastifyInstance;
  const call = (method: string, url: string, headers: Record<string, string> = AUTH, payload?: unknown) =>
    app.inject({ method: method as 'GET', url, headers, payload: payload as string });

  before(() => {
    app = buildSandbox();
  });
  after(() => app.close());

  it('answers each 401 as simplejwt does, every one with the Bearer challenge', async () => {
    const cases: [Record<string, string>, unknown][] = [
      [{}, { detail: 'Authentication credentials were not provided.' }],
      [{ authorization: 'Basic YTpi' }, { detail: 'Authentication credentials were not provided.' }],
      [{ authorization: 'Bearer' }, { detail: 'Authorization header must contain two space-delimited values', code: 'bad_authorization_header' }],
      [
        { authorization: 'Bearer not-a-token' },
        {
          detail: 'Given token not valid for any token type',
          code: 'token_not_valid',
          messages: [{ token_class: 'AccessToken', token_type: 'access', message: 'Token is invalid or expired' }],
        },
      ],
    ];
    for (const [headers, body] of cases) {
      const answer = await call('GET', '/v1/los/accounts/', headers);
      assert.equal(answer.statusCode, 401, JSON.stringify(headers));
      assert.equal(answer.headers['www-authenticate'], CHALLENGE);
      assert.deepEqual(answer.json(), body);
    }
  });

  it('answers a missing record with {"detail": "Not found."} and a wrong method with 405, its message and Allow', async () => {
    const missing = await call('GET', `/v1/los/accounts/${randomUUID()}/`);
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(missing.json(), { detail: 'Not found.' });
    const wrong = await call('DELETE', '/v1/los/accounts/');
    assert.equal(wrong.statusCode, 405);
    assert.deepEqual(wrong.json(), { detail: 'Method "DELETE" not allowed.' });
    assert.equal(wrong.headers.allow, 'GET, POST');
    const media = await call('POST', '/v1/los/accounts/', { ...AUTH, 'content-type': 'text/plain' }, 'x');
    assert.equal(media.statusCode, 415);
    assert.deepEqual(media.json(), { detail: 'Unsupported media type "text/plain" in request.' });
  });

  it("answers a URL no route matches with Django's HTML 404 page, and one missing its trailing slash with a 301 to it", async () => {
    const unknown = await call('GET', '/v1/los/no-such-route/');
    assert.equal(unknown.statusCode, 404);
    assert.match(String(unknown.headers['content-type']), /^text\/html/);
    assert.match(unknown.body, /<title>Not Found<\/title>/);
    for (const method of ['GET', 'POST']) {
      const moved = await call(method, '/v1/los/accounts?page=2');
      assert.equal(moved.statusCode, 301, method);
      assert.equal(moved.headers.location, '/v1/los/accounts/?page=2');
    }
  });

  it('refuses a body with field errors as DRF nests them: {} for each valid list item, non_field_errors for the body as a whole', async () => {
    const nested = await call(
      'POST',
      '/v1/crm/leads/',
      { ...AUTH, 'content-type': 'application/json' },
      JSON.stringify({
        program_id: SANDBOX_PROGRAM.id,
        primary_mobile: '+919812345678',
        applicants: [applicant, { ...applicant, is_primary: 'yes' }, applicant],
      }),
    );
    assert.equal(nested.statusCode, 400);
    assert.deepEqual(nested.json(), { applicants: [{}, { is_primary: ['Must be a valid boolean.'] }, {}] });
    const missing = await call('POST', '/v1/crm/leads/', { ...AUTH, 'content-type': 'application/json' }, JSON.stringify({ program_id: SANDBOX_PROGRAM.id }));
    assert.deepEqual(Object.values(missing.json<Record<string, unknown>>()), [['This field is required.'], ['This field is required.']]);
    const list = await call('POST', '/v1/crm/leads/', { ...AUTH, 'content-type': 'application/json' }, '[1]');
    assert.deepEqual(list.json(), { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
  });

  it('links pages with absolute URIs, the first page without `page`', async () => {
    for (let i = 0; i < 3; i++) {
      const lead = await call('POST', '/v1/crm/leads/', AUTH, { program_id: SANDBOX_PROGRAM.id, primary_mobile: '+919812345678', applicants: [applicant] });
      const created = await call('POST', '/v1/los/accounts/', AUTH, {
        crm_lead_id: lead.json<{ id: string }>().id,
        ref_id: `dialect-${i}`,
        program_id: SANDBOX_PROGRAM.id,
      });
      assert.equal(created.statusCode, 201, created.body);
    }
    const page = (await call('GET', '/v1/los/accounts/?page=2&page_size=1', { ...AUTH, host: 'api.example:8000' })).json<{ next: string; previous: string }>();
    assert.equal(page.next, 'http://api.example:8000/v1/los/accounts/?page=3&page_size=1');
    assert.equal(page.previous, 'http://api.example:8000/v1/los/accounts/?page_size=1');
  });
});
