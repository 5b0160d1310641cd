import type { ConversationReferenceStore, StoredConversationReference } from '../../ports';
import type { SqliteExecutor } from '../executor';

export class SqliteConversationReferenceStore implements ConversationReferenceStore {
  constructor(private readonly exec: SqliteExecutor) {}

  save(key: string, reference: StoredConversationReference) {
    return this.exec.run((db) => {
      db.prepare(
        `INSERT INTO conversation_references (key, reference, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET reference = excluded.reference, updated_at = excluded.updated_at`,
      ).run(key, JSON.stringify(reference), new Date().toISOString());
    });
  }

  get(key: string) {
    return this.exec.run((db) => {
      const row = db.prepare('SELECT reference FROM conversation_references WHERE key = ?').get(key) as { reference: string } | undefined;
      return row ? (JSON.parse(row.reference) as StoredConversationReference) : undefined;
    });
  }

  delete(key: string) {
    return this.exec.run((db) => {
      db.prepare('DELETE FROM conversation_references WHERE key = ?').run(key);
    });
  }

  listKeys(prefix = '') {
    return this.exec.run((db) =>
      (
        db.prepare('SELECT key FROM conversation_references WHERE substr(key, 1, ?) = ? ORDER BY key').all(prefix.length, prefix) as {
          key: string;
        }[]
      ).map((row) => row.key),
    );
  }
}
