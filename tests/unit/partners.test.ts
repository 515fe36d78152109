import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig, writesAllowed } from '../../helpers/core/config';

const target = { BASE_URL: 'https://tenant.partner.example', API_TOKEN: 't0ken-a' };

test('writes are allowed against an unprotected target', () => {
  assert.equal(writesAllowed(parseConfig(target)), true);
});

test('READ_ONLY=1 refuses every write', () => {
  assert.equal(writesAllowed(parseConfig({ ...target, READ_ONLY: '1' })), false);
});

test('a host listed in PROTECTED_HOSTS refuses writes unless ALLOW_PROTECTED_WRITES is set', () => {
  const protectedTarget = { ...target, PROTECTED_HOSTS: 'other.example, TENANT.partner.example' };
  assert.equal(writesAllowed(parseConfig(protectedTarget)), false);
  assert.equal(writesAllowed(parseConfig({ ...protectedTarget, ALLOW_PROTECTED_WRITES: 'yes' })), true);
});
