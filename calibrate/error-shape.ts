import { ERROR_SCHEMA } from '../schemas/catalogue';
import { validator } from '../schemas/registry';
import { roleOf } from '../sandbox/errors';
import type { FieldDifference } from './compare-schema';
import type { Finding } from './difference';

/**
 * The error body every 4xx carries is one definition, `common.json#/$defs/error` (ERROR_SCHEMA): the
 * suite holds every 4xx to it and the sandbox builds its error bodies from it (sandbox/errors.ts).
 * Learning it from a source replaces that one definition.
 */
const [, pointer] = ERROR_SCHEMA.split('#');
export const ERROR_PLACE = { file: ERROR_SCHEMA.split('#')[0].split('/').pop()!, pointer: pointer.split('/').filter(Boolean) };

/** The sandbox fills each field of the error body by what its name or type says it carries; a required field it cannot place needs a hand edit. */
function unplaceable(learned: { properties?: Record<string, { type?: unknown }>; required?: string[] }): string[] {
  return (learned.required ?? []).filter((name) => !roleOf(name, learned.properties?.[name] ?? {}));
}

/**
 * `observed`: the bodies seen, when the shape was inferred from answers. Every one of them the
 * catalogue's definition takes is no difference, whatever the inferred shape says: DRF's field-errors
 * map has a key per field, which a comparison of properties would read as a body of another shape.
 */
export function errorShapeFinding(differences: FieldDifference[], learned: Record<string, unknown>, how: string, observed?: unknown[]): Finding | undefined {
  if (!differences.length || observed?.every((body) => validator(ERROR_SCHEMA)(body))) return undefined;
  const unknown = unplaceable(learned);
  const list = (side: 'catalogue' | 'upstream') => Object.fromEntries(differences.map((d) => [`${d.field} ${d.aspect}`, d[side]]));
  return {
    operation: null,
    group: 'error body',
    kind: 'error_shape',
    catalogue: list('catalogue'),
    upstream: list('upstream'),
    summary: `the 4xx error body ${how} differs: ${differences.map((d) => `${d.field} ${d.aspect}${d.note ? ` (${d.note})` : ''}`).join('; ')}`,
    edits: [{ file: ERROR_PLACE.file, pointer: ERROR_PLACE.pointer, action: 'replace', value: learned }],
    handEdits: unknown.length ? [`sandbox/errors.ts (cannot tell what ${unknown.join(', ')} carries)`] : undefined,
  };
}
