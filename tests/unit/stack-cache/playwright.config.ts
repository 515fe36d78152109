import { defineConfig } from '@playwright/test';

/** Runs the stack cache's check in a real Playwright worker (tests/unit/stack-cache.test.ts). */
export default defineConfig({ testDir: '.', testMatch: '*.pw.ts', reporter: 'line', workers: 1 });
