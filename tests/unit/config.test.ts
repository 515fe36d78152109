import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, parseConfig } from '../../helpers/core/config';

const TARGET = { BASE_URL: 'https://preprod.api.crego.io', API_TOKEN: 'token-of-tenant-a' };

/** The problems parseConfig refuses the environment with (fails the test if it accepts it). */
function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    assert.match(error.message, /^los-contract cannot start; fix these settings/);
    for (const problem of error.problems) assert.ok(error.message.includes(problem), 'the message lists every problem');
    return error.problems;
  }
  assert.fail(`parseConfig accepted ${JSON.stringify(env)}`);
}

describe('configuration', () => {
  it('defaults to the bundled sandbox with its public tokens', () => {
    const cfg = parseConfig({});
    assert.equal(cfg.sandbox, true);
    assert.equal(cfg.baseUrl, 'http://127.0.0.1:4010');
    assert.notEqual(cfg.token, cfg.isolationToken);
  });

  it('accepts a real target and drops the trailing slash of BASE_URL', () => {
    const cfg = parseConfig({ ...TARGET, BASE_URL: 'https://preprod.api.crego.io/', FAKER_SEED: '42', READ_ONLY: 'yes' });
    assert.equal(cfg.baseUrl, 'https://preprod.api.crego.io');
    assert.equal(cfg.sandbox, false);
    assert.equal(cfg.fakerSeed, 42);
    assert.equal(cfg.readOnly, true);
    assert.equal(cfg.isolationToken, undefined);
  });

  it('runs one worker per CPU (at most 4) on the CPU-bound sandbox, 8 against a latency-bound target, WORKERS when given', () => {
    for (const [cpus, workers] of [
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
      [16, 4],
    ]) {
      assert.equal(parseConfig({}, cpus).workers, workers, `sandbox on ${cpus} CPUs`);
    }
    assert.equal(parseConfig(TARGET, 1).workers, 8);
    assert.equal(parseConfig(TARGET, 16).workers, 8);
    assert.equal(parseConfig({ WORKERS: '6' }, 2).workers, 6);
    assert.equal(parseConfig({ ...TARGET, WORKERS: '3' }, 16).workers, 3);
    assert.match(problemsOf({ WORKERS: 'four' })[0], /WORKERS="four" is not a whole number between 1 and 64/);
    assert.match(problemsOf({ WORKERS: '0' })[0], /WORKERS="0"/);
  });

  it('allows 300 s of clock skew for timestamps by default, CLOCK_SKEW_SECONDS when given, and refuses a non-number', () => {
    assert.equal(parseConfig({}).clockSkewSeconds, 300);
    assert.equal(parseConfig({ CLOCK_SKEW_SECONDS: '0' }).clockSkewSeconds, 0);
    assert.match(problemsOf({ CLOCK_SKEW_SECONDS: '5m' })[0], /CLOCK_SKEW_SECONDS="5m" is not a whole number between 0 and 86400/);
  });

  it('refuses a BASE_URL that is not a URL and says what a valid one looks like', () => {
    const [problem] = problemsOf({ ...TARGET, BASE_URL: 'preprod.api.crego.io' });
    assert.match(problem, /BASE_URL="preprod\.api\.crego\.io" is not a URL; use e\.g\. https:\/\//);
  });

  it('refuses a BASE_URL with another scheme than http or https', () => {
    assert.match(problemsOf({ ...TARGET, BASE_URL: 'ftp://preprod.api.crego.io' })[0], /must start with http:\/\/ or https:\/\//);
  });

  it('refuses a FAKER_SEED that is not a number', () => {
    assert.match(problemsOf({ FAKER_SEED: 'abc' })[0], /FAKER_SEED="abc" is not a whole number between 0 and \d+/);
  });

  it('reads READ_ONLY_RECORDS as parameter=account/id pairs and refuses malformed or unknown ones', () => {
    const records = parseConfig({ READ_ONLY_RECORDS: 'mandate_id=acc-1/man-1, stamp_id = acc-2/st-2' }).knownRecords;
    assert.deepEqual(records, { mandate_id: { account_id: 'acc-1', id: 'man-1' }, stamp_id: { account_id: 'acc-2', id: 'st-2' } });
    assert.match(problemsOf({ READ_ONLY_RECORDS: 'mandate_id=man-1' })[0], /READ_ONLY_RECORDS entry "mandate_id=man-1" is not <parameter>=<account_id>\/<id>/);
    assert.match(problemsOf({ READ_ONLY_RECORDS: 'mandat_id=a/b' })[0], /names mandat_id, which no read operation takes; use one of .*mandate_id/);
  });

  it('refuses READ_ONLY=maybe and names the accepted values', () => {
    assert.match(problemsOf({ READ_ONLY: 'maybe' })[0], /READ_ONLY="maybe" must be 1\/true\/yes\/on or 0\/false\/no\/off/);
  });

  it('refuses a token with whitespace (e.g. "Bearer …" pasted whole) without echoing the token', () => {
    const [problem] = problemsOf({ ...TARGET, API_TOKEN: 'Bearer secret-value' });
    assert.match(problem, /API_TOKEN contains whitespace: give the bare token/);
    assert.ok(!problem.includes('secret-value'), 'the message must not print the token');
  });

  it('refuses a quoted token', () => {
    assert.match(problemsOf({ ...TARGET, ISOLATION_TOKEN: '"abc"' })[0], /ISOLATION_TOKEN contains a quote/);
  });

  it('refuses an ISOLATION_TOKEN equal to API_TOKEN: isolation needs a second tenant', () => {
    assert.match(problemsOf({ ...TARGET, ISOLATION_TOKEN: TARGET.API_TOKEN })[0], /ISOLATION_TOKEN equals API_TOKEN: it must belong to a second tenant/);
  });

  it('refuses a real target without API_TOKEN', () => {
    assert.match(problemsOf({ BASE_URL: TARGET.BASE_URL })[0], /API_TOKEN is missing/);
  });

  it('lists every problem at once, so one edit fixes the run', () => {
    const problems = problemsOf({ BASE_URL: 'not a url', API_TOKEN: 'a b', FAKER_SEED: '-1', READ_ONLY: 'maybe', SANDBOX_PORT: '70000', PROGRAM_ID: 'x' });
    assert.deepEqual(
      problems.map((p) => p.split(/[=\s]/)[0]),
      ['SANDBOX_PORT', 'BASE_URL', 'API_TOKEN', 'PROGRAM_ID', 'FAKER_SEED', 'READ_ONLY'],
    );
  });
});
