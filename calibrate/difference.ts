import type { Group, Method } from '../schemas/catalogue';
import type { Json } from './schema-view';

/** What `reports/calibration.json` lists, one entry per difference between the catalogue and its source. */
export type Kind = 'path' | 'method' | 'status' | 'request_field' | 'response_field' | 'error_shape' | 'missing_upstream' | 'not_in_catalogue';

export interface Difference {
  /** The catalogue operation id, or null when the difference belongs to none (upstream only, the error body). */
  operation: string | null;
  kind: Kind;
  catalogue: unknown;
  upstream: unknown;
  summary: string;
}

/** One edit `--write` makes; a difference without edits is reported for a person to settle. */
export type Edit =
  | { file: 'catalogue.ts'; operation: string; set: 'path'; value: string }
  | { file: 'catalogue.ts'; operation: string; set: 'method'; value: Method }
  | { file: 'catalogue.ts'; operation: string; set: 'success'; value: number }
  | { file: string; pointer: string[]; action: 'replace'; value: unknown }
  /** A `$ref` to a shared definition becomes a copy of it (`value`, beside the use's own keywords), so a keyword can change for this use alone; a no-op once copied. */
  | { file: string; pointer: string[]; action: 'inline'; value: Json }
  | { file: string; pointer: string[]; action: 'delete' }
  | { file: string; pointer: string[]; action: 'require' | 'unrequire'; name: string };

/** A difference as the commands handle it: where it belongs in the tables, and how to apply it. */
export interface Finding extends Difference {
  group: Group | 'upstream only' | 'error body';
  edits: Edit[];
  /** Sandbox files a person still has to edit after the edits are applied, and why. */
  handEdits?: string[];
}

export const toDifference = ({ operation, kind, catalogue, upstream, summary }: Finding): Difference => ({ operation, kind, catalogue, upstream, summary });
