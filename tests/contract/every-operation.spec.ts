import { test, verify } from '../../helpers/test';
import { prepare } from '../../fixtures/requests/index';
import { operations, title } from '../../schemas/catalogue';

/** Every catalogued operation, sent a valid request, answers its success status with a conforming body. */
for (const op of operations) {
  test(
    `${title(op)} (${op.method} ${op.path}) answers ${op.success} to a valid request`,
    { tag: ['@contract', '@smoke'] },
    async ({ api, factory, faker, cfg }) => {
      const request = await test.step('Prepare a valid request', () => prepare(op.id, { api, factory, faker, cfg }), { box: true });
      verify(await api.send(op.id, request), { status: op.success });
    },
  );
}
