import { RetryHandler, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { telemetryMetrics } from '../../../platform/telemetry/instruments';

/** Counts every HTTP attempt the retry handler makes, so operators and benchmarks see the real traffic. */
export class GraphTraffic implements Middleware {
  requests = 0;
  throttled = 0;
  private next?: Middleware;

  async execute(context: Context): Promise<void> {
    this.requests += 1;
    if (retryAttempt(context)) telemetryMetrics.graphRetried('request');
    await this.next!.execute(context);
    const status = context.response?.status;
    if (status === 429 || status === 503 || status === 504) {
      this.throttled += 1;
      telemetryMetrics.graphThrottled(status);
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** The retry handler marks every attempt after the first with a Retry-Attempt header. */
function retryAttempt(context: Context): boolean {
  const name = (RetryHandler as unknown as { RETRY_ATTEMPT_HEADER?: string }).RETRY_ATTEMPT_HEADER ?? 'Retry-Attempt';
  const request = context.request as string | Request; // RequestInfo in the SDK's types (DOM lib)
  if (typeof request !== 'string' && request.headers.has(name)) return true;
  const headers = context.options?.headers;
  if (!headers) return false;
  if (headers instanceof Headers) return headers.has(name);
  if (Array.isArray(headers)) return headers.some(([key]) => key.toLowerCase() === name.toLowerCase());
  return Object.keys(headers).some((key) => key.toLowerCase() === name.toLowerCase());
}
