import { test, type Exchange, status_code_conformance, concurrency_conformance, checkCase } from '../../helpers/test';
import { accountRequest } from '../../fixtures/builders';
import { prepare } from '../../fixtures/requests/index';
import { accountTransitions } from '../../schemas/catalogue';

/** Enough parallel requests that a read-check-write without a lock lets more than one through. */
const PARALLEL = 5;

/** Sends `count` requests at once; each answer must be the success or a 409, and conform to the contract. */
const burst = (count: number, send: () => Promise<Exchange>): Promise<Exchange[]> =>
  test.step(
    `Send ${count} requests in parallel`,
    async () => {
      const answers = await Promise.all(Array.from({ length: count }, send));
      for (const [i, answer] of answers.entries()) {
        checkCase(`parallel request ${i + 1}/${count}`, answer, { status: [answer.op.success, 409] }, [status_code_conformance]);
      }
      return answers;
    },
    { box: true },
  );

/**
 * concurrency_conformance: requests racing for something only one can have. Exactly one wins,
 * the others get 409, and the re-read shows the winner's record once, as the winner answered it
 * (a lost update shows up as a second winner or as a re-read that a later writer changed).
 */
test.describe('Concurrency', () => {
  test(`one approval approved by ${PARALLEL} parallel requests is approved exactly once`, { tag: '@negative' }, async ({ api, factory, faker, cfg }) => {
    const prepared = await test.step('Prepare a pending approval', () => prepare('approvals.approve', { api, factory, faker, cfg }), { box: true });
    const parallel = await burst(PARALLEL, () => api.send('approvals.approve', { ...prepared, purpose: 'concurrency' }));
    const reread = await api.send('approvals.get', { params: prepared.params, purpose: 'concurrency' });
    checkCase('the approval after the race', reread, { status: 200, parallel }, [concurrency_conformance]);
  });

  test(`one account approved by ${PARALLEL} parallel requests is approved exactly once`, { tag: '@negative' }, async ({ api, factory }) => {
    const account = await factory.account(accountTransitions['accounts.approve'].from[0]);
    const params = { account_id: account.id };
    const parallel = await burst(PARALLEL, () => api.send('accounts.approve', { params, body: {}, purpose: 'concurrency' }));
    const reread = await api.send('accounts.detail', { params, purpose: 'concurrency' });
    checkCase('the account after the race', reread, { status: 200, parallel }, [concurrency_conformance]);
  });

  test('two parallel creates with the same ref_id make exactly one account; the other gets 409', { tag: '@negative' }, async ({ api, factory, faker, cfg }) => {
    const body = accountRequest(faker, (await factory.lead()).id, cfg.programId, cfg.runId);
    const parallel = await burst(2, () => api.send('accounts.create', { body, purpose: 'concurrency' }));
    const reread = await api.send('accounts.list', { query: { ref_id: body.ref_id, page_size: 100 }, purpose: 'concurrency' });
    checkCase(`the accounts with ref_id ${body.ref_id} after the race`, reread, { status: 200, parallel }, [concurrency_conformance]);
  });
});
