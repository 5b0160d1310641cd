import type { Request } from 'restify';
import type { Actor } from '../platform/identity';

export interface ApiRequest {
  req: Request;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

interface RouteBase {
  method: 'get' | 'post' | 'put' | 'patch' | 'del';
  path: string;
}

/**
 * A download (e.g. the check-in export) instead of JSON: the server sends the bytes as an
 * attachment named `fileName` (UTF-8, may be Japanese), with `asciiFileName` for old clients.
 */
export class FileResponse {
  constructor(
    readonly contentType: string,
    readonly fileName: string,
    readonly body: Buffer,
    readonly asciiFileName: string = fileName.replace(/[^\w.-]+/g, '_'),
  ) {}
}

/**
 * One API endpoint. The server authenticates the caller (unless the route is anonymous),
 * runs the handler and turns its result into JSON (or a FileResponse into a download), an
 * HttpError into its status, a ForbiddenError into 403, and anything else into a 500
 * without internal details.
 */
export type ApiRoute =
  | (RouteBase & { anonymous?: false; handle(request: ApiRequest & { actor: Actor }): Promise<unknown> })
  | (RouteBase & { anonymous: true; handle(request: ApiRequest): Promise<unknown> });
