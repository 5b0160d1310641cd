import { GraphError } from '@microsoft/microsoft-graph-client';

/** A Graph request that failed: its HTTP status (absent for network errors) and Graph's error code. */
export class GraphRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'GraphRequestError';
  }
}

/** The SDK throws GraphError (or a plain Error for network failures); callers see one shape. */
export function toGraphRequestError(error: unknown, what: string): GraphRequestError {
  if (error instanceof GraphRequestError) return error;
  if (error instanceof GraphError) {
    const status = error.statusCode > 0 ? error.statusCode : undefined;
    const retryAfter = Number(error.headers?.get('Retry-After'));
    return new GraphRequestError(
      `${what}: ${status ?? ''} ${error.code ?? ''} ${error.message}`.trim(),
      status,
      error.code ?? undefined,
      Number.isFinite(retryAfter) ? retryAfter : undefined,
    );
  }
  return new GraphRequestError(`${what}: ${(error as Error)?.message ?? String(error)}`, undefined, undefined);
}

/**
 * Worth trying again later: throttling (429), the service unavailable or overloaded (5xx,
 * 408) and network errors. Everything else is an answer (the request itself is wrong, or a
 * precondition failed) that another attempt would repeat.
 */
export function isTransient(error: GraphRequestError): boolean {
  return error.status === undefined || error.status === 408 || error.status === 429 || error.status >= 500;
}
