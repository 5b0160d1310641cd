import { RECORD_WRITES, type NewOutboxMessage, type RecordWrite, type RecordWriteOutcome } from '../../platform/outbox/model';
import { WriteDeferredError, type DeferrableUnit, type DeferredSteps } from '../ports';
import type { OutageTest } from './deferred-writes';

/**
 * Units of work deferred at the transaction boundary. When the records store is out, the whole
 * step (its record writes, its audit entry, its messages) is queued as one outbox message in the
 * shared operational store and run again, whole, by whichever instance takes it once SharePoint
 * answers. Run again, not replayed write by write: during an outage the step's reads fail too,
 * so what it would write is not known yet.
 */

/** The RecordWrite port that marks a deferred unit (method: the step, args: [unit]). */
export const UNIT_PORT = 'unit';

/** Give SharePoint a little time before the first new attempt. */
const FIRST_RETRY_AFTER_MS = 5_000;

/**
 * The outbox message that carries a deferred unit. The key is the step's own idempotency id, so
 * a second press while the first waits queues nothing; the conversation key names the step, so
 * an operator sees what waits (`npm run cli -- outbox`).
 */
export function deferredUnitMessage(unit: DeferrableUnit, now = Date.now()): NewOutboxMessage {
  const write: RecordWrite = { port: UNIT_PORT, method: unit.step, args: [unit] };
  return {
    key: `${RECORD_WRITES}${UNIT_PORT}:${unit.step}:${unit.id}`,
    conversationKey: `${RECORD_WRITES}${UNIT_PORT}:${unit.step}`,
    payload: { activity: {}, recordWrite: write },
    notBefore: new Date(now + FIRST_RETRY_AFTER_MS).toISOString(),
  };
}

export function isDeferredUnit(write: RecordWrite): boolean {
  return write.port === UNIT_PORT;
}

/**
 * Runs a queued unit's step again. Steps are idempotent by their id (a stored submissionId or
 * requestId is found, not stored twice), so a unit taken twice (an instance died after applying
 * it) stores nothing new. Still out: try later; refused for good: dead, with the reason.
 */
export async function replayUnit(write: RecordWrite, steps: DeferredSteps, isOutage: OutageTest): Promise<RecordWriteOutcome> {
  const unit = write.args[0] as DeferrableUnit | undefined;
  const step = Object.hasOwn(steps, write.method) ? steps[write.method] : undefined;
  if (!unit || typeof unit.args !== 'object' || !step) return { giveUp: `unknown deferred step ${write.method}` };
  try {
    return await step({ ...unit.args });
  } catch (error) {
    if (error instanceof WriteDeferredError || isOutage(error)) return { retry: (error as Error).message };
    return { giveUp: (error as Error).message };
  }
}
