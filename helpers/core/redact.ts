/**
 * Bearer tokens never leave the process in clear: every header, body, log line and attachment the
 * suite writes goes through here first.
 */
const secrets = new Set<string>();
export const REDACTED = '[REDACTED]';

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) secrets.add(value);
}

/**
 * `Bearer <credential>` in free text. Not a credential: `Bearer $API_TOKEN` in a curl line (a
 * placeholder the reader's shell fills in), and a challenge's auth-params (`WWW-Authenticate:
 * Bearer realm="api", error="invalid_token"`), quoted or JSON-escaped. The credential stops before
 * a quote or backslash, so redacting a JSON string's text never breaks its escapes.
 */
const BEARER = /(Bearer\s+)(?!\$API_TOKEN\b)(?![\w-]+\s*=\s*\\?"|[\w-]+=[^\s=,"\\])[^\s"'\\,]+/gi;

export function redact(text: string): string {
  let out = text;
  // Runs on every attachment of every call, with a secret per lead a worker created: look before copying.
  for (const secret of secrets) if (out.includes(secret)) out = out.replaceAll(secret, REDACTED);
  return out.replace(BEARER, `$1${REDACTED}`);
}

/**
 * The JSON text of a value with each string in it (object keys too) redacted on its own, before it
 * is serialized: redacting serialized text would reach across a string's quotes and escapes and
 * could leave text that is no longer JSON, which the reporters then fail to read back.
 */
export function redactJson(value: unknown, space?: number): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'string') return redact(v);
      if (!v || typeof v !== 'object' || Array.isArray(v) || !Object.keys(v).some((k) => redact(k) !== k)) return v;
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [redact(k), x as unknown]));
    },
    space,
  );
}

/** A JSON value's copy, each string in it redacted (see redactJson). */
export const redactValue = <T>(value: T): T => JSON.parse(redactJson(value)) as T;

const CREDENTIAL_HEADER = /^(authorization|cookie|set-cookie|x-api-key)$/i;

/** Credential headers keep only their scheme (`Bearer [REDACTED]`), whatever their value was. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      CREDENTIAL_HEADER.test(name) ? value.replace(/^(Bearer\s+)?[\s\S]*$/i, (_m, scheme: string | undefined) => `${scheme ?? ''}${REDACTED}`) : redact(value),
    ]),
  );
}

/**
 * An error as it may be shown: message and stack redacted. Playwright's errors carry a "Call log"
 * with every request header, the Authorization header included, so an error from the network is
 * rethrown through here before any reporter (or the console) sees it. The error code stays, so
 * callers can still tell a reset from a timeout.
 */
export function redactError(error: unknown): Error {
  const original = error instanceof Error ? error : new Error(String(error));
  const safe = new Error(redact(original.message));
  safe.name = original.name;
  safe.stack = redact(original.stack ?? `${original.name}: ${original.message}`);
  const code = (original as { code?: unknown }).code ?? (original.cause as { code?: unknown } | undefined)?.code;
  if (code !== undefined) Object.assign(safe, { code });
  return safe;
}
