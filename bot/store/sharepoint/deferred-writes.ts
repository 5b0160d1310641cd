import { WriteDeferredError } from '../ports';
import type { PendingWrite, SqlitePendingWrites } from '../sqlite/repositories/mirror';
import { isTransient, GraphRequestError } from './graph/graph-errors';

/** The record ports' writes that are safe to apply later: each is idempotent or carries its own condition. */
export const DEFERRABLE_WRITES = {
  departments: ['upsert'],
  people: ['upsert'],
  initiatives: ['upsert'],
  checkIns: ['submit'],
  checkInCycles: ['open', 'close'],
  inquiries: ['insert', 'update'],
  rulings: ['upsert'],
  manuals: ['upsert'],
} as const;

export type DeferrablePort = keyof typeof DEFERRABLE_WRITES;

/**
 * Wraps a port so that a write SharePoint cannot take now (throttled or down beyond the
 * client's retries) is queued in the local file and reported as WriteDeferredError instead
 * of being lost. Reads and other errors pass through unchanged.
 */
export function deferWritesOnOutage<P extends object>(portName: DeferrablePort, port: P, queue: SqlitePendingWrites): P {
  const wrapped = Object.create(port) as P;
  for (const method of DEFERRABLE_WRITES[portName] as readonly string[]) {
    const original = (port as Record<string, (...args: unknown[]) => Promise<unknown>>)[method];
    (wrapped as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      try {
        return await original.apply(port, args);
      } catch (error) {
        if (!(error instanceof GraphRequestError && isTransient(error))) throw error;
        await queue.add(portName, method, args, error.message);
        throw new WriteDeferredError(`${portName}.${method}`);
      }
    };
  }
  return wrapped;
}

/** Calls a queued write again on the live ports; says whether it landed, must wait, or never will. */
export async function replayWrite(write: PendingWrite, ports: Record<DeferrablePort, object>): Promise<'done' | { retry: string } | { giveUp: string }> {
  const allowed = (DEFERRABLE_WRITES[write.port as DeferrablePort] as readonly string[] | undefined)?.includes(write.method);
  if (!allowed) return { giveUp: `unknown write ${write.port}.${write.method}` };
  const port = ports[write.port as DeferrablePort] as Record<string, (...args: unknown[]) => Promise<unknown>>;
  try {
    const result = await port[write.method](...write.args);
    // A check-in drawn from an answer someone else replaced meanwhile cannot be applied as it was.
    if (write.method === 'submit' && (result as { outcome?: string }).outcome === 'conflict') return { giveUp: 'conflict: a newer answer was saved first' };
    return 'done';
  } catch (error) {
    if (error instanceof GraphRequestError && isTransient(error)) return { retry: error.message };
    // Applied on an earlier attempt whose answer was lost: the record is already there.
    if (write.method === 'insert' && /既に使われています/.test((error as Error).message)) return 'done';
    return { giveUp: (error as Error).message };
  }
}
