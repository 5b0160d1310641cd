import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  ResponseType,
  RetryHandler,
  RetryHandlerOptions,
  type AuthenticationProvider,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { toGraphRequestError } from './graph-errors';
import { GraphTelemetry } from './graph-telemetry';
import { LoopbackRedirectHandler } from './loopback-redirect';
import { GraphTraffic } from './traffic-counter';
import { telemetryMetrics } from '../../../platform/telemetry/instruments';

export interface GraphGatewayOptions {
  /** App-only access to https://graph.microsoft.com (graphAuthProvider in graph-credentials.ts). */
  auth: AuthenticationProvider;
  /** Attempts after the first for 429/503/504, each after the Retry-After Graph sends (at most 180 s). */
  maxRetries?: number;
  /** Tests only: send the requests to this loopback server instead of graph.microsoft.com. */
  redirectTo?: string;
}

export interface BatchRequest {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative to /v1.0, e.g. /sites/{id}/lists/{id}/items. */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Ids of steps that must succeed first (Graph answers 424 for this one if they fail). */
  dependsOn?: string[];
}

export interface BatchResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** $batch takes at most 20 requests (Graph answers 400 to more). */
export const BATCH_LIMIT = 20;

type Json = Record<string, unknown>;

/**
 * Microsoft Graph for the SharePoint store, through @microsoft/microsoft-graph-client with its
 * retry handler (Retry-After honoured, a capped number of attempts). Paths are relative to
 * https://graph.microsoft.com/v1.0; errors come out as GraphRequestError.
 */
export class GraphGateway {
  readonly traffic = new GraphTraffic();
  /** Sub-requests of $batch answered 429/503 and sent again. */
  batchRetries = 0;
  private readonly client: Client;
  private readonly maxRetries: number;

  constructor(private readonly options: GraphGatewayOptions) {
    this.maxRetries = options.maxRetries ?? 5;
    const auth = new AuthenticationHandler(options.auth);
    const retry = new RetryHandler(new RetryHandlerOptions(1, this.maxRetries));
    const last: Middleware = options.redirectTo ? new LoopbackRedirectHandler(options.redirectTo) : new HTTPMessageHandler();
    const telemetry = new GraphTelemetry();
    auth.setNext(telemetry);
    telemetry.setNext(retry);
    retry.setNext(this.traffic);
    this.traffic.setNext(last);
    this.client = Client.initWithMiddleware({ middleware: auth, defaultVersion: 'v1.0' });
  }

  /** The same Graph, with another token (a signed-in person's, from on-behalf-of). */
  withAccessToken(accessToken: () => Promise<string>): GraphGateway {
    return new GraphGateway({ ...this.options, auth: { getAccessToken: accessToken } });
  }

  get<T = Json>(url: string, headers: Record<string, string> = {}): Promise<T> {
    return this.call(`GET ${url}`, () => this.client.api(url).headers(headers).get());
  }

  post<T = Json>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.call(`POST ${url}`, () => this.client.api(url).headers(headers).post(body));
  }

  patch<T = Json>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.call(`PATCH ${url}`, () => this.client.api(url).headers(headers).patch(body));
  }

  put<T = Json>(url: string, content: string, contentType: string): Promise<T> {
    return this.call(`PUT ${url}`, () => this.client.api(url).header('Content-Type', contentType).put(content));
  }

  delete(url: string, headers: Record<string, string> = {}): Promise<void> {
    return this.call(`DELETE ${url}`, () => this.client.api(url).headers(headers).delete());
  }

  /**
   * A file's bytes (GET …/content; Graph answers with the file or a redirect to it), read only up
   * to maxBytes: a larger file gives undefined and the rest of it is never read into memory.
   */
  download(url: string, maxBytes: number): Promise<Buffer | undefined> {
    return this.call(`GET ${url}`, async () => {
      const body = (await this.client.api(url).responseType(ResponseType.STREAM).get()) as AsyncIterable<Uint8Array> | null;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of body ?? []) {
        size += chunk.byteLength;
        if (size > maxBytes) return undefined; // leaving the loop cancels the stream
        chunks.push(Buffer.from(chunk));
      }
      return Buffer.concat(chunks);
    });
  }

  /** Every page of a collection, following @odata.nextLink (an absolute Graph URL) to the end. */
  async getAll<T = Json>(url: string, headers: Record<string, string> = {}): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = url;
    while (next) {
      const page: { value: T[]; '@odata.nextLink'?: string } = await this.get(next, headers);
      items.push(...page.value);
      next = page['@odata.nextLink'];
    }
    return items;
  }

  /**
   * Sends requests through $batch, 20 at a time, and gives each its own answer. Sub-requests
   * Graph throttled (429, or 503) are sent again after the longest Retry-After among them, up
   * to maxRetries times; after that their 429/503 answer is returned like any other.
   */
  async batch(requests: BatchRequest[]): Promise<Map<string, BatchResponse>> {
    const answers = new Map<string, BatchResponse>();
    let pending = requests;
    for (let attempt = 0; pending.length > 0; attempt++) {
      const retry: BatchRequest[] = [];
      let waitSeconds = 0;
      for (let start = 0; start < pending.length; start += BATCH_LIMIT) {
        const group = pending.slice(start, start + BATCH_LIMIT).map((r, _, slice) => withDependenciesIn(r, slice));
        const result = await this.post<{ responses: BatchResponse[] }>('/$batch', {
          requests: group.map((r) => ({
            ...r,
            headers: r.body === undefined ? r.headers : { 'Content-Type': 'application/json', ...r.headers },
          })),
        });
        for (const response of result.responses) {
          const throttled = response.status === 429 || response.status === 503;
          if (throttled && attempt < this.maxRetries) {
            retry.push(group.find((r) => r.id === response.id)!);
            waitSeconds = Math.max(waitSeconds, retryAfterSeconds(response.headers));
          } else {
            answers.set(response.id, response);
          }
        }
      }
      this.batchRetries += retry.length;
      telemetryMetrics.graphRetried('batch', retry.length);
      if (retry.length > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(waitSeconds, 180) * 1000));
      pending = retry;
    }
    return answers;
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toGraphRequestError(error, what);
    }
  }
}

/**
 * A step sent again without the ones it depended on (they succeeded in an earlier attempt) must
 * not name them: Graph refuses a dependsOn outside the batch.
 */
function withDependenciesIn(request: BatchRequest, group: BatchRequest[]): BatchRequest {
  if (!request.dependsOn) return request;
  const dependsOn = request.dependsOn.filter((id) => group.some((r) => r.id === id));
  if (dependsOn.length === request.dependsOn.length) return request;
  const { dependsOn: _dropped, ...rest } = request;
  return dependsOn.length > 0 ? { ...rest, dependsOn } : rest;
}

function retryAfterSeconds(headers: Record<string, string> | undefined): number {
  const entry = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'retry-after');
  const seconds = Number(entry?.[1]);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : 1;
}
