import { OUTBOX_STATUSES, type NewOutboxMessage, type OutboxMessage, type OutboxStatus } from '../../../platform/outbox/model';
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

  claimDue(now: string, limit: number, leaseSeconds = 120) {
    const nowUtc = utc(now);
    const leaseExpired = new Date(Date.parse(nowUtc) - leaseSeconds * 1000).toISOString();
    return this.exec.run((db) =>
      db.transaction(() => {
        const rows = db
          .prepare(
            `SELECT * FROM outbox
             WHERE (status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND claimed_at <= ?)
             ORDER BY next_attempt_at, created_at LIMIT ?`,
          )
          .all(nowUtc, leaseExpired, limit) as OutboxRow[];
        const claim = db.prepare("UPDATE outbox SET status = 'sending', claimed_at = ? WHERE key = ?");
        for (const row of rows) claim.run(nowUtc, row.key);
        return rows.map((row) => toMessage({ ...row, status: 'sending' }));
      })(),
    );
  }

  markSent(key: string, sentActivityId: string | null, at: string) {
    return this.update(key, "status = 'sent', sent_at = ?, sent_activity_id = ?, last_error = NULL", [utc(at), sentActivityId]);
  }

  markRetry(key: string, error: string, nextAttemptAt: string) {
    return this.update(key, "status = 'pending', attempts = attempts + 1, last_error = ?, next_attempt_at = ?", [error, utc(nextAttemptAt)]);
  }

  markDead(key: string, reason: string) {
    return this.update(key, "status = 'dead', attempts = attempts + 1, last_error = ?", [reason]);
  }

  countByStatus() {
    return this.exec.run((db) => {
      const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
      for (const row of db.prepare('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status').all() as { status: OutboxStatus; n: number }[]) {
        counts[row.status] = row.n;
      }
      return counts;
    });
  }

  private async update(key: string, assignments: string, params: (string | null)[]) {
    const changed = await this.exec.run((db) => db.prepare(`UPDATE outbox SET ${assignments} WHERE key = ?`).run(...params, key).changes);
    if (changed === 0) throw new Error(`送信キューに ${key} がありません (no outbox message with this key)`);
  }
}
