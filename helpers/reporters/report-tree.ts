import type { Suite, TestCase } from '@playwright/test/reporter';

/**
 * Where a test sits in the Allure report's tree (allurerc.mjs groups by epic › feature › story) and
 * how much its failure weighs. Most tests are filed under the operations they call (feature =
 * group, story = Group › Operation, helpers/reporters/allure-reporter.ts); the specs below drive
 * many operations at once and get a heading of their own instead, with their tests right under it.
 * Their spec file stays a label (`suite`, from allure-playwright).
 */
const OWN_HEADINGS: Readonly<Record<string, string>> = {
  'lifecycle/full-journey.spec.ts': 'Journeys',
  'negative/concurrency.spec.ts': 'Concurrency',
  'reliability/cleanup.spec.ts': 'Cleanup',
};

/** The labels a failed test carries besides its place: what it failed with, for the report's categories. */
export const LABEL = { cause: 'cause', check: 'check' } as const;

/** A token that opens another tenant's records, or any record without a valid token, is the worst a partner can ship. */
const CRITICAL_SPECS: ReadonlySet<string> = new Set(['security/auth.spec.ts', 'security/isolation.spec.ts']);

export type Severity = 'critical' | 'normal';

export interface SpecPlace {
  /** The spec file, relative to tests/ (as Playwright titles the file). */
  spec: string;
  /** A heading of its own: then no feature or story is derived from the test's calls. */
  feature?: string;
  severity: Severity;
}

/** The spec file a test is in, as Playwright titles it: relative to the test directory, with forward slashes. */
export const specOf = (test: TestCase): string => {
  for (let s: Suite | undefined = test.parent; s; s = s.parent) if (s.type === 'file') return s.title.replaceAll('\\', '/');
  return '';
};

export const placeOf = (spec: string): SpecPlace => ({
  spec,
  feature: OWN_HEADINGS[spec],
  severity: CRITICAL_SPECS.has(spec) ? 'critical' : 'normal',
});
