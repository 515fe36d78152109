import { readFileSync } from 'node:fs';
import { registerSecret } from '../core/redact';

/** HAR 1.2 recordings (a browser's DevTools export), read for check-har and calibrate alike. */
export interface HarHeader {
  name: string;
  value: string;
}
export interface HarEntry {
  time?: number;
  request: { method: string; url: string; headers?: HarHeader[]; postData?: { mimeType?: string; text?: string } };
  response: { status: number; headers?: HarHeader[]; content?: { mimeType?: string; text?: string; encoding?: string } };
}

export class UnreadableHar extends Error {}

const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key)$/i;

export function readHar(file: string): HarEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UnreadableHar(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let har: unknown;
  try {
    har = JSON.parse(text);
  } catch (error) {
    throw new UnreadableHar(`${file} is not JSON: ${(error as Error).message}`);
  }
  const entries = (har as { log?: { entries?: unknown } } | null)?.log?.entries;
  if (!Array.isArray(entries)) throw new UnreadableHar(`${file} is not a HAR file: it has no log.entries array`);
  entries.forEach((entry: Partial<HarEntry>, i) => {
    const { request, response } = entry ?? {};
    if (typeof request?.method !== 'string' || typeof request.url !== 'string' || typeof response?.status !== 'number' || !URL.canParse(request.url)) {
      throw new UnreadableHar(`${file} is not a HAR 1.2 file: entries[${i}] lacks request.method, an absolute request.url or response.status`);
    }
  });
  return entries as HarEntry[];
}

/** Tokens and cookies in the recording are secrets even where they turn up outside headers (echoed in a body, say). */
export function registerCredentials(entries: HarEntry[]): void {
  for (const { request, response } of entries) {
    for (const { name, value } of [...(request.headers ?? []), ...(response.headers ?? [])]) {
      if (!CREDENTIAL_HEADER.test(name)) continue;
      registerSecret(value);
      registerSecret(value.replace(/^\S+\s+/, ''));
      for (const cookie of value.split(';')) registerSecret(cookie.split('=').slice(1).join('=').trim());
    }
  }
}

/** The JSON a recorded response carried, or undefined when it carried none (or the HAR left the body out). */
export function responseJson(entry: HarEntry): unknown {
  const { text, encoding, mimeType = '' } = entry.response.content ?? {};
  if (!text) return undefined;
  const body = encoding === 'base64' ? Buffer.from(text, 'base64').toString('utf8') : text;
  const type = entry.response.headers?.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? mimeType;
  if (!/json/i.test(type)) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
