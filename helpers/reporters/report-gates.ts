import type { QualityGateValidationResult } from '@allurereport/plugin-api';
import { gateFullName, GATES } from '../checks/allure-evidence';

/**
 * The run's gates for the report's Quality Gates tab. The gates are judged during the run and
 * written as results under "Run gates" (helpers/checks/allure-evidence.ts writeGate); this reads
 * each gate's result back, so the tab says what the run decided, with its figures, and judges
 * nothing anew. A gate the run did not reach (the secret scan runs only under
 * `npm run conformance`; nothing runs after a failed preflight) is listed as not run.
 *
 * Allure's own quality-gate rules are not used: `allure generate` does not apply them, and its
 * validator needs Node 22 (Iterator.prototype.toArray) where this project supports Node 20.
 */
interface GateResult {
  id: string;
  fullName?: string;
  name: string;
  status: string;
}

export function qualityGateResults(results: readonly GateResult[]): QualityGateValidationResult[] {
  return GATES.map((name) => {
    const result = results.find((r) => r.fullName === gateFullName(name));
    const actual = !result ? `${name}: not run` : `${result.name}${result.status === 'skipped' ? ' (reported only)' : ''}`;
    return {
      rule: name,
      success: result?.status !== 'failed',
      expected: 'passed',
      actual,
      message: actual,
      testResults: result ? [result.id] : [],
    };
  });
}
