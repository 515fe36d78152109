import { title } from '../../schemas/catalogue';
import type { Exchange } from '../core/exchange';
import { redact } from '../core/redact';
import { diagnose, type Breach, type Diagnosis, type Finding } from './diagnose';

/** The typed failures the checks raise: what broke, where, expected and actual values. */
export interface Problem {
  path: string;
  expected: string;
  actual: string;
  /**
   * The problem proves a security defect by itself, whatever the status: the answer carries a
   * record the caller must not see, or a refused request changed one. A refusal with another
   * status or error body proves nothing (helpers/checks/diagnose.ts).
   */
  proof?: true;
}

export class CheckFailure extends Error {
  constructor(
    readonly check: string,
    readonly problems: Problem[],
    /** The security defect the check's failure proves when the target served the request (Check.breach). */
    readonly breach?: Breach,
  ) {
    super(`${check}: ${problems.map((p) => `${p.path || '(root)'} expected ${p.expected}, got ${p.actual}`).join('; ')}`);
    this.name = 'CheckFailure';
  }
}

/** The failed checks' problems as the triage reads them. */
export const findingsOf = (failures: readonly CheckFailure[]): Finding[] =>
  failures.flatMap((f) => f.problems.map((p) => ({ check: f.check, ...p, ...(f.breach ? { breach: f.breach } : {}) })));

/** All failures of one exchange, reported together with its root cause, the body and a curl line to reproduce. */
export class ContractViolation extends Error {
  readonly findings: Finding[];
  readonly diagnosis: Diagnosis;

  constructor(
    readonly exchange: Exchange,
    readonly failures: CheckFailure[],
  ) {
    const { op, request, status, text, curl } = exchange;
    const lines = failures.flatMap((f) => f.problems.map((p) => `  ✗ ${f.check} at ${p.path || '(root)'}: expected ${p.expected}, actual ${p.actual}`));
    const body = text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} bytes)` : text || '(empty)';
    const findings = findingsOf(failures);
    const diagnosis = diagnose(exchange, findings);
    super(
      redact(
        `${title(op)} (${request.method} ${op.path}) broke the contract:\n${lines.join('\n')}\ncause: ${diagnosis.cause}: ${diagnosis.headline}\nfix: ${diagnosis.fix}\nResponse ${status} body:\n  ${body}\nReproduce:\n  ${curl}`,
      ),
    );
    this.name = 'ContractViolation';
    this.findings = findings;
    this.diagnosis = diagnosis;
  }
}
