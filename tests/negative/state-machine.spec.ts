import { test, state_machine_conformance, checkCase, pool } from '../../helpers/test';
import { dropRequest } from '../../fixtures/builders';
import { accountTransitions, operation, TABLE_STATUSES, type AccountAction } from '../../schemas/catalogue';

const actions = Object.keys(accountTransitions) as AccountAction[];
const verb = (action: AccountAction): string => action.split('.')[1];

/**
 * state_machine_conformance from the declared transition table: every action from a status it
 * is not allowed from (activate a dropped account, reopen an active one, approve twice, …) is
 * refused with 409 (as catalogued; any 4xx where no 409 is catalogued) and the account, re-read,
 * is exactly as it was. Each illegal pair gets a fresh account, so one accepted transition
 * cannot hide the others, and the pairs stand alone: CONCURRENCY at a time. The statuses are the table's own: one the target does not have shows up
 * as a setup the table does not predict (lifecycle_differs), not as a crash.
 */
for (const status of TABLE_STATUSES) {
  const illegal = actions.filter((action) => !(accountTransitions[action].from as readonly string[]).includes(status));
  test(
    `an account in status ${status} refuses ${illegal.map(verb).join(', ')} and stays as it was`,
    { tag: '@negative' },
    async ({ api, factory, faker, cfg }) => {
      await pool(illegal, cfg.concurrency, (action) =>
        test.step(
          `${verb(action)} from ${status} is refused`,
          async () => {
            // Drawn before any wait, so the data stays the seed's whatever order the answers come in.
            const body = action === 'accounts.drop' ? dropRequest(faker, cfg.runId) : {};
            const account = await factory.account(status);
            const params = { account_id: account.id };
            const refusal = operation(action).responses[409] !== undefined ? 409 : [400, 403, 409, 422];
            const refused = await api.send(action, { params, body, purpose: 'state' });
            checkCase(`${verb(action)} from ${status}`, refused, { status: refusal }, [state_machine_conformance]);
            const reread = await api.send('accounts.detail', { params, purpose: 'state' });
            checkCase(`the ${status} account re-read after the refused ${verb(action)}`, reread, { status: 200, unchanged: account }, [
              state_machine_conformance,
            ]);
          },
          { box: true },
        ),
      );
    },
  );
}
