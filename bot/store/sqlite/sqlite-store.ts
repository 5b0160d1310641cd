import type { StoreHealth, StoreSession } from '../ports';
import { SessionBackedStore } from '../session-backed-store';
import { openDatabase, schemaVersion, type SqliteDatabase } from './database';
import { SqliteExecutor } from './executor';
import { SqliteAuditLogStore } from './repositories/audit';
import { SqliteCheckInCycleStore, SqliteCheckInStore, SqliteInitiativeStore } from './repositories/checkins';
import { SqliteConversationReferenceStore } from './repositories/conversations';
import { SqliteDepartmentStore, SqlitePeopleStore } from './repositories/directory';
import { SqliteInquiryStore } from './repositories/inquiries';
import { SqliteNoticeStore } from './repositories/notices';
import { reindexRulingsIfNeeded, SqliteManualStore, SqliteRulingStore } from './repositories/knowledge';
import { SqliteMirrorItems, SqliteSyncState } from './repositories/mirror';
import { SqliteOutboxStore } from './repositories/outbox';

function sessionOver(exec: SqliteExecutor): StoreSession {
  return {
    departments: new SqliteDepartmentStore(exec),
    people: new SqlitePeopleStore(exec),
    initiatives: new SqliteInitiativeStore(exec),
    checkIns: new SqliteCheckInStore(exec),
    checkInCycles: new SqliteCheckInCycleStore(exec),
    inquiries: new SqliteInquiryStore(exec),
    notices: new SqliteNoticeStore(exec),
    rulings: new SqliteRulingStore(exec),
    manuals: new SqliteManualStore(exec),
    conversations: new SqliteConversationReferenceStore(exec),
    outbox: new SqliteOutboxStore(exec),
    audit: new SqliteAuditLogStore(exec),
  };
}

/** The embedded store: one SQLite file in APP_DATA_DIR. */
export class SqliteStore extends SessionBackedStore {
  private readonly exec: SqliteExecutor;
  protected readonly session: StoreSession;
  private closed = false;

  constructor(private readonly db: SqliteDatabase) {
    super();
    reindexRulingsIfNeeded(db);
    this.exec = new SqliteExecutor(db);
    this.session = sessionOver(this.exec);
  }

  static open(dataDir: string): SqliteStore {
    return new SqliteStore(openDatabase(dataDir));
  }

  /**
   * The parts used when this file mirrors SharePoint: the search index of rulings, delta
   * positions and which list item holds which record.
   */
  mirror() {
    return {
      rulings: new SqliteRulingStore(this.exec),
      syncState: new SqliteSyncState(this.exec),
      items: new SqliteMirrorItems(this.exec),
    };
  }

  transaction<T>(work: (tx: StoreSession) => Promise<T>): Promise<T> {
    return this.exec.exclusive(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(sessionOver(this.exec.forTransaction()));
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { reachable: false, detail: 'closed' };
    try {
      const version = await this.exec.run((db) => {
        db.prepare('SELECT 1').get();
        return schemaVersion(db);
      });
      return { reachable: true, detail: `sqlite ${this.db.name}, schema v${version}` };
    } catch (error) {
      return { reachable: false, detail: (error as Error).message };
    }
  }

  clear(): Promise<void> {
    return this.exec.exclusive(async () => {
      const tables = this.db
        // FTS5 keeps its data in shadow tables (name_fts_data…); deleting from the virtual table clears them.
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations' AND name NOT GLOB '*_fts_*'")
        .all() as { name: string }[];
      this.db.transaction(() => {
        for (const { name } of tables) this.db.exec(`DELETE FROM "${name}"`);
      })();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Wait for queued work, fold the WAL into the main file, then close.
    await this.exec.exclusive(async () => {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    });
    this.closed = true;
  }
}
