import { escapeToken } from '../../schemas/walk';

/**
 * The fields a 400 body names, as JSON pointers into the request (`/applicants/1/is_primary`), in
 * either dialect the catalogue's error definition may speak: a list of `{ path }` (a definition
 * learned by probe or calibrate, e.g. `{ code, message, errors }`), else Django REST Framework's
 * field-errors map, nested as the request is (`{}` for a valid list item, `non_field_errors` for
 * the body as a whole). A `{ detail }` body names no field.
 */
export function namedFields(body: unknown): string[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [];
  const record = body as Record<string, unknown>;
  if (typeof record.detail === 'string') return [];
  const listed = Array.isArray(record.errors) ? record.errors.filter((e): e is { path: string } => typeof (e as { path?: unknown })?.path === 'string') : [];
  if (listed.length) return listed.map((e) => e.path);
  return walk(record, '');
}

function walk(node: Record<string, unknown>, at: string): string[] {
  return Object.entries(node).flatMap(([key, value]) => {
    const pointer = key === 'non_field_errors' ? at : `${at}/${escapeToken(key)}`;
    if (typeof value === 'string') return [pointer];
    if (Array.isArray(value)) {
      const nested = value.flatMap((item, i) => (item && typeof item === 'object' ? walk(item as Record<string, unknown>, `${pointer}/${i}`) : []));
      return value.some((item) => typeof item === 'string') ? [pointer, ...nested] : nested;
    }
    return value && typeof value === 'object' ? walk(value as Record<string, unknown>, pointer) : [];
  });
}
