import { ERROR_SCHEMA } from '../schemas/catalogue';
import type { FieldDifference } from './compare-schema';
import type { Finding } from './difference';

/**
 * The error body every 4xx carries is one definition, `common.json#/$defs/error` (ERROR_SCHEMA): the
 * suite holds every 4xx to it and the sandbox builds its error bodies from it. Learning it from a
 * source replaces that one definition.
 */
const [, pointer] = ERROR_SCHEMA.split('#');
export const ERROR_PLACE = { file: ERROR_SCHEMA.split('#')[0].split('/').pop()!, pointer: pointer.split('/').filter(Boolean) };

export function errorShapeFinding(differences: FieldDifference[], learned: unknown, how: string): Finding | undefined {
  if (!differences.length) return undefined;
  const list = (side: 'catalogue' | 'upstream') => Object.fromEntries(differences.map((d) => [`${d.field} ${d.aspect}`, d[side]]));
  return {
    operation: null,
    group: 'error body',
    kind: 'error_shape',
    catalogue: list('catalogue'),
    upstream: list('upstream'),
    summary: `the 4xx error body ${how} differs: ${differences.map((d) => `${d.field} ${d.aspect}${d.note ? ` (${d.note})` : ''}`).join('; ')}`,
    edits: [{ file: ERROR_PLACE.file, pointer: ERROR_PLACE.pointer, action: 'replace', value: learned }],
  };
}
