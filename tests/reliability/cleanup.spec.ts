import { test, expect } from '../../helpers/test';
import { accountTransitions, TABLE_STATUSES } from '../../schemas/catalogue';

/**
 * Teardown runs for failed tests too: this test creates records in every status and then fails.
 * scripts/leftovers.ts (the run's globalTeardown) fails the run if any of them is left open, and
 * tests/unit/leftovers.test.ts checks this test's own records on the sandbox afterwards.
 */
test.describe('Cleanup', () => {
  test('a test that fails midway still has its accounts dropped (active ones excepted) and its leads deleted', { tag: '@reliability' }, async ({ factory }) => {
    test.fail(true, 'fails on purpose once its records exist: the point is what teardown does next');
    await test.step('create accounts in every status a cleanup must handle', async () => {
      for (const status of TABLE_STATUSES.filter((s) => s !== accountTransitions['accounts.drop'].to)) await factory.account(status);
    });
    expect('this test, midway', 'fails here on purpose').toBe('finished');
  });
});
