import type { SqliteExecutor } from '../executor';

/** Where a delta enumeration left off, kept across restarts. */
export class SqliteSyncState {
  constructor(private readonly exec: SqliteExecutor) {}

  get(name: string): Promise<string | undefined> {
    return this.exec.run(
      (db) => (db.prepare('SELECT value FROM sync_state WHERE name = ?').get(name) as { value: string } | undefined)?.value,
    );
  }

  set(name: string, value: string | undefined): Promise<void> {
    return this.exec.run((db) => {
      if (value === undefined) db.prepare('DELETE FROM sync_state WHERE name = ?').run(name);
      else
        db.prepare(
          'INSERT INTO sync_state VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
        ).run(name, value, new Date().toISOString());
    });
  }
}

/** Which record each mirrored list item holds: delta names a deleted item by its item id only. */
export class SqliteMirrorItems {
  constructor(private readonly exec: SqliteExecutor) {}

  remember(list: string, pairs: { itemId: string; recordKey: string }[]): Promise<void> {
    return this.exec.run((db) => {
      const insert = db.prepare(
        'INSERT INTO mirror_items VALUES (?, ?, ?) ON CONFLICT (list, item_id) DO UPDATE SET record_key = excluded.record_key',
      );
      db.transaction(() => pairs.forEach((p) => insert.run(list, p.itemId, p.recordKey)))();
    });
  }

  /** Forgets the items and says which records they held. */
  forget(list: string, itemIds: string[]): Promise<string[]> {
    return this.exec.run((db) =>
      db.transaction(() =>
        itemIds.flatMap((itemId) => {
          const row = db.prepare('DELETE FROM mirror_items WHERE list = ? AND item_id = ? RETURNING record_key').get(list, itemId) as
            { record_key: string } | undefined;
          return row ? [row.record_key] : [];
        }),
      )(),
    );
  }

  clear(list: string): Promise<void> {
    return this.exec.run((db) => void db.prepare('DELETE FROM mirror_items WHERE list = ?').run(list));
  }
}
