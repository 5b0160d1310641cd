import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations';

export type SqliteDatabase = Database.Database;

export const DATABASE_FILE_NAME = 'renkei.sqlite';

/**
 * Opens (creating if needed) the database file in dataDir with write-ahead logging, so a
 * kill at any moment loses nothing that was committed, and brings the schema up to date.
 */
export function openDatabase(dataDir: string, migrations: Migration[] = MIGRATIONS): SqliteDatabase {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DATABASE_FILE_NAME);
  // SQLite takes an empty file for a new database; an existing empty file is a lost one (a failed copy, a full disk).
  if (fs.existsSync(file) && fs.statSync(file).size === 0) throw new DatabaseFileError(file, 'the file is empty (0 bytes)');
  let db: SqliteDatabase;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(String(check));
  } catch (error) {
    if (error instanceof DatabaseFileError) throw error;
    throw new DatabaseFileError(file, (error as Error).message);
  }
  db.pragma('synchronous = NORMAL'); // durable across process crashes in WAL mode
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000'); // the CLI may write while the server runs
  applyMigrations(db, migrations);
  return db;
}

/** The database file cannot be used as it is: an operator must restore it (README, バックアップと復元). */
export class DatabaseFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(
      `データベースファイル ${file} が壊れているか読めません: ${reason}。バックアップから戻してください (the database file is damaged or unreadable; restore it from a backup)`,
    );
    this.name = 'DatabaseFileError';
  }
}

export function applyMigrations(db: SqliteDatabase, migrations: Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(
    db
      .prepare('SELECT version FROM schema_migrations')
      .all()
      .map((row) => (row as { version: number }).version),
  );
  const newest = Math.max(0, ...applied);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (newest > known) {
    throw new Error(
      `データベースのスキーマ (v${newest}) がこのバージョンより新しいです。アプリを更新してください (database schema v${newest} is newer than this build knows, v${known})`,
    );
  }
  const run = db.transaction((migration: Migration) => {
    db.exec(migration.sql);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      migration.version,
      migration.name,
      new Date().toISOString(),
    );
  });
  const appliedNow: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    run(migration);
    appliedNow.push(migration.version);
  }
  return appliedNow;
}

export function schemaVersion(db: SqliteDatabase): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  return row.version ?? 0;
}
