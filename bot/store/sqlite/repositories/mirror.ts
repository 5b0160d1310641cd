import type { SqliteExecutor } from '../executor';

/** Where a delta enumeration left off, kept across restarts. */
export class SqliteSyncState {
  constructor(private readonly exec: SqliteExecutor) {}

  get(name: string): Promise<string | undefined> {
    return this.exec.run((db) => (db.prepare('SELECT value FROM sync_state WHERE name = ?').get(name) as { value: string } | undefined)?.value);
  }

  set(name: string, value: string | undefined): Promise<void> {
    return this.exec.run((db) => {
      if (value === undefined) db.prepare('DELETE FROM sync_state WHERE name = ?').run(name);
      else db.prepare('INSERT INTO sync_state VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at').run(name, value, new Date().toISOString());
    });
  }
}

/** Which record each mirrored list item holds: delta names a deleted item by its item id only. */
export class SqliteMirrorItems {
  constructor(private readonly exec: SqliteExecutor) {}

  remember(list: string, pairs: { itemId: string; recordKey: string }[]): Promise<void> {
    return this.exec.run((db) => {
      const insert = db.prepare('INSERT INTO mirror_items VALUES (?, ?, ?) ON CONFLICT (list, item_id) DO UPDATE SET record_key = excluded.record_key');
      db.transaction(() => pairs.forEach((p) => insert.run(list, p.itemId, p.recordKey)))();
    });
  }

  /** Forgets the items and says which records they held. */
  forget(list: string, itemIds: string[]): Promise<string[]> {
    return this.exec.run((db) =>
      db.transaction(() =>
        itemIds.flatMap((itemId) => {
          const row = db.prepare('DELETE FROM mirror_items WHERE list = ? AND item_id = ? RETURNING record_key').get(list, itemId) as { record_key: string } | undefined;
          return row ? [row.record_key] : [];
        }),
      )(),
    );
  }

  clear(list: string): Promise<void> {
    return this.exec.run((db) => void db.prepare('DELETE FROM mirror_items WHERE list = ?').run(list));
  }
}

export interface PendingWrite {
  id: number;
  port: string;
  method: string;
  args: unknown[];
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

/** Writes that could not reach SharePoint yet; replayed in order until they land. */
export class SqlitePendingWrites {
  constructor(private readonly exec: SqliteExecutor) {}

  add(port: string, method: string, args: unknown[], error: string, now = new Date()): Promise<number> {
    return this.exec.run(
      (db) =>
        Number(
          db
            .prepare('INSERT INTO pending_writes (port, method, args, next_attempt_at, last_error, created_at) VALUES (?, ?, ?, ?, ?, ?)')
            .run(port, method, JSON.stringify(args), now.toISOString(), error, now.toISOString()).lastInsertRowid,
        ),
    );
  }

  /** Oldest first, so a later write of the same record lands after an earlier one. */
  due(now: Date, limit: number): Promise<PendingWrite[]> {
    return this.exec.run((db) =>
      (db.prepare("SELECT * FROM pending_writes WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?").all(now.toISOString(), limit) as Record<string, any>[]).map(toPendingWrite),
    );
  }

  done(id: number): Promise<void> {
    return this.exec.run((db) => void db.prepare('DELETE FROM pending_writes WHERE id = ?').run(id));
  }

  retryLater(id: number, error: string, at: Date): Promise<void> {
    return this.exec.run((db) => void db.prepare('UPDATE pending_writes SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?').run(error, at.toISOString(), id));
  }

  /** SharePoint answered that this write cannot be applied (e.g. someone changed the record): kept for operators. */
  giveUp(id: number, error: string): Promise<void> {
    return this.exec.run((db) => void db.prepare("UPDATE pending_writes SET status = 'dead', attempts = attempts + 1, last_error = ? WHERE id = ?").run(error, id));
  }

  counts(): Promise<{ pending: number; dead: number }> {
    return this.exec.run((db) => {
      const rows = db.prepare('SELECT status, COUNT(*) AS n FROM pending_writes GROUP BY status').all() as { status: 'pending' | 'dead'; n: number }[];
      return { pending: 0, dead: 0, ...Object.fromEntries(rows.map((r) => [r.status, r.n])) };
    });
  }

  listDead(limit: number): Promise<PendingWrite[]> {
    return this.exec.run((db) => (db.prepare("SELECT * FROM pending_writes WHERE status = 'dead' ORDER BY id DESC LIMIT ?").all(limit) as Record<string, any>[]).map(toPendingWrite));
  }
}

const toPendingWrite = (row: Record<string, any>): PendingWrite => ({
  id: row.id,
  port: row.port,
  method: row.method,
  args: JSON.parse(row.args) as unknown[],
  attempts: row.attempts,
  lastError: row.last_error,
  createdAt: row.created_at,
});

