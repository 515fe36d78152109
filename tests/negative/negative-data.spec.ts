import {
  test,
  expect,
  type CallOptions,
  negative_data_rejection,
  positive_data_acceptance,
  checkCase,
  negativeCases,
  type Wire,
  pool,
} from '../../helpers/test';
import { prepare, type Prepared } from '../../fixtures/requests/index';
import { operations, title, type Operation } from '../../schemas/catalogue';

/** One schema-constrained part of a request (its body, form fields or query) and how to send a variant of it. */
interface Part {
  ref: string;
  wire: Wire;
  valid: Record<string, unknown>;
  with: (data: unknown) => CallOptions;
}

function partsOf(op: Operation, prepared: Prepared): Part[] {
  const parts: Part[] = [];
  const rest = { params: prepared.params, query: prepared.query, body: prepared.body, multipart: prepared.multipart };
  if (op.request?.contentType === 'multipart/form-data') {
    const form = prepared.multipart ?? {};
    parts.push({
      ref: op.request.schema,
      wire: 'multipart',
      // The server sees a file part as its file name; a case only ever leaves a file part out.
      valid: Object.fromEntries(Object.entries(form).map(([name, value]) => [name, typeof value === 'string' ? value : value.name])),
      with: (data) => ({
        ...rest,
        multipart: Object.fromEntries(
          Object.entries(data as Record<string, string>).map(([name, value]) => [name, typeof form[name] === 'object' ? form[name] : value]),
        ),
      }),
    });
  } else if (op.request) {
    parts.push({ ref: op.request.schema, wire: 'json', valid: prepared.body ?? {}, with: (data) => ({ ...rest, body: data }) });
  }
  if (op.query) {
    const query = Object.fromEntries(Object.entries(prepared.query ?? {}).map(([name, value]) => [name, String(value)]));
    parts.push({ ref: op.query, wire: 'query', valid: query, with: (data) => ({ ...rest, query: data as Record<string, string> }) });
  }
  return parts;
}

/**
 * negative_data_rejection and positive_data_acceptance on every operation whose request a
 * schema constrains: each generated case breaks exactly one constraint (Ajv-confirmed) and must
 * be refused with 400/422 and the error body, never 5xx; then the valid request the cases came
 * from, built by faker, must still be accepted.
 */
for (const op of operations.filter((o) => o.request || o.query)) {
  test(
    `${title(op)} refuses each request that breaks one schema constraint with 400/422, and accepts a valid one`,
    { tag: '@negative' },
    async ({ api, factory, faker, cfg }) => {
      const id = op.id;
      const prepared = await test.step('Prepare a valid request', () => prepare(id, { api, factory, faker, cfg }), { box: true });
      const parts = partsOf(op, prepared);
      let total = 0;
      for (const part of parts) {
        const cases = negativeCases(part.ref, part.valid, part.wire);
        expect(cases.length, `negative cases generated from ${part.ref} (${part.wire})`).toBeGreaterThan(0);
        total += cases.length;
        // Each case stands alone (a conforming target changes nothing for it): CONCURRENCY at a time.
        await pool(cases, cfg.concurrency, (c, i) =>
          test.step(
            `negative ${i + 1}/${cases.length} (${part.wire}): breaks ${c.keyword} at ${c.path || '(root)'}: ${c.description}`,
            async () => {
              const exchange = await api.send(id, { ...part.with(c.data), purpose: 'negative' });
              checkCase(`${title(op)}: ${c.description}`, exchange, {}, [negative_data_rejection]);
            },
            { box: true },
          ),
        );
      }
      test.info().annotations.push({ type: 'negative cases', description: String(total) });
      await test.step(
        'positive: the valid request is accepted',
        async () => {
          const exchange = await api.send(id, { ...prepared, purpose: 'positive' });
          checkCase(`${title(op)}: valid request`, exchange, {}, [positive_data_acceptance]);
        },
        { box: true },
      );
    },
  );
}
