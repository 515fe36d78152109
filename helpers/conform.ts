import { expect as base } from '@playwright/test';
import { title } from '../schemas/catalogue';
import { DEFAULT_CHECKS, status_code_conformance, verify, type Check, type Expectation } from './checks';
import type { Exchange } from './exchange';
import { inconclusive } from './triage-record';
import { ContractViolation } from './violations';

/**
 * `expect(exchange).toConform(expectation?, checks?)`: runs the checks as verify() does (counts,
 * violation evidence) and, when one fails, reads as the contract message (operation, each failed
 * check with path, expected and actual, the body, the curl line) rather than as "expected not to throw".
 */
export const expect = base.extend({
  toConform(exchange: Exchange, expectation: Expectation = {}, checks: readonly Check[] = DEFAULT_CHECKS) {
    const name = 'toConform';
    try {
      verify(exchange, expectation, checks);
      return { name, pass: true, message: () => `${title(exchange.op)} answered ${exchange.status} and conforms` };
    } catch (error) {
      if (!(error instanceof ContractViolation)) throw error;
      return { name, pass: false, message: () => `${error.name}: ${error.message}` };
    }
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
  expect.soft(exchange, caseTitle).toConform(expectation, withBaseline(checks));
}
