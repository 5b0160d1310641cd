import { randomUUID } from 'node:crypto';
import {
  OUTBOX_STATUSES,
  type ClaimedOutboxMessage,
  type DueOutboxMessage,
  type NewOutboxMessage,
  type OutboxClaim,
  type OutboxMessage,
  type OutboxStatus,
} from '../../../platform/outbox/model';
import type { OutboxStore } from '../../ports';
import type { SqliteExecutor } from '../executor';

interface OutboxRow {
  key: string;
  conversation_key: string;
  payload: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  sent_activity_id: string | null;
  claim_token: string | null;
}

const toMessage = (row: OutboxRow): OutboxMessage => ({
  key: row.key,
  conversationKey: row.conversation_key,
  payload: JSON.parse(row.payload) as OutboxMessage['payload'],
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  lastError: row.last_error,
  createdAt: row.created_at,
  sentAt: row.sent_at,
  sentActivityId: row.sent_activity_id,
});

/** Timestamps are stored as ISO strings in UTC so that text order is time order. */
const utc = (iso: string) => new Date(iso).toISOString();

const DUE = `((status IN ('pending', 'failed') AND next_attempt_at <= @now) OR (status = 'sending' AND lease_until <= @now))`;

export class SqliteOutboxStore implements OutboxStore {
  constructor(private readonly exec: SqliteExecutor) {}

  enqueue(message: NewOutboxMessage) {
    const now = new Date().toISOString();
    return this.exec.run(
      (db) =>
        db
          .prepare(
            `INSERT INTO outbox (key, conversation_key, payload, status, attempts, next_attempt_at, created_at)
             VALUES (?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (key) DO NOTHING`,
          )
          .run(message.key, message.conversationKey, JSON.stringify(message.payload), utc(message.notBefore ?? now), now).changes === 1,
    );
  }

  get(key: string) {
    return this.exec.run((db) => {
      const row = db.prepare('SELECT * FROM outbox WHERE key = ?').get(key) as OutboxRow | undefined;
      return row ? toMessage(row) : undefined;
    });
  }

  listDue(now: string, limit: number) {
    return this.exec.run((db) =>
      (
        db
          .prepare(`SELECT key, conversation_key FROM outbox WHERE ${DUE} ORDER BY next_attempt_at, created_at, key LIMIT @limit`)
          .all({ now: utc(now), limit }) as { key: string; conversation_key: string }[]
      ).map((row): DueOutboxMessage => ({ key: row.key, conversationKey: row.conversation_key })),
    );
  }

  claim(key: string, now: string, leaseSeconds: number) {
    const nowUtc = utc(now);
    const leaseUntil = new Date(Date.parse(nowUtc) + leaseSeconds * 1000).toISOString();
    const claimToken = randomUUID();
    // One UPDATE decides the race: of several senders (or processes) only one changes the row.
    return this.exec.run((db) => {
      const row = db
        .prepare(
          `UPDATE outbox SET status = 'sending', claim_token = @claimToken, lease_until = @leaseUntil, claimed_at = @now
           WHERE key = @key AND ${DUE} RETURNING *`,
        )
        .get({ key, now: nowUtc, leaseUntil, claimToken }) as OutboxRow | undefined;
      return row ? ({ ...toMessage(row), claimToken } satisfies ClaimedOutboxMessage) : undefined;
    });
  }

  markSent(claim: OutboxClaim, sentActivityId: string | null, at: string) {
    return this.settle(claim, "status = 'sent', sent_at = @at, sent_activity_id = @activityId, last_error = NULL", {
      at: utc(at),
      activityId: sentActivityId,
    });
  }

  markRetry(claim: OutboxClaim, error: string, nextAttemptAt: string, countAttempt: boolean) {
    return this.settle(claim, `status = 'failed', attempts = attempts + @increment, last_error = @error, next_attempt_at = @next`, {
      error,
      next: utc(nextAttemptAt),
      increment: countAttempt ? 1 : 0,
    });
  }

  markDead(claim: OutboxClaim, reason: string) {
    return this.settle(claim, "status = 'dead', attempts = attempts + 1, last_error = @reason", { reason });
  }

  countByStatus() {
    return this.exec.run((db) => {
      const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
      for (const row of db.prepare('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status').all() as {
        status: OutboxStatus;
        n: number;
      }[]) {
        counts[row.status] = row.n;
      }
      return counts;
    });
  }

  listDead(limit: number) {
    return this.exec.run((db) =>
      (db.prepare("SELECT * FROM outbox WHERE status = 'dead' ORDER BY claimed_at DESC, key LIMIT ?").all(limit) as OutboxRow[]).map(
        toMessage,
      ),
    );
  }

  /** Records an outcome only if this claim still holds the message. */
  private settle(claim: OutboxClaim, assignments: string, params: Record<string, string | number | null>) {
    return this.exec.run(
      (db) =>
        db
          .prepare(
            `UPDATE outbox SET ${assignments}, claim_token = NULL, lease_until = NULL WHERE key = @key AND status = 'sending' AND claim_token = @claimToken`,
          )
          .run({ ...params, key: claim.key, claimToken: claim.claimToken }).changes === 1,
    );
  }
}
