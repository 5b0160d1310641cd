/**
 * Graph's error responses: `{ error: { code, message, innerError: { date, request-id, client-request-id } } }`
 * with the basic codes of https://learn.microsoft.com/en-us/graph/errors (and, in innerError.code,
 * a more detailed one where Microsoft documents one). Route handlers throw a GraphError; the
 * pipeline turns it into the response, so every error the server sends has this one shape.
 */

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers (Retry-After, Location, WWW-Authenticate). */
    readonly headers: Record<string, string> = {},
    /** A more specific code, sent as innerError.code (as Graph nests detailed codes). */
    readonly innerCode?: string,
  ) {
    super(message);
  }
}

export interface ErrorIds {
  requestId: string;
  clientRequestId: string;
}

/** The JSON body Graph sends for `error`. innerError's date has no fraction or zone, as Graph writes it. */
export function errorBody(error: GraphError, ids: ErrorIds): { error: Record<string, unknown> } {
  const innerError: Record<string, string> = {
    date: new Date().toISOString().slice(0, 19),
    'request-id': ids.requestId,
    'client-request-id': ids.clientRequestId,
  };
  if (error.innerCode) innerError.code = error.innerCode;
  return { error: { code: error.code, message: error.message, innerError } };
}

export const invalidRequest = (message: string, innerCode?: string) => new GraphError(400, 'invalidRequest', message, {}, innerCode);

export const itemNotFound = (message = 'The resource could not be found.') => new GraphError(404, 'itemNotFound', message);

export const nameAlreadyExists = (message: string) => new GraphError(409, 'nameAlreadyExists', message);

/** An If-Match that no longer matches. SharePoint's message; Graph's code for it is preconditionFailed. */
export const preconditionFailed = (sent: string, current: string) =>
  new GraphError(
    412,
    'preconditionFailed',
    `The request ETag value '${sent}' does not match the object's ETag value '${current}'.`,
    {},
    'entityTagDoesNotMatch',
  );

export const methodNotAllowed = () => new GraphError(405, 'invalidRequest', 'Specified HTTP method is not allowed for the request target.');

/**
 * 429. SharePoint answers throttled Graph calls with activityLimitReached ("the app or user has been
 * throttled", graph/errors); Graph's own front end (here: the $batch envelope) with TooManyRequests
 * and innerError status 429, as in https://learn.microsoft.com/en-us/graph/throttling.
 */
export const throttled = (retryAfterSeconds: number, code: 'activityLimitReached' | 'TooManyRequests' = 'activityLimitReached') =>
  new GraphError(
    429,
    code,
    code === 'TooManyRequests' ? 'Please retry again later.' : 'The request has been throttled',
    { 'Retry-After': String(retryAfterSeconds) },
    code === 'TooManyRequests' ? '429' : 'throttledRequest',
  );

/**
 * 410 for a delta token the service can no longer serve: listitem-delta documents a 410 Gone whose
 * Location header holds a nextLink that starts a fresh enumeration, with the error
 * resyncChangesApplyDifferences; graph/errors lists resyncRequired as the basic code for "the delta
 * token is no longer valid". So: code resyncRequired, the detailed code in innerError.
 */
export const resyncRequired = (freshEnumerationUrl: string) =>
  new GraphError(
    410,
    'resyncRequired',
    "Resync required. Replace any local items with the server's version (including deletes) if you're sure that the service was up to date with your local changes when you last sync'd. Upload any local changes that the server doesn't know about.",
    { Location: freshEnumerationUrl },
    'resyncChangesApplyDifferences',
  );

/** 401 as Graph sends it, with the WWW-Authenticate challenge naming Graph's app id. */
export const invalidAuthenticationToken = (message: string) =>
  new GraphError(401, 'InvalidAuthenticationToken', message, {
    'WWW-Authenticate':
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
  });

/** A batch step whose dependsOn names a step that failed (json-batching: 424 Failed Dependency). */
export const failedDependency = (dependency: string) =>
  new GraphError(424, 'failedDependency', `The request depends on request '${dependency}', which failed.`);

/** Any other status a test asks for with failNext. */
export function faultFor(status: number, retryAfterSeconds: number | undefined): GraphError {
  const retry: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) };
  if (status === 429) return throttled(retryAfterSeconds ?? 0);
  if (status === 503)
    return new GraphError(503, 'serviceNotAvailable', 'The service is not available. Try the request again after a delay.', retry);
  if (status === 504) return new GraphError(504, 'UnknownError', 'The gateway did not receive a timely response.', retry);
  if (status >= 500) return new GraphError(status, 'generalException', 'An unspecified error has occurred.', retry);
  return new GraphError(status, 'invalidRequest', `Injected failure ${status}.`, retry);
}
