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

describe('migration of inquiries written by earlier versions', () => {
  it('turns plain-text drafts and answers into records and renames the statuses', async () => {
    const dir = newDir();
    const db = openDatabase(dir, MIGRATIONS.filter((m) => m.version <= 5));
    const old = (o: Record<string, unknown>): Record<string, unknown> => ({
      number: 'Q-R8-0001', fiscalYear: 2026, askerId: 'p-1', askerDepartmentId: 'w', targetDepartmentId: 'h', category: '国保', subject: '件名', body: '内容', legalBasis: '', desiredAnswerDate: '2026-11-30', urgency: '通常', assigneeId: 'p-2', createdAt: '2026-11-20T00:00:00.000Z', updatedAt: '2026-11-21T00:00:00.000Z', ...o,
    });
    const insert = db.prepare('INSERT INTO inquiries (number, fiscal_year, target_department_id, asker_id, status, created_at, updated_at, doc) VALUES (?, 2026, ?, ?, ?, ?, ?, ?)');
    const rows = [
      old({ number: 'Q-R8-0001', status: 'open', assigneeId: null, draftAnswer: null, answer: null, shareWithAllWards: false }),
      old({ number: 'Q-R8-0002', status: 'drafted', draftAnswer: '案です', answer: null, shareWithAllWards: true }),
      old({ number: 'Q-R8-0003', status: 'answered', draftAnswer: '回答です', answer: '回答です', shareWithAllWards: false }),
    ];
    for (const row of rows) insert.run(row.number, 'h', 'p-1', row.status, row.createdAt, row.updatedAt, JSON.stringify(row));
    db.close();

    const store = SqliteStore.open(dir);
    try {
      const [first, second, third] = await Promise.all(['Q-R8-0001', 'Q-R8-0002', 'Q-R8-0003'].map((n) => store.inquiries.get(n)));
      expect(first).toMatchObject({ status: 'submitted', draft: null, answer: null, clarifications: [], rulingId: null, dueOn: '2026-11-30', returnComment: null });
      expect(first).not.toHaveProperty('draftAnswer');
      expect(second).toMatchObject({ status: 'drafted', draft: { text: '案です', shareWithAllWards: true, ruling: null, draftedBy: 'p-2', draftedAt: '2026-11-21T00:00:00.000Z' }, answer: null });
      expect(third).toMatchObject({ status: 'answered', answer: { text: '回答です', answeredBy: 'p-2', approvedBy: null } });
      expect((await store.inquiries.list({ status: 'submitted' })).map((i) => i.number)).toEqual(['Q-R8-0001']);
    } finally {
      await store.close();
    }
  });
});
