/** A curl command that replays a request, with the token read from $API_TOKEN instead of printed. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  /** Body text sent as is (not JSON-encoded). */
  rawBody?: string;
  multipart?: Record<string, string | { name: string; mimeType: string; size: number }>;
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export function toCurl(request: RecordedRequest): string {
  const parts = ['curl', '-sS', '-X', request.method, quote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) {
    const shown = /^authorization$/i.test(name)
      ? /^Bearer /i.test(value)
        ? 'Authorization: Bearer $API_TOKEN'
        : 'Authorization: $AUTHORIZATION'
      : `${name}: ${value}`;
    parts.push('-H', /\$/.test(shown) ? `"${shown}"` : quote(shown));
  }
  if (request.multipart) {
    for (const [field, value] of Object.entries(request.multipart)) {
      parts.push('-F', quote(typeof value === 'string' ? `${field}=${value}` : `${field}=@${value.name};type=${value.mimeType}`));
    }
  } else if (request.rawBody !== undefined || request.body !== undefined) {
    parts.push('--data-raw', quote(request.rawBody ?? JSON.stringify(request.body)));
  }
  return parts.join(' ');
}
