import { expect as base } from '@playwright/test';
import { title } from '../../schemas/catalogue';
import type { Exchange } from '../core/exchange';
import type { ContractViolation } from './violations';

export const verdict = (name: string, exchange: Exchange, violation: ContractViolation | undefined) => ({
  name,
  pass: !violation,
  message: () => (violation ? `${violation.name}: ${violation.message}` : `${title(exchange.op)} answered ${exchange.status} and conforms`),
});

/**
 * `expect(exchange).toHaveConformed(violation)`: the verdict on a violation found before the
 * assertion, read as the contract message (operation, each failed check, the body, the curl line).
 * A soft assertion takes whatever its matcher throws for a failure, a test.skip() included, so
 * callers find the violation first, where a skip for a cause already triaged stays a skip. It
 * depends on no check, so the check core (helpers/checks/checks.ts) reports through it too.
 */
export const contractExpect = base.extend({
  toHaveConformed(exchange: Exchange, violation: ContractViolation | undefined) {
    return verdict('toHaveConformed', exchange, violation);
  },
});
