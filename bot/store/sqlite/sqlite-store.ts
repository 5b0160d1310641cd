import fs from 'node:fs';
import path from 'node:path';
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
import { SqliteSurveyStore } from './repositories/surveys';

function sessionOver(exec: SqliteExecutor): StoreSession {
  return {
    departments: new SqliteDepartmentStore(exec),
    people: new SqlitePeopleStore(exec),
    initiatives: new SqliteInitiativeStore(exec),
    checkIns: new SqliteCheckInStore(exec),
    checkInCycles: new SqliteCheckInCycleStore(exec),
    inquiries: new SqliteInquiryStore(exec),
    notices: new SqliteNoticeStore(exec),
    surveys: new SqliteSurveyStore(exec),
    rulings: new SqliteRulingStore(exec),
    manuals: new SqliteManualStore(exec),
    conversations: new SqliteConversationReferenceStore(exec),
    outbox: new SqliteOutboxStore(exec),
    audit: new SqliteAuditLogStore(exec),
  };
}

export interface SqliteStoreOptions {
  /** How long health() reuses its write probe (HEALTH_CACHE_SECONDS); 5 s when not given. */
  healthCacheMs?: number;
}

/** The embedded store: one SQLite file in APP_DATA_DIR. */
export class SqliteStore extends SessionBackedStore {
  private readonly exec: SqliteExecutor;
  protected readonly session: StoreSession;
  private closed = false;
  private lastHealth?: { at: number; health: StoreHealth };

  constructor(
    private readonly db: SqliteDatabase,
    private readonly options: SqliteStoreOptions = {},
  ) {
    super();
    reindexRulingsIfNeeded(db);
    this.exec = new SqliteExecutor(db);
    this.session = sessionOver(this.exec);
  }

  static open(dataDir: string, options: SqliteStoreOptions = {}): SqliteStore {
    return new SqliteStore(openDatabase(dataDir), options);
  }

  /**
   * The parts used when this file mirrors SharePoint: the search index of rulings, delta
   * positions and which list item holds which record.
   */
  mirror() {
    return {
      rulings: new SqliteRulingStore(this.exec),
      /** Only the text index of manuals (their records live in SharePoint). */
      manualTexts: new SqliteManualStore(this.exec),
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
        // SQLite rolls back by itself on some errors (SQLITE_FULL, IOERR); a second ROLLBACK would replace the cause in the log.
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  /**
   * Reads and writes: a file that can be read but not written (a full or read-only disk) fails
   * every request that saves something. The write probe is remembered a few seconds, so polling
   * /healthz does not turn into a stream of writes.
   */
  async health(): Promise<StoreHealth> {
    if (this.closed) return { reachable: false, detail: 'sqlite: closed' };
    const cacheMs = this.options.healthCacheMs ?? DEFAULT_HEALTH_CACHE_MS;
    if (this.lastHealth && Date.now() - this.lastHealth.at < cacheMs) return this.lastHealth.health;
    const health = await this.exec.run((db) => probe(db)).catch((error: unknown) => faultHealth(error));
    this.lastHealth = { at: Date.now(), health };
    return health;
  }

  clear(): Promise<void> {
    return this.exec.exclusive(async () => {
      const tables = this.db
        // FTS5 keeps its data in shadow tables (name_fts_data…); deleting from the virtual table clears them.
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations' AND name NOT GLOB '*_fts_*'",
        )
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

const DEFAULT_HEALTH_CACHE_MS = 5_000;
/** Below this much free space SQLite cannot be trusted to write (WAL frames, checkpoints). */
const MIN_FREE_BYTES = 8 * 1024 * 1024;

function probe(db: SqliteDatabase): StoreHealth {
  db.prepare('SELECT 1').get();
  const version = schemaVersion(db);
  const { bavail, bsize } = fs.statfsSync(path.dirname(db.name));
  if (bavail * bsize < MIN_FREE_BYTES)
    return { reachable: false, detail: 'sqlite: データディスクの空きがありません (data disk full)', cause: `${bavail * bsize} bytes free` };
  // One committed write of the header page (its own value): fails on a full or read-only disk.
  db.transaction(() => db.pragma(`user_version = ${Number(db.pragma('user_version', { simple: true }))}`)).immediate();
  return { reachable: true, detail: `sqlite, schema v${version}` };
}

/** A reason anyone may read, from the driver's error code; the error itself stays with the operator. */
function faultHealth(error: unknown): StoreHealth {
  const { code: rawCode } = error as { code?: unknown };
  const code = typeof rawCode === 'string' ? rawCode : '';
  const cause = `${code} ${(error as Error).message}`.trim();
  if (code === 'SQLITE_FULL' || code === 'ENOSPC')
    return { reachable: false, detail: 'sqlite: データディスクの空きがありません (data disk full)', cause };
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES')
    return { reachable: false, detail: 'sqlite: データディレクトリに書き込めません (data directory read-only)', cause };
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')
    return { reachable: false, detail: 'sqlite: データベースファイルが壊れています (database file corrupt)', cause };
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN'))
    return { reachable: false, detail: 'sqlite: データディスクの読み書きに失敗しました (disk I/O error)', cause };
  return { reachable: false, detail: 'sqlite: 応答がありません (not answering)', cause };
}
