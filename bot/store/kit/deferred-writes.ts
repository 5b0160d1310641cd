import { randomUUID } from 'node:crypto';
import { RECORD_WRITES, type NewOutboxMessage, type RecordWrite, type RecordWriteOutcome } from '../../platform/outbox/model';
import { DuplicateRecordError, WriteDeferredError } from '../ports';
import { telemetryMetrics } from '../../platform/telemetry/instruments';

/** Whether an error says the records store cannot take writes now (throttled or down), as opposed to refusing this one. */
export type OutageTest = (error: unknown) => boolean;

/** The record ports' writes that are safe to apply later: each is idempotent or carries its own condition. */
export const DEFERRABLE_WRITES = {
  departments: ['upsert'],
  people: ['upsert'],
  initiatives: ['upsert'],
  checkIns: ['submit'],
  checkInCycles: ['open', 'close'],
  inquiries: ['insert', 'update'],
  notices: ['insert', 'update'],
  surveys: ['insert', 'update', 'saveAnswer', 'saveResponse'],
  rulings: ['upsert'],
  manuals: ['upsert'],
} as const;

export type DeferrablePort = keyof typeof DEFERRABLE_WRITES;

/** Give SharePoint a little time before the first new attempt. */
const FIRST_RETRY_AFTER_MS = 15_000;

/**
 * The outbox message that carries a write the records store could not take: in the shared operational
 * store, so any instance can apply it and it survives the instance that queued it.
 */
export function recordWriteMessage(write: RecordWrite, now = Date.now()): NewOutboxMessage {
  return {
    key: `${RECORD_WRITES}${write.port}.${write.method}:${randomUUID()}`,
    conversationKey: `${RECORD_WRITES}${write.port}`,
    payload: { activity: {}, recordWrite: write },
    notBefore: new Date(now + FIRST_RETRY_AFTER_MS).toISOString(),
  };
}

/**
 * Wraps a port so that a write the records store cannot take now (e.g. SharePoint throttled or
 * down beyond the client's retries) goes to the outbox and is reported as WriteDeferredError
 * instead of being lost. Reads and other errors pass through unchanged.
 */
export function deferWritesOnOutage<P extends object>(
  portName: DeferrablePort,
  port: P,
  queue: (write: RecordWrite) => Promise<unknown>,
  isOutage: OutageTest,
): P {
  const wrapped = Object.create(port) as P;
  for (const method of DEFERRABLE_WRITES[portName] as readonly string[]) {
    const original = (port as Record<string, (...args: unknown[]) => Promise<unknown>>)[method];
    (wrapped as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      try {
        return await original.apply(port, args);
      } catch (error) {
        if (!isOutage(error)) throw error;
        await queue({ port: portName, method, args });
        telemetryMetrics.writeDeferred(portName);
        throw new WriteDeferredError(`${portName}.${method}`);
      }
    };
  }
  return wrapped;
}

/** Makes a queued write on the live ports; says whether it landed, must wait, or never will. */
export async function replayWrite(
  write: RecordWrite,
  ports: Record<DeferrablePort, object>,
  isOutage: OutageTest,
): Promise<RecordWriteOutcome> {
  const allowed = (DEFERRABLE_WRITES[write.port as DeferrablePort] as readonly string[] | undefined)?.includes(write.method);
  if (!allowed) return { giveUp: `unknown write ${write.port}.${write.method}` };
  const port = ports[write.port as DeferrablePort] as Record<string, (...args: unknown[]) => Promise<unknown>>;
  try {
    const result = await port[write.method](...write.args);
    // A check-in drawn from an answer someone else replaced meanwhile cannot be applied as it was.
    if (write.method === 'submit' && (result as { outcome?: string }).outcome === 'conflict')
      return { giveUp: '他の回答が先に保存されました (conflict: a newer answer was saved first)' };
    return 'done';
  } catch (error) {
    if (isOutage(error)) return { retry: (error as Error).message };
    // Applied on an earlier attempt whose answer was lost: the record is already there.
    if (write.method === 'insert' && (error instanceof DuplicateRecordError || /既に使われています/.test((error as Error).message)))
      return 'done';
    return { giveUp: (error as Error).message };
  }
}
