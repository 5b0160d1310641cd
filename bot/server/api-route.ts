import type { Request } from 'restify';
import type { RoleAction } from '../platform/authorization';
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
 * Who may call a route, declared by the route and applied by the server before its handler runs:
 * - `'anonymous'`: nobody is signed in (the local sign-in picker); only the per-address limit;
 * - `'user'`: any signed-in person (401 otherwise), under the per-user limit;
 * - a role action such as `'dashboard.view'`: a signed-in person whose roles allow it
 *   (authorization.ts decides; 403 with the reason otherwise), under the per-user limit;
 * - `'optional-user'`: signed in when the request carries credentials (then checked and
 *   per-user limited like `'user'`), anonymous otherwise: local mode's readable demo rulings.
 */
export type RouteAccess = 'anonymous' | 'optional-user' | 'user' | RoleAction;

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

/** A JSON answer with a status other than 200 (e.g. 201 for a record the request created). */
export class JsonResponse {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/**
 * One API endpoint. The server authenticates the caller as `auth` declares, runs the handler
 * and turns its result into JSON (or a FileResponse into a download), an HttpError into its
 * status, a ForbiddenError into 403, and anything else into a 500 without internal details.
 */
export type ApiRoute =
  | (RouteBase & { auth: 'user' | RoleAction; handle(request: ApiRequest & { actor: Actor }): Promise<unknown> })
  | (RouteBase & { auth: 'optional-user'; handle(request: ApiRequest & { actor: Actor | undefined }): Promise<unknown> })
  | (RouteBase & { auth: 'anonymous'; handle(request: ApiRequest): Promise<unknown> });
