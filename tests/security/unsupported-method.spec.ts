import { test, expandPath, unsupported_method, checkCase, METHODS, randomParams, pool } from '../../helpers/test';
import { answeredMethods, declaredMethods, operations } from '../../schemas/catalogue';

/**
 * unsupported_method on every catalogued path: each method no catalogued operation answers there
 * gets 405, an Allow header naming the path's methods, and the error body. CRM paths are only
 * partly catalogued (the suite needs Create and Delete Lead; the real CRM also lists and reads
 * leads), so the catalogue cannot say which methods they refuse: those tests are skipped, saying so.
 */
const paths = [...new Set(operations.map((o) => o.path))];

for (const path of paths) {
  const op = operations.find((o) => o.path === path)!;
  test(`${path} answers 405 with Allow: ${declaredMethods(path).join(', ')} to any other method`, { tag: '@security' }, async ({ api, cfg }) => {
    test.skip(!op.los, `${path} belongs to the CRM, which the catalogue covers only in part: its other methods may exist`);
    const params = randomParams(op);
    const answered = answeredMethods(expandPath(op, params));
    // Independent probes: sent CONCURRENCY at a time.
    await pool(
      METHODS.filter((m) => !answered.includes(m)),
      cfg.concurrency,
      (method) =>
        test.step(
          `${method} is refused`,
          async () => {
            const exchange = await api.send(op.id, { params, method, purpose: 'method' });
            checkCase(`${method} ${path}`, exchange, {}, [unsupported_method]);
          },
          { box: true },
        ),
    );
  });
}
