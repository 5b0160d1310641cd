import type { Response } from 'restify';

/** Every API error has the same JSON shape: { error: { code, message } }, message in Japanese then English. */
export function sendError(
  res: Response,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  fields?: Record<string, string>,
): void {
  for (const [name, value] of Object.entries(headers)) res.header(name, value);
  res.status(status);
  res.json({ error: { code, message, ...(fields ? { fields } : {}) } });
}

export class HttpError extends Error {
  /** `headers` go on the error response (e.g. a 401's WWW-Authenticate challenge). */
  /** `fields`: for a 400 about the request's fields, each bad field with its message (`error.fields` in the answer). */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
