/**
 * Epoch seconds with a fractional part, strictly increasing within the process, so a record's
 * updated_at is after its created_at as on the real API.
 */
let last = 0;
export function now(): number {
  const t = Math.round((performance.timeOrigin + performance.now()) * 1000) / 1e6;
  last = t > last ? t : Math.round((last + 1e-6) * 1e6) / 1e6;
  return last;
}
