import { CHECKS } from '../checks/checks';
// Defines the scenario checks, so that CHECKS holds every check.
import '../checks/checks-conformance';
import { TRANSIENT_MESSAGE } from '../net/retry';
import { CAUSES, type Cause } from '../checks/diagnose';
import { LABEL } from './report-tree';

export { CAUSES };

/**
 * Allure categories sort failed tests by what a person has to do about them: first the root cause
 * the triage names (helpers/checks/diagnose.ts), then, for a failure whose cause is `other` (a
 * behaviour the shape of the answer does not explain: a refused change that still changed
 * something, a timestamp out of order, …), the category of the check that failed (a check's
 * `category`), then what is left of `other`. Allure takes the first rule that matches, so the
 * specific rules come first. Every failed test carries a cause (`other` at the least), so each
 * lands in one of these.
 *
 * The rules read the `cause` and `check` labels helpers/reporters/allure-reporter.ts sets from what
 * the test marked (helpers/checks/failure-marks.ts), not the error message. Only a network error,
 * which no check raised, is told by the words Node uses for it. A run stopped before any test
 * (PreflightError: target unreachable, token rejected) has no test to categorise: the coverage
 * reporter writes it as an Allure global error, shown in the report's Global Errors tab.
 */
interface Matcher {
  statuses: ReadonlyArray<'failed' | 'broken'>;
  labels?: Record<string, RegExp>;
  message?: RegExp;
}

export interface Category {
  name: string;
  matchers: Matcher[];
}

const failed = ['failed', 'broken'] as const;
const exactly = (value: string): RegExp => new RegExp(`^${value}$`);

const rootCause = (cause: Cause): Category => ({ name: `Root cause: ${cause}`, matchers: [{ statuses: failed, labels: { [LABEL.cause]: exactly(cause) } }] });

export const categories: Category[] = [
  ...CAUSES.filter((cause) => cause !== 'other').map(rootCause),
  // Network errors, the transient ones and a host name that does not resolve: nothing of the contract could be judged.
  {
    name: 'Target unreachable',
    matchers: [{ statuses: failed, message: new RegExp(`${TRANSIENT_MESSAGE.source}|ENOTFOUND|EAI_AGAIN`) }],
  },
];
for (const { name, category } of CHECKS) {
  if (!category) continue;
  const matcher = { statuses: failed, labels: { [LABEL.check]: exactly(name) } };
  const existing = categories.find((c) => c.name === category);
  if (existing) existing.matchers.push(matcher);
  else categories.push({ name: category, matchers: [matcher] });
}
categories.push(rootCause('other'));
