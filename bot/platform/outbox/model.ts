/** A message the bot must send on its own initiative (cards, reminders, notices), kept until sent. */

/**
 * pending: waiting for its first attempt; sending: claimed by a sender (with a lease);
 * failed: an attempt failed, the next one is scheduled; sent: delivered; dead: given up, with the reason.
 */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface OutboxPayload {
  activity: Record<string, unknown>;
  /** Replace this sent activity instead of sending a new one. */
  activityId?: string;
  /**
   * Replace the activity another outbox message sent (its key), e.g. a thread's card after
   * the inquiry moved on; waits until that message is sent.
   */
  updateOf?: string;
  /** Reply in the channel thread another outbox message started (its key); waits until it is sent. */
  replyInThreadOf?: string;
  /**
   * Not a Teams message: a write to the city's records (SharePoint) that could not be made at
   * the time, applied by whichever instance takes it (see RECORD_WRITES).
   */
  recordWrite?: RecordWrite;
  /**
   * Who hears, and about what, if this message dies because the app cannot be installed for its
   * recipient (no Teams licence, blocked by policy): e.g. the PMO who opened the check-in.
   */
  reportUnreachableTo?: { conversationKey: string; what: string };
  /** Not a Teams message: installing the app for a person or in a team (see installation.ts). */
  install?: InstallRequest;
}

/** Whom the app is installed for: a person (personal scope) or a department's team. */
export type InstallRequest =
  { kind: 'person'; personId: string; entraObjectId: string } | { kind: 'team'; teamId: string; departmentId: string };

/** A store port call to make again: `port.method(...args)`; each such call is safe to repeat. */
export interface RecordWrite {
  port: string;
  method: string;
  args: unknown[];
}

/** Conversation keys of record writes start with this; they bypass Teams' rate limits. */
export const RECORD_WRITES = 'records:';

export type RecordWriteOutcome = 'done' | { retry: string } | { giveUp: string };

export interface OutboxMessage {
  /** Idempotency key, e.g. checkin:2026Q3:A1-1:card. Enqueueing the same key twice is a no-op. */
  key: string;
  /** The stored conversation reference to send through (see ConversationReferenceStore). */
  conversationKey: string;
  /** The activity to send, or an update of a known activity (activityId set). */
  payload: OutboxPayload;
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

/** A message one sender has taken; only the holder of the token may record its outcome. */
export interface ClaimedOutboxMessage extends OutboxMessage {
  claimToken: string;
}

export interface OutboxClaim {
  key: string;
  claimToken: string;
}

/** What the dispatcher needs to decide whether a message may go now (no payload). */
export interface DueOutboxMessage {
  key: string;
  conversationKey: string;
}

export interface NewOutboxMessage {
  key: string;
  conversationKey: string;
  payload: OutboxMessage['payload'];
  /** Defaults to now. */
  notBefore?: string;
}
