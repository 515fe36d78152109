import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * `npm run bench`'s measurements inside a Playwright worker (scripts/bench/*.bench.ts), with the
 * suite's own fixtures, checks and reporters. Not matched by the main config: never part of `npm test`.
 */
export default defineConfig({ ...base, testDir: 'scripts/bench', testMatch: '*.bench.ts', fullyParallel: false, workers: 1 });
