import { test as base } from '@playwright/test';
import type { Faker } from '@faker-js/faker';
import { seededFaker } from '../fixtures/builders';
import { LosClient } from './net/api';
import { flushJsonLines } from './core/calls';
import { config, type Config } from './core/config';
import { callFailed, skipIfTimedOut } from './checks/cause-ledger';
import { expect } from './checks/conform';
import { guardConsole } from './reporters/console-guard';
import { Factory } from './factory';
import { AccountReservoir } from './account-reservoir';
import { Janitor } from './janitor';
import { requestContextOptions } from './net/network';
import { registerSecret } from './core/redact';
import { cacheStackFrames } from './core/stack-cache';

cacheStackFrames();

interface TestFixtures {
  /** Writes the run records (calls, check cases) a test queued, once, when it ends. */
  records: void;
  /** The tenant under test (API_TOKEN). */
  api: LosClient;
  /** A second tenant (ISOLATION_TOKEN); the test is skipped, with the reason, when none is configured. */
  otherTenant: LosClient;
  faker: Faker;
  factory: Factory;
}

interface WorkerFixtures {
  cfg: Config;
  /** Removes what the worker's tests created once each one ends, without the test waiting. */
  janitor: Janitor;
  /** Accounts made ahead for tests that only need one in its first status. */
  accountReservoir: AccountReservoir;
}

/**
 * Every fixture here is `box: 'self'`: Playwright then makes no step of its own for it (a step costs a
 * captured stack, two messages to the runner and a turn through every reporter, some 1,300 times a
 * run) while the steps inside it, the calls' included, are still reported, under the test's hooks.
 */
const SELF = { box: 'self' } as const;

export const test = base.extend<TestFixtures, WorkerFixtures>({
  cfg: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const cfg = config();
      registerSecret(cfg.token);
      registerSecret(cfg.isolationToken);
      guardConsole();
      await use(cfg);
    },
    { scope: 'worker', ...SELF },
  ],

  janitor: [
    async ({ cfg }, use) => {
      const janitor = new Janitor(cfg);
      await use(janitor);
      // After every test of the worker (and the reservoir, which depends on it) is torn down.
      await janitor.drain();
    },
    { scope: 'worker', ...SELF },
  ],

  accountReservoir: [
    async ({ cfg, janitor }, use) => {
      const reservoir = new AccountReservoir(cfg);
      await use(reservoir);
      reservoir.release(janitor);
    },
    { scope: 'worker', ...SELF },
  ],

  records: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use();
      flushJsonLines();
    },
    { auto: true, ...SELF },
  ],

  api: [
    async ({ playwright, cfg }, use) => {
      const context = await playwright.request.newContext(requestContextOptions(cfg));
      await use(new LosClient(context, cfg, cfg.token, { callFailed, skipIfTimedOut }));
      await context.dispose();
    },
    SELF,
  ],

  otherTenant: [
    async ({ playwright, cfg }, use) => {
      test.skip(!cfg.isolationToken, 'ISOLATION_TOKEN is not set: tenant isolation needs the token of a second tenant');
      const context = await playwright.request.newContext(requestContextOptions(cfg));
      await use(new LosClient(context, cfg, cfg.isolationToken as string, { callFailed, skipIfTimedOut }));
      await context.dispose();
    },
    SELF,
  ],

  faker: [
    async ({ cfg }, use, testInfo) => {
      await use(seededFaker(cfg.fakerSeed, `${testInfo.titlePath.join(' › ')}#${testInfo.repeatEachIndex}`));
    },
    SELF,
  ],

  factory: [
    async ({ api, faker, cfg, accountReservoir, janitor }, use) => {
      const factory = new Factory(api, faker, cfg, accountReservoir, janitor);
      await use(factory);
      factory.cleanup();
    },
    SELF,
  ],
});

/** Playwright's expect with the contract matcher, `expect(exchange).toConform(…)`. */
export { expect };

// The one entry for specs and fixtures: what they use of helpers/, re-exported from where it lives.
export { DEFAULT_CHECKS, echoed, status_code_conformance, verify } from './checks/checks';
export {
  concurrency_conformance,
  ensure_resource_availability,
  ignored_auth,
  negative_data_rejection,
  persisted,
  positive_data_acceptance,
  state_machine_conformance,
  tenant_isolation,
  unsupported_method,
  use_after_free,
} from './checks/checks-conformance';
export { idOf, isList, listedIds, listOf, METHODS, randomParams, readerOf, rereadOf } from './checks/checks-scenarios';
export { checkCase } from './checks/conform';
export { catalogueEntry } from './checks/diagnose';
export { negativeCases } from './checks/negative';
export type { Wire } from './checks/negative';
export { expectPagination } from './checks/pagination';
export { sameMoment } from './checks/timestamps';
export { recordCall } from './core/calls';
export type { Config } from './core/config';
export { namedFields } from './core/error-fields';
export type { CallOptions, Exchange, FilePart, RequestBody, SuccessBody } from './core/exchange';
export { pool } from './core/pool';
export type { Factory } from './factory';
export { expandPath } from './net/api';
export type { LosClient } from './net/api';
