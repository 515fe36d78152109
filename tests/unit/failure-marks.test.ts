import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestInfo } from '@playwright/test';
import { causeOfResult, markFailedCall, markViolation, marksOf } from '../../helpers/checks/failure-marks';

/** The part of a TestInfo the marks touch. */
const info = (): TestInfo => ({ annotations: [] }) as unknown as TestInfo;

void test('a failed test marks its first cause, every broken check once, each violation and the first call that threw', () => {
  const t = info();
  markViolation(
    t,
    'field_missing',
    ['response_schema_conformance', 'response_schema_conformance'],
    'Accounts › Create ✗ response_schema_conformance at /tags: …',
  );
  markViolation(t, 'status_mismatch', ['status_code_conformance'], 'Accounts › Get ✗ status_code_conformance at status: …');
  markFailedCall(t, 'mandates.get', 'timeout');
  markFailedCall(t, 'fees.create');
  assert.deepEqual(marksOf(t.annotations), {
    cause: 'field_missing',
    checks: ['response_schema_conformance', 'status_code_conformance'],
    violations: ['Accounts › Create ✗ response_schema_conformance at /tags: …', 'Accounts › Get ✗ status_code_conformance at status: …'],
    call: 'mandates.get',
  });
});

void test('the cause of a failed test is what it marked, else a timeout when it ran out of time, else other; the message is never read', () => {
  const throttled = info();
  markFailedCall(throttled, 'fees.create', 'rate_limited');
  assert.equal(causeOfResult({ annotations: throttled.annotations, status: 'failed' }), 'rate_limited');
  assert.equal(causeOfResult({ annotations: [], status: 'timedOut' }), 'timeout');
  assert.equal(causeOfResult({ annotations: [], status: 'failed' }), 'other');
  assert.equal(causeOfResult({ annotations: [{ type: 'cause', description: 'not_a_cause' }], status: 'failed' }), 'other', 'an unknown cause is not taken');
});
