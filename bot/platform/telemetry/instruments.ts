import { metrics, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { currentCorrelation, newCorrelationId, runWithCorrelation, type UnitOfWork } from './correlation';

/**
 * The product's spans and metrics, through the OpenTelemetry API only. Until azure-monitor.ts
 * starts the SDK (production with a connection string) the API hands out no-op tracers and
 * meters, so every call here costs next to nothing and exports nothing.
 */
const SCOPE = 'honcho-ku-renkei';
const tracer = () => trace.getTracer(SCOPE);
const meter = () => metrics.getMeter(SCOPE);

/** Attribute under which every span carries the unit of work's correlation id (customDimensions in Application Insights). */
const CORRELATION_ATTRIBUTE = 'correlation.id';

/** Turns and API requests sit under the incoming HTTP request's span; an outbox send is a queue consumer of its own. */
const SPAN_KINDS: Record<UnitOfWork, SpanKind> = {
  turn: SpanKind.INTERNAL,
  api: SpanKind.INTERNAL,
  outbox: SpanKind.CONSUMER,
  task: SpanKind.INTERNAL,
};

/**
 * Runs one unit of work (a turn, an API request, an outbox send, a timer run) under a new
 * correlation id and in its own span; a failure is recorded on the span and thrown on.
 */
export function runUnitOfWork<T>(
  unit: UnitOfWork,
  name: string,
  attributes: Attributes,
  work: (correlationId: string) => Promise<T>,
  correlationId = newCorrelationId(),
): Promise<T> {
  return runWithCorrelation({ correlationId, unit }, () =>
    tracer().startActiveSpan(
      name,
      { kind: SPAN_KINDS[unit], attributes: { ...attributes, [CORRELATION_ATTRIBUTE]: correlationId } },
      async (span) => {
        try {
          return await work(correlationId);
        } catch (error) {
          failSpan(span, error);
          throw error;
        } finally {
          span.end();
        }
      },
    ),
  );
}

/** A span for one call to another service (Graph), a child of the unit of work's span. */
export async function inClientSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  const correlation = currentCorrelation();
  return tracer().startActiveSpan(
    name,
    { kind: SpanKind.CLIENT, attributes: correlation ? { ...attributes, [CORRELATION_ATTRIBUTE]: correlation.correlationId } : attributes },
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        failSpan(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

function failSpan(span: Span, error: unknown) {
  // Only the class and status: error messages can quote what a person wrote.
  const status = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
  if (typeof status === 'number') span.setAttribute('http.response.status_code', status);
}

// ---- metrics ------------------------------------------------------------------------------------
// Instruments are created on first use, after the SDK (if any) has registered its meter provider.

let instruments: ReturnType<typeof createInstruments> | undefined;
const get = () => (instruments ??= createInstruments());

function createInstruments() {
  const m = meter();
  return {
    turnDuration: m.createHistogram('renkei.turn.duration', { unit: 'ms', description: 'Time from an incoming activity to its answer' }),
    outboxDead: m.createCounter('renkei.outbox.dead', { description: 'Outbox messages given up as dead' }),
    graphThrottled: m.createCounter('renkei.graph.throttled', { description: 'Graph answers 429, 503 or 504 (each attempt)' }),
    graphRetries: m.createCounter('renkei.graph.retries', { description: 'Graph requests sent again after a throttled or failed attempt' }),
    deferredWrites: m.createCounter('renkei.store.deferred_writes', {
      description: 'Writes SharePoint could not take, queued in the outbox',
    }),
  };
}

export const telemetryMetrics = {
  turnFinished(activityType: string, durationMs: number, outcome: 'ok' | 'failed' | 'refused') {
    get().turnDuration.record(durationMs, { 'activity.type': activityType, outcome });
  },
  outboxDead(kind: 'message' | 'recordWrite') {
    get().outboxDead.add(1, { kind });
  },
  graphThrottled(status: number) {
    get().graphThrottled.add(1, { 'http.response.status_code': status });
  },
  graphRetried(via: 'request' | 'batch', count = 1) {
    if (count > 0) get().graphRetries.add(count, { via });
  },
  writeDeferred(port: string) {
    get().deferredWrites.add(1, { port });
  },
};

/** Gauges read at each export: outbox messages by status, and the last health verdict (0 ok, 1 degraded, 2 down). */
export function observeGauges(sources: {
  outboxByStatus: () => Promise<Record<string, number>>;
  healthStatus: () => 'ok' | 'degraded' | 'down' | undefined;
}): void {
  const m = meter();
  const depth = m.createObservableGauge('renkei.outbox.depth', { description: 'Outbox messages by status' });
  depth.addCallback(async (result) => {
    const counts = await sources.outboxByStatus().catch(() => undefined);
    for (const [status, count] of Object.entries(counts ?? {})) result.observe(count, { status });
  });
  const health = m.createObservableGauge('renkei.health.status', { description: '0 ok, 1 degraded, 2 down (as /healthz last answered)' });
  health.addCallback((result) => {
    const status = sources.healthStatus();
    if (status) result.observe({ ok: 0, degraded: 1, down: 2 }[status]);
  });
}
