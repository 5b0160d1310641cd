import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyMigrations, openDatabase, schemaVersion } from '../../bot/store/sqlite/database';
import { MIGRATIONS } from '../../bot/store/sqlite/migrations';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { storeContract } from '../contract/all.contract';

const LATEST = Math.max(...MIGRATIONS.map((m) => m.version));
const tempDirs: string[] = [];
const newDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-store-'));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('SQLite adapter (real file in a temp dir)', () => {
  storeContract(async () => SqliteStore.open(newDir()));
});

describe('SQLite database file', () => {
  it('uses write-ahead logging and applies each migration once', () => {
    const dir = newDir();
    const db = openDatabase(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(LATEST);
    expect(applyMigrations(db, MIGRATIONS)).toEqual([]);
    expect(applyMigrations(db, [{ version: LATEST + 1, name: 'add column', sql: 'ALTER TABLE manuals ADD COLUMN extra TEXT' }])).toEqual([LATEST + 1]);
    expect(schemaVersion(db)).toBe(LATEST + 1);
    db.close();
  });

  it('rolls back a failing migration entirely', () => {
    const db = openDatabase(newDir());
    expect(() => applyMigrations(db, [{ version: LATEST + 1, name: 'broken', sql: 'CREATE TABLE t (a); INSERT INTO missing VALUES (1);' }])).toThrow();
    expect(schemaVersion(db)).toBe(LATEST);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 't'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a database written by a newer version instead of corrupting it', () => {
    const dir = newDir();
    const db = openDatabase(dir);
    db.prepare('INSERT INTO schema_migrations VALUES (99, ?, ?)').run('future', new Date().toISOString());
    db.close();
    expect(() => openDatabase(dir)).toThrow('v99');
  });

  it('keeps data across close and reopen', async () => {
    const dir = newDir();
    const store = SqliteStore.open(dir);
    await store.inquiries.allocateNumber(2026);
    await store.close();
    const reopened = SqliteStore.open(dir);
    expect(await reopened.inquiries.allocateNumber(2026)).toBe('Q-R8-0002');
    expect((await reopened.health()).detail).toContain(`schema v${LATEST}`);
    await reopened.close();
    expect((await reopened.health()).reachable).toBe(false);
  });
});
