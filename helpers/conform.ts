import { expect as base } from '@playwright/test';
import { title } from '../schemas/catalogue';
import { DEFAULT_CHECKS, status_code_conformance, verify, type Check, type Expectation } from './checks';
import type { Exchange } from './exchange';
import { inconclusive } from './triage-record';
import { ContractViolation } from './violations';

/** Runs the checks as verify() does (counts, violation evidence, triage) and returns the violation; anything else thrown (a consequence skip) goes on. */
function violationOf(exchange: Exchange, expectation: Expectation, checks: readonly Check[]): ContractViolation | undefined {
  try {
    verify(exchange, expectation, checks);
    return undefined;
  } catch (error) {
    if (error instanceof ContractViolation) return error;
    throw error;
  }
}

const verdict = (name: string, exchange: Exchange, violation: ContractViolation | undefined) => ({
  name,
  pass: !violation,
  message: () => (violation ? `${violation.name}: ${violation.message}` : `${title(exchange.op)} answered ${exchange.status} and conforms`),
});

/**
 * `expect(exchange).toConform(expectation?, checks?)`: runs the checks as verify() does and, when
 * one fails, reads as the contract message (operation, each failed check with path, expected and
 * actual, the body, the curl line) rather than as "expected not to throw".
 * `toHaveConformed(violation)` gives the same verdict on a violation found before the assertion:
 * a soft assertion takes whatever its matcher throws for a failure, a test.skip() included, so
 * checkCase finds the violation first, where a skip for a cause already triaged stays a skip.
 */
export const expect = base.extend({
  toConform(exchange: Exchange, expectation: Expectation = {}, checks: readonly Check[] = DEFAULT_CHECKS) {
    return verdict('toConform', exchange, violationOf(exchange, expectation, checks));
  },
  toHaveConformed(exchange: Exchange, violation: ContractViolation | undefined) {
    return verdict('toHaveConformed', exchange, violation);
  },
});

/** The default checks, minus the status check: each scenario check owns the status it expects. */
const BASELINE = DEFAULT_CHECKS.filter((check) => check !== status_code_conformance);

export const withBaseline = (checks: readonly Check[]): Check[] => [...BASELINE, ...checks.filter((check) => !BASELINE.includes(check))];

/**
 * Runs the checks on one case as a soft assertion: a failed case marks the test failed and is
 * listed with its violation, and the test goes on to the next case, so every failing case of
 * an operation is reported, not only the first.
 */
export function checkCase(caseTitle: string, exchange: Exchange, expectation: Expectation, checks: readonly Check[]): void {
  if (inconclusive(exchange, checks.map((check) => check.name).join(', '))) return;
  const violation = violationOf(exchange, expectation, withBaseline(checks));
  expect.soft(exchange, caseTitle).toHaveConformed(violation);
}
