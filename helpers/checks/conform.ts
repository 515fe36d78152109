import { DEFAULT_CHECKS, evaluate, status_code_conformance, verify, type Check, type Expectation } from './checks';
import { contractExpect, verdict } from './contract-expect';
import type { Exchange } from '../core/exchange';
import { diagnose, type Diagnosis } from './diagnose';
import { inconclusive } from './cause-ledger';
import { ContractViolation, findingsOf } from './violations';

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

/**
 * `expect(exchange).toConform(expectation?, checks?)`: runs the checks as verify() does and, when
 * one fails, reads as the contract message (operation, each failed check with path, expected and
 * actual, the body, the curl line) rather than as "expected not to throw".
 * `toHaveConformed(violation)` (helpers/checks/contract-expect.ts) gives the same verdict on a violation
 * found before the assertion.
 */
export const expect = contractExpect.extend({
  toConform(exchange: Exchange, expectation: Expectation = {}, checks: readonly Check[] = DEFAULT_CHECKS) {
    return verdict('toConform', exchange, violationOf(exchange, expectation, checks));
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
  const all = withBaseline(checks);
  // What the case would have found, had the route answered: the triage's cause if it turns out it did.
  const answered = (): Diagnosis | undefined => {
    const failures = evaluate(exchange, expectation, all);
    return failures.length ? diagnose(exchange, findingsOf(failures)) : undefined;
  };
  if (inconclusive(exchange, checks.map((check) => check.name).join(', '), answered)) return;
  const violation = violationOf(exchange, expectation, all);
  expect.soft(exchange, caseTitle).toHaveConformed(violation);
}
