/**
 * Named contract breaks the sandbox can be started with (SANDBOX_FAULTS=a,b), so the project's
 * own tests can prove the suite catches each one, and benign variations the contract allows,
 * which the suite must accept. Each fault says which specs must catch it: the mutation run
 * (scripts/mutation.ts) runs just those against a sandbox with the fault on.
 */
import type { FaultDefinition, Hooks, OpenApiDocument, SandboxReply, Seams } from '../fault-kit';
import type { Tenant } from '../store';
import { accountDataFaults } from './account-data';
import { accountFaults } from './accounts';
import { benignFaults } from './benign';
import { calibrationFaults } from './calibration';
import { checkFaults } from './negative-and-security';
import { documentFaults } from './documents';
import { timestampFaults } from './timestamps';
import { triageFaults } from './triage';

export type { FaultDefinition, SandboxReply };

/** Every fault, one file per area under sandbox/faults/. */
export const FAULTS = {
  ...accountFaults,
  ...accountDataFaults,
  ...documentFaults,
  ...checkFaults,
  ...timestampFaults,
  ...calibrationFaults,
  ...triageFaults,
  ...benignFaults,
};

export type FaultName = keyof typeof FAULTS;
export const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];

export class Faults {
  private readonly on: ReadonlySet<FaultName>;

  constructor(names: readonly string[]) {
    const unknown = names.filter((n) => !(n in FAULTS));
    if (unknown.length) throw new Error(`unknown sandbox fault(s): ${unknown.join(', ')}; known: ${FAULT_NAMES.join(', ')}`);
    this.on = new Set(names as FaultName[]);
  }

  static parse(list: string | undefined): Faults {
    return new Faults(
      (list ?? '')
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    );
  }

  has(name: FaultName): boolean {
    return this.on.has(name);
  }

  get active(): FaultName[] {
    return [...this.on];
  }

  /** The active faults that target an operation (a fault without `operations` targets them all). */
  private *targeting(operationId: string): Generator<FaultDefinition> {
    for (const name of this.on) {
      const fault: FaultDefinition = FAULTS[name];
      if (!fault.operations || fault.operations.includes(operationId)) yield fault;
    }
  }

  /** The router's seams for one operation, wrapped by the hooks of every active fault that targets it. */
  seams(operationId: string, own: Seams, tenants: readonly Tenant[]): Seams {
    const seams = { ...own };
    for (const { hooks } of this.targeting(operationId)) {
      if (hooks) for (const seam of Object.keys(hooks) as Array<keyof Hooks>) wrap(seams, seam, hooks, tenants);
    }
    return seams;
  }

  /** Where the sandbox serves an operation: the catalogue's path, unless a fault moves it. */
  path(operationId: string, path: string): string {
    let out = path;
    for (const fault of this.targeting(operationId)) if (fault.path) out = fault.path(out);
    return out;
  }

  /** The sandbox's OpenAPI export as its active faults make the API: each operation at the path it is served, and each fault's own change. */
  document(exported: OpenApiDocument): OpenApiDocument {
    const document = structuredClone(exported);
    const paths: OpenApiDocument['paths'] = {};
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(item)) (paths[op.operationId ? this.path(op.operationId, path) : path] ??= {})[method] = op;
    }
    document.paths = paths;
    for (const name of this.on) (FAULTS[name] as FaultDefinition).document?.(document);
    return document;
  }

  /** The active faults that answer or hold requests before routing. */
  get interceptors(): NonNullable<FaultDefinition['intercept']>[] {
    return [...this.on].flatMap((name) => (FAULTS[name] as FaultDefinition).intercept ?? []);
  }

  /** Applies every active fault's response rewrite that targets this operation. */
  rewrite(operationId: string, reply: SandboxReply): SandboxReply {
    let out = reply;
    for (const fault of this.targeting(operationId)) if (fault.respond) out = fault.respond(out);
    return out;
  }
}

function wrap<S extends keyof Seams>(seams: Seams, seam: S, hooks: Hooks, tenants: readonly Tenant[]): void {
  const hook = hooks[seam];
  if (hook) seams[seam] = hook(seams[seam], tenants);
}
