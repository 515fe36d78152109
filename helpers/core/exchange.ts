import type { Method, Operation, OperationId } from '../../schemas/catalogue';
import type { Operations } from '../../schemas/types/operations';
import type { RecordedRequest } from './curl';
import type { Transition } from './lifecycle';

/**
 * The transport's types, apart from the transport: the checks, the drift finder and the reports
 * read an exchange without depending on how it was sent.
 */
export interface FilePart {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** True when `Id` is one operation id, false for a union of them (code that walks many operations alike). */
type IsOne<Id, All = Id> = Id extends unknown ? ([All] extends [Id] ? true : false) : never;

/**
 * The JSON body a call of `Id` sends: the type generated from the operation's request schema
 * (schemas/types/operations.ts), `never` when it takes none. Code that walks many operations alike
 * names no single one, so its bodies are any JSON.
 */
export type RequestBody<Id extends OperationId> = [IsOne<Id>] extends [true] ? Operations[Id]['request'] : unknown;
/** The statuses the catalogue documents for `Id` (for a union of operations, those every one of them documents). */
export type DocumentedStatus<Id extends OperationId> = keyof Operations[Id]['responses'];
/** The body of a documented status of `Id`, typed from that status's schema (`undefined` when it has none). */
export type ResponseBody<Id extends OperationId, Status extends DocumentedStatus<Id>> = Operations[Id]['responses'][Status];
/** The body of the success status of `Id`. */
export type SuccessBody<Id extends OperationId> = ResponseBody<Id, Operations[Id]['success'] & DocumentedStatus<Id>>;

export interface CallOptions<Id extends OperationId = OperationId> {
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  /** The JSON body, of the operation's request type. */
  body?: RequestBody<Id>;
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
export interface Exchange<Id extends OperationId = OperationId> {
  op: Operation<Id>;
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
  /** The parsed JSON body, or undefined when the body is empty or not JSON; typed once verified (`Verified`). */
  json: unknown;
  ms: number;
  curl: string;
  /** When the answer arrived, in epoch ms of this machine's clock (unknown for recorded traffic). */
  receivedAt?: number;
  /** For an account action or create: the status the client last saw the account in, and the one answered. */
  transition?: Transition;
}

/** An exchange `verify` found answering a documented status with a conforming body: the body has that schema's generated type. */
export type Verified<Id extends OperationId, Status extends DocumentedStatus<Id>> = Exchange<Id> & { json: ResponseBody<Id, Status> };
