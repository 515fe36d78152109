import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { AccountReservoir, type AheadAccount, type AheadBatch } from '../../helpers/account-reservoir';
import type { Config } from '../../helpers/core/config';
import type { Janitor } from '../../helpers/janitor';
import { playwrightTest } from '../../scripts/child';
import { ownTarget } from './own-target';
import { Faults } from '../../sandbox/faults/index';

const ahead = (n: number, ownLead?: string): AheadAccount => ({
  account: { id: `account-${n}`, status: 'activation' } as AheadAccount['account'],
  ...(ownLead ? { ownLead } : {}),
});

describe('accounts made ahead', () => {
  it('several takers at once wait for one batch of CONCURRENCY, then a new batch only when it is used up', async () => {
    const reservoir = new AccountReservoir({ concurrency: 3 } as Config);
    const batches: number[] = [];
    let made = 0;
    const make = async (count: number): Promise<AheadBatch> => {
      batches.push(count);
      await new Promise((resolve) => setTimeout(resolve, 10));
      // The first batch shares a lead; the second is made as under a target that keeps one account per lead.
      const first = batches.length === 1;
      const accounts = Array.from({ length: count }, () => {
        const n = made++;
        return ahead(n, first ? undefined : `lead-${n}`);
      });
      return first ? { accounts, sharedLead: 'lead-shared' } : { accounts };
    };
    const taken = await Promise.all([reservoir.take(make), reservoir.take(make)]);
    assert.deepEqual(batches, [3], 'one batch for both takers');
    assert.deepEqual(
      taken.map((t) => t.account.id),
      ['account-0', 'account-1'],
    );
    await reservoir.take(make);
    assert.deepEqual(batches, [3], 'the third account comes from the same batch');
    await reservoir.take(make);
    assert.deepEqual(batches, [3, 3], 'a second batch once the first is used up');

    const handed: Array<{ owner: string; accounts?: readonly unknown[]; leads: readonly unknown[]; last?: true }> = [];
    reservoir.release({
      dispose: (owner, accounts, leads) => void handed.push({ owner, accounts, leads }),
      disposeLast: (owner, leads) => void handed.push({ owner, leads, last: true }),
    } as Janitor);
    assert.deepEqual(handed, [
      {
        owner: 'accounts made ahead that no test took',
        accounts: [
          { id: 'account-4', status: 'activation' },
          { id: 'account-5', status: 'activation' },
        ],
        leads: ['lead-4', 'lead-5'],
      },
      { owner: 'the leads of the accounts made ahead', leads: ['lead-shared'], last: true },
    ]);
  });

  it('a failed batch fails its takers, and the next take tries again', async () => {
    const reservoir = new AccountReservoir({ concurrency: 2 } as Config);
    let calls = 0;
    const make = async (count: number) => {
      calls += 1;
      if (calls === 1) throw new Error('Accounts › Create answered 500');
      return { accounts: Array.from({ length: count }, (_, i) => ahead(i)) };
    };
    await assert.rejects(Promise.all([reservoir.take(make), reservoir.take(make)]), /answered 500/);
    assert.equal((await reservoir.take(make)).account.id, 'account-0');
    assert.equal(calls, 2);
  });
});

describe('accounts made ahead, against a target that keeps one account per lead', () => {
  it(
    'get a lead each once it refuses a second: only the tests that need two accounts under one lead go red, and nothing is left',
    { timeout: 120_000 },
    async () => {
      const target = await ownTarget('one-account-per-lead', { faults: Faults.parse('one_account_per_lead') });
      try {
        const run = await playwrightTest(['tests/contract/accounts.spec.ts', 'tests/lifecycle/accounts.spec.ts', '--workers=1'], {
          env: target.env({ LOS_RUN_ID: `rlead${randomBytes(3).toString('hex')}`, CONSOLE_REPORTER: 'list', COVERAGE_GATE: 'off' }),
          timeoutMs: 100_000,
        });
        const failed = [...run.output.matchAll(/✘ .* › (Accounts › [^@\n]+?) @/g)].map((m) => m[1]);
        assert.deepEqual(
          [...new Set(failed)].sort(),
          [
            'Accounts › Create refuses a second account with the same ref_id with 409',
            'Accounts › List pages through the accounts of a lead without duplicates',
          ],
          run.output.slice(-3000),
        );
        assert.match(run.output, /leftovers: none/, run.output.slice(-3000));
      } finally {
        await target.close();
      }
    },
  );
});

describe('the janitor', () => {
  it('what it cannot remove fails the run when the worker stops, named with the curl line that removes it', { timeout: 120_000 }, async () => {
    // A gateway that answers 502 to every CRM › Delete Lead: the janitor asks again with backoff, then gives up.
    const target = await ownTarget('janitor', { network: { failEvery: 1, failOperations: ['leads.delete'] } });
    try {
      const runId = `rjan${randomBytes(3).toString('hex')}`;
      const run = await playwrightTest(['tests/contract/accounts.spec.ts', '-g', 'Detail returns the account as created', '--workers=1'], {
        env: target.env({ LOS_RUN_ID: runId, CONCURRENCY: '2', CONSOLE_REPORTER: 'line' }),
        timeoutMs: 100_000,
      });
      assert.notEqual(run.code, 0, run.output);
      assert.match(run.output, /1 passed/, 'the test itself passed: its verdict never waited on its cleanup');
      assert.match(run.output, new RegExp(`cleanup of run ${runId} left records behind`), run.output);
      assert.match(
        run.output,
        /deleting lead \S+ answered 502; remove it with: curl -sS -X DELETE '[^']+\/v1\/crm\/leads\/\S+\/' -H "Authorization: Bearer \$API_TOKEN"/,
      );
      assert.ok(!run.output.includes('sandbox-token-tenant-a'), 'the token is never printed');
    } finally {
      await target.close();
    }
  });
});
