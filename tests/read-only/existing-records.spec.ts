import { test, type LosClient, recordCall, verify, listedIds, listOf, type Config, pool, catalogueEntry } from '../../helpers/test';
import { operation, operations, title, type Operation } from '../../schemas/catalogue';
import { paramNames } from '../../schemas/paths';

/**
 * READ_ONLY on a tenant that has data (playwright.config.ts runs this folder only then): every
 * read operation is called on records the tenant already has, found through the reads themselves
 * (the accounts list, then each account's sub-resource lists), so each GET operation gets a 2xx
 * wherever such a record exists. Records no read lists (a stamp, a mandate) are named in
 * READ_ONLY_RECORDS. An operation with nothing to read is skipped with the reason and
 * noted, so the read-only gate excuses it instead of failing the run; so is one that does not know
 * an id found through a listing the catalogue only infers (listedBy): that refutes the inference.
 */
const ACCOUNTS_LOOKED_AT = 20;
const reads = operations.filter((o) => o.los && o.method === 'GET' && o.id !== 'accounts.list');

async function firstIds(api: LosClient, list: Operation, params: Record<string, string>, size: number): Promise<string[]> {
  const answer = verify(await api.send(list.id, { params, query: { page_size: size }, purpose: 'discovery' }), { status: 200 });
  return listedIds(answer.json);
}

const nameOne = (param: string): string => `name one with READ_ONLY_RECORDS=${param}=<account_id>/<${param}>`;

/** Path parameters of a record the operation can read, or why there is none. */
async function existing(api: LosClient, op: Operation, cfg: Config): Promise<Record<string, string> | string> {
  const names = paramNames(op.path);
  const last = names[names.length - 1];
  const known = cfg.knownRecords[last];
  if (known) return { account_id: known.account_id, [last]: known.id };
  const accounts = await firstIds(api, operation('accounts.list'), {}, ACCOUNTS_LOOKED_AT);
  if (!accounts.length) return 'the tenant has no account to read';
  if (names.length === 1) return { account_id: accounts[0] };
  const list = listOf(op);
  if (!list) return `the contract has no read that lists ${last}s: ${nameOne(last)}`;
  const found = await pool(accounts, cfg.concurrency, async (account) => (await firstIds(api, list, { account_id: account }, 1))[0]);
  const index = found.findIndex(Boolean);
  return index < 0 ? `none of the first ${accounts.length} accounts has a record for ${title(list)}` : { account_id: accounts[index], [last]: found[index] };
}

function nothingToRead(cfg: Config, op: Operation, why: string): void {
  recordCall(cfg.reportsDir, { op: op.id, purpose: 'no-data', method: 'GET', status: 0, ms: 0, test: test.info().title });
  test.skip(true, `nothing to read: ${why}`);
}

for (const op of reads) {
  test(`${title(op)} (GET ${op.path}) answers ${op.success} on a record the tenant already has`, { tag: '@read-only' }, async ({ api, cfg }) => {
    const params = await test.step('Find an existing record', () => existing(api, op, cfg), { box: true });
    if (typeof params === 'string') return nothingToRead(cfg, op, params);
    const answer = await api.send(op.id, { params, purpose: 'valid' });
    const last = paramNames(op.path).at(-1)!;
    if (answer.status === 404 && op.listedBy && !cfg.knownRecords[last]) {
      // The id came from a list the catalogue only infers to hold these records: a 404 refutes the inference, not the target.
      return nothingToRead(
        cfg,
        op,
        `${title(op)} does not know the ${last} ${title(operation(op.listedBy))} gave (404): the catalogue's inference that that list holds them (listedBy at ${catalogueEntry(op)}) may not hold on this target; ${nameOne(last)}`,
      );
    }
    verify(answer, { status: op.success });
  });
}
