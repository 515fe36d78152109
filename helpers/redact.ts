/**
 * Bearer tokens never leave the process in clear: every header, body, log line and attachment the
 * suite writes goes through here first.
 */
const secrets = new Set<string>();
export const REDACTED = '[REDACTED]';

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  // Runs on every attachment of every call, with a secret per lead a worker created: look before copying.
  for (const secret of secrets) if (out.includes(secret)) out = out.replaceAll(secret, REDACTED);
  // `Bearer $API_TOKEN` in a curl line is a placeholder the reader's shell fills in: keep it.
  return out.replace(/(Bearer\s+)(?!\$API_TOKEN\b)[^\s"',]+/gi, `$1${REDACTED}`);
}

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
