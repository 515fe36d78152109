/** The one error body of every 4xx the sandbox answers: `{ code, message, errors? }`. */
export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): { code: string; message: string; errors?: FieldError[] } {
    return this.errors ? { code: this.code, message: this.message, errors: this.errors } : { code: this.code, message: this.message };
  }
}

export const notFound = (what: string, id: string): ApiError => new ApiError(404, 'not_found', `${what} ${id} was not found`);
export const conflict = (message: string): ApiError => new ApiError(409, 'conflict', message);
export const invalid = (errors: FieldError[]): ApiError =>
  new ApiError(400, 'validation_error', `The request is invalid: ${errors.map((e) => `${e.path || '(body)'} ${e.message}`).join('; ')}`, errors);
