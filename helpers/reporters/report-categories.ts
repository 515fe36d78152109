import { CHECKS } from '../checks/checks';
// Defines the scenario checks, so that CHECKS holds every check.
import '../checks/checks-conformance';
import { TRANSIENT_MESSAGE } from '../net/retry';
import { CAUSES, THROTTLED, TIMEOUT } from '../checks/diagnose';
import { CheckFailure, ContractViolation } from '../checks/violations';

export { CAUSES };

/**
 * Allure categories sort failed tests by what a person has to do about them: first the root cause
 * the triage names (helpers/checks/diagnose.ts; every violation's message carries
 * `cause: <cause>: …`, a call that ran out of time says `Timeout <n>ms exceeded`), then, for a
 * violation whose cause is `other` (a behaviour the shape of the answer does not explain: a
 * refused change that still changed something, a timestamp out of order, …), the category of the
 * check that failed (a check's `category`), then what is left of `other` and the suite's error
 * classes. Allure takes the first rule that matches a failed test's message, so the specific rules
 * come first and the general "Contract violations" last. A run stopped before any test
 * (PreflightError: target unreachable, token rejected) has no test to categorise: the coverage
 * reporter writes it as an Allure global error, shown in the report's Global Errors tab.
 */
export interface Category {
  name: string;
  matchers: { statuses: string[]; message: RegExp }[];
}

const failed = ['failed', 'broken'];

/** Failures that broke no check but still have a cause: as helpers/checks/diagnose.ts causeOfMessage reads them. */
const WITHOUT_CAUSE_LINE: Partial<Record<(typeof CAUSES)[number], RegExp>> = { rate_limited: THROTTLED, timeout: TIMEOUT };

const rootCause = (cause: (typeof CAUSES)[number]): Category => {
  const alone = WITHOUT_CAUSE_LINE[cause];
  return { name: `Root cause: ${cause}`, matchers: [{ statuses: failed, message: new RegExp(`^cause: ${cause}:${alone ? `|${alone.source}` : ''}`, 'm') }] };
};

export const categories: Category[] = [
  ...CAUSES.filter((cause) => cause !== 'other').map(rootCause),
  // Network errors, the transient ones and a host name that does not resolve: nothing of the contract could be judged.
  {
    name: 'Target unreachable',
    matchers: [{ statuses: failed, message: new RegExp(`${TRANSIENT_MESSAGE.source}|ENOTFOUND|EAI_AGAIN`) }],
  },
];
// How a failed check reads in a ContractViolation: `✗ <check> at <path>: expected …, actual …`.
for (const { name, category } of CHECKS) {
  if (!category) continue;
  const matcher = { statuses: failed, message: new RegExp(`✗ ${name} at `) };
  const existing = categories.find((c) => c.name === category);
  if (existing) existing.matchers.push(matcher);
  else categories.push({ name: category, matchers: [matcher] });
}
categories.push(rootCause('other'));
// On a line of its own: a soft failure (checkCase) reads as its case title, then the violation.
categories.push({
  name: 'Contract violations',
  matchers: [{ statuses: failed, message: new RegExp(`^(${ContractViolation.name}|${CheckFailure.name}):`, 'm') }],
});
