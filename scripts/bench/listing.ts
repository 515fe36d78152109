import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { playwrightTest } from '../child';

/** A test as `playwright test --list` finds it; `file` is the path from the working directory (tests/…). */
export interface ListedTest {
  file: string;
  line: number;
  title: string;
}

/** The part of Playwright's JSON report a listing fills: specs by file, nested as the describes are. */
interface JsonSuite {
  specs: Array<{ title: string; file: string; line: number }>;
  suites?: JsonSuite[];
}
interface JsonReport {
  config: { rootDir: string };
  suites: JsonSuite[];
}

const specsOf = (suite: JsonSuite): JsonSuite['specs'] => [...suite.specs, ...(suite.suites ?? []).flatMap(specsOf)];

/**
 * The tests `playwright test --list` finds with this project's config, in Playwright's order, read
 * from its JSON reporter's file. `--reporter` on the command line replaces the config's reporters:
 * the suite's own would take a listing for an empty run, print no location, fail the coverage gate
 * and write that run's JUnit, HTML, coverage and Allure results over the last real run's. A listing
 * starts no web server and runs neither global setup nor teardown, so it needs no target.
 */
export async function listTests(env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<ListedTest[]> {
  const dir = mkdtempSync(join(tmpdir(), 'los-listing-'));
  const file = join(dir, 'listing.json');
  try {
    const run = await playwrightTest(['--list', '--reporter=json'], { timeoutMs, env: { ...env, PLAYWRIGHT_JSON_OUTPUT_FILE: file } });
    if (run.code !== 0 || !existsSync(file)) {
      throw new Error(
        `playwright test --list --reporter=json ended with exit code ${run.code}${existsSync(file) ? '' : ' and wrote no listing'}:\n${run.output.slice(-2000)}`,
      );
    }
    const report = JSON.parse(readFileSync(file, 'utf8')) as JsonReport;
    const tests = report.suites.flatMap(specsOf).map((spec) => ({
      file: relative(process.cwd(), join(report.config.rootDir, spec.file)),
      line: spec.line,
      title: spec.title,
    }));
    if (!tests.length) throw new Error(`playwright test --list listed no test:\n${run.output.slice(-2000)}`);
    return tests;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
