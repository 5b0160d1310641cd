/** A message the bot must send on its own initiative (cards, reminders, notices), kept until sent. */

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface OutboxMessage {
  /** Idempotency key, e.g. checkin:2026Q3:A1-1:card. Enqueueing the same key twice is a no-op. */
  key: string;
  /** The stored conversation reference to send through (see ConversationReferenceStore). */
  conversationKey: string;
  /** The activity to send, or an update of a known activity (activityId set). */
  payload: { activity: Record<string, unknown>; activityId?: string };
  status: OutboxStatus;
  attempts: number;
  /** ISO timestamp */
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  /** The id Teams gave the sent activity, for later updates. */
  sentActivityId: string | null;
}

export interface NewOutboxMessage {
  key: string;
  conversationKey: string;
  payload: OutboxMessage['payload'];
  /** Defaults to now. */
  notBefore?: string;
}
