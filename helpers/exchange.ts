import type { Method, Operation } from '../schemas/catalogue';
import type { RecordedRequest } from './curl';

/**
 * The transport's types, apart from the transport: the checks, the drift finder and the reports
 * read an exchange without depending on how it was sent.
 */
export interface FilePart {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  /** Raw request body text, sent as is (for malformed-JSON checks). */
  rawBody?: string;
  multipart?: Record<string, string | FilePart>;
  headers?: Record<string, string>;
  /** Override the Authorization header; null sends none. */
  authorization?: string | null;
  /** Send another method to the operation's path (for unsupported-method checks). */
  method?: Method;
  /** Why the call is made; the coverage report counts calls per purpose. */
  purpose?: string;
}

/** One request and its response, as the checks and the reports see it. */
export interface Exchange {
  op: Operation;
  purpose: string;
  request: RecordedRequest;
  status: number;
  /**
   * The schema the body must match, resolved once from the catalogue for this (operation, status)
   * (`responseSchema`): null when the status has no body, undefined when nothing is documented.
   */
  schema: string | null | undefined;
  headers: Record<string, string>;
  text: string;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  json: unknown;
  ms: number;
  curl: string;
  /** When the answer arrived, in epoch ms of this machine's clock (unknown for recorded traffic). */
  receivedAt?: number;
}
