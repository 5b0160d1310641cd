import type { OutboxStore } from '../../store/ports';
import type { OutboxStatus } from './model';

export interface OutboxReport {
  counts: Record<OutboxStatus, number>;
  dead: { key: string; conversationKey: string; attempts: number; reason: string | null; createdAt: string }[];
}

/** What operators and the PMO dashboard see of the outbox: counts by status and why messages died. */
export async function outboxReport(outbox: OutboxStore, deadLimit = 100): Promise<OutboxReport> {
  const [counts, dead] = await Promise.all([outbox.countByStatus(), outbox.listDead(deadLimit)]);
  return {
    counts,
    dead: dead.map((m) => ({
      key: m.key,
      conversationKey: m.conversationKey,
      attempts: m.attempts,
      reason: m.lastError,
      createdAt: m.createdAt,
    })),
  };
}
