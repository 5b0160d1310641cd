import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What one correlation id stands for: an incoming activity, a JSON API request, an outbox send, a timer run. */
export type UnitOfWork = 'turn' | 'api' | 'outbox' | 'task';

export interface Correlation {
  /** A GUID, as Graph's client-request-id expects; every log line, span and outgoing call of the unit carries it. */
  correlationId: string;
  unit: UnitOfWork;
}

/** The HTTP header that carries the correlation id to Graph and the Bot Connector (Graph's documented name). */
export const CORRELATION_HEADER = 'client-request-id';

const storage = new AsyncLocalStorage<Correlation>();

export function newCorrelationId(): string {
  return randomUUID();
}

/** Runs `work` with `correlation` visible to everything it awaits (log lines, Graph and connector calls). */
export function runWithCorrelation<T>(correlation: Correlation, work: () => T): T {
  return storage.run(correlation, work);
}

/** The unit of work the caller is part of; undefined at startup and in other background code. */
export function currentCorrelation(): Correlation | undefined {
  return storage.getStore();
}
