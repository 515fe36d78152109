import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redact, redactJson, redactValue, registerSecret } from '../../helpers/core/redact';

/** What Django REST Framework answers every 401 with: a challenge, not a credential. */
const CHALLENGE = 'Bearer realm="api", error="invalid_token"';
const TOKEN = 'redact-unit-token-93ce1a';
registerSecret(TOKEN);

describe('redact', () => {
  it('keeps a WWW-Authenticate challenge intact, as text and JSON-escaped', () => {
    assert.equal(redact(CHALLENGE), CHALLENGE);
    assert.equal(redact('Bearer realm=api'), 'Bearer realm=api');
    assert.equal(redact(JSON.stringify(CHALLENGE)), JSON.stringify(CHALLENGE));
  });

  it('still replaces a bearer credential, a registered token wherever it is, and keeps the curl placeholder', () => {
    assert.equal(redact('authorization: Bearer eyJhbGciOi.eyJzdWIi.c2ln'), 'authorization: Bearer [REDACTED]');
    assert.equal(redact('Bearer dG9rZW4=='), 'Bearer [REDACTED]');
    assert.equal(redact(`token=${TOKEN}&x=1`), 'token=[REDACTED]&x=1');
    assert.equal(redact(`-H 'authorization: Bearer $API_TOKEN'`), `-H 'authorization: Bearer $API_TOKEN'`);
  });
});

describe('redactJson and redactValue', () => {
  const evidence = {
    response: { headers: { 'www-authenticate': CHALLENGE }, body: { detail: `Bearer abc"def\\ghi`, echo: [TOKEN] } },
    [TOKEN]: 1,
  };

  it('serialize a value whose strings are redacted one by one: the challenge survives, the text stays JSON', () => {
    const text = redactJson(evidence, 2);
    const back = JSON.parse(text) as typeof evidence;
    assert.equal(back.response.headers['www-authenticate'], CHALLENGE);
    assert.equal(back.response.body.detail, 'Bearer [REDACTED]"def\\ghi');
    assert.deepEqual(back.response.body.echo, ['[REDACTED]']);
    assert.ok(!text.includes(TOKEN), 'the token is not in the text, as a value or a key');
  });

  it('copy a value redacted, leaving the original as it was', () => {
    const copy = redactValue(evidence);
    assert.equal(copy.response.headers['www-authenticate'], CHALLENGE);
    assert.ok(!JSON.stringify(copy).includes(TOKEN));
    assert.deepEqual(evidence.response.body.echo, [TOKEN]);
  });
});
