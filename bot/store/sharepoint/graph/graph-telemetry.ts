import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { CORRELATION_HEADER, currentCorrelation, newCorrelationId } from '../../../platform/telemetry/correlation';
import { inClientSpan } from '../../../platform/telemetry/instruments';

/**
 * Above the retry handler, once per Graph call: sends the turn's (or outbox send's) correlation
 * id as client-request-id, which Graph documents for correlating a request with its logs (a
 * fresh GUID outside any unit of work), and wraps the call, retries included, in a client span.
 * The span names the path without its query: $filter and search terms can hold what people wrote.
 */
export class GraphTelemetry implements Middleware {
  private next?: Middleware;

  async execute(context: Context): Promise<void> {
    const correlationId = currentCorrelation()?.correlationId ?? newCorrelationId();
    setHeader(context, CORRELATION_HEADER, correlationId);
    // The SDK types the request as the DOM lib's RequestInfo, which Node's lib lacks.
    const request = context.request as string | Request;
    const url = new URL(typeof request === 'string' ? request : request.url);
    const method = (context.options?.method ?? (typeof request === 'string' ? 'GET' : request.method)).toUpperCase();
    await inClientSpan(
      `Graph ${method}`,
      { 'http.request.method': method, 'server.address': url.hostname, 'url.path': url.pathname, 'graph.client_request_id': correlationId },
      async (span) => {
        await this.next!.execute(context);
        if (context.response) span.setAttribute('http.response.status_code', context.response.status);
      },
    );
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

function setHeader(context: Context, name: string, value: string) {
  const request = context.request as string | Request;
  if (typeof request !== 'string') request.headers.set(name, value);
  const options = (context.options ??= {});
  if (options.headers instanceof Headers) options.headers.set(name, value);
  else if (Array.isArray(options.headers)) options.headers.push([name, value]);
  else options.headers = { ...(options.headers as Record<string, string> | undefined), [name]: value };
}
