/** What the server's pipeline and its routes pass around: one Graph request (HTTP or $batch step) and its answer. */
import type { SiteModel } from './site-model';

export interface GraphRequest {
  method: string;
  /** The path below /v1.0 as the client sent it (still percent-encoded), e.g. /sites/x/lists. */
  path: string;
  query: URLSearchParams;
  /** The query string as received ('' or '?...'), for logs and messages. */
  search: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** Raw bytes of the body, if any. */
  rawBody?: Buffer;
  /** A $batch step's JSON body, already parsed. */
  jsonBody?: unknown;
  inBatch: boolean;
}

export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  /** A JSON value, raw bytes, or nothing. */
  body?: unknown;
}

export interface RouteContext {
  req: GraphRequest;
  params: Record<string, string>;
  /** The request body: parsed JSON for JSON operations, bytes for uploads. */
  body: unknown;
  model: SiteModel;
  pageSize: number;
  /** Runs another request through the whole pipeline (for $batch steps). */
  dispatch(req: GraphRequest): Promise<GraphResponse>;
  /** Counts a $batch step answered without running (424, unusable url). */
  countUnsentStep(status: number): void;
}

export interface Route {
  method: string;
  /** An OpenAPI path template; every route must be a described operation. */
  template: string;
  handler(ctx: RouteContext): GraphResponse | Promise<GraphResponse>;
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): GraphResponse => ({ status, headers, body });

/** The `Prefer` preference SharePoint wants before it filters or sorts on a column without an index. */
export function prefers(req: GraphRequest, preference: string): boolean {
  return (req.headers.prefer ?? '').split(',').some((part) => part.trim().toLowerCase() === preference.toLowerCase());
}
