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
 * One JSON API endpoint. The server authenticates the caller (unless the route is
 * anonymous), runs the handler and turns its result into JSON, an HttpError into its
 * status, and anything else into a 500 without internal details.
 */
export type ApiRoute =
  | (RouteBase & { anonymous?: false; handle(request: ApiRequest & { actor: Actor }): Promise<unknown> })
  | (RouteBase & { anonymous: true; handle(request: ApiRequest): Promise<unknown> });
