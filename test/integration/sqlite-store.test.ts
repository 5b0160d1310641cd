import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyMigrations, openDatabase, schemaVersion } from '../../bot/store/sqlite/database';
import { MIGRATIONS } from '../../bot/store/sqlite/migrations';
import { seedDemoData } from '../../bot/demo/seed';
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
    expect(applyMigrations(db, [{ version: LATEST + 1, name: 'add column', sql: 'ALTER TABLE manuals ADD COLUMN extra TEXT' }])).toEqual([
      LATEST + 1,
    ]);
    expect(schemaVersion(db)).toBe(LATEST + 1);
    db.close();
  });

  it('rolls back a failing migration entirely', () => {
    const db = openDatabase(newDir());
    expect(() =>
      applyMigrations(db, [{ version: LATEST + 1, name: 'broken', sql: 'CREATE TABLE t (a); INSERT INTO missing VALUES (1);' }]),
    ).toThrow();
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
    const db = openDatabase(
      dir,
      MIGRATIONS.filter((m) => m.version <= 5),
    );
    const old = (o: Record<string, unknown>): Record<string, unknown> => ({
      number: 'Q-R8-0001',
      fiscalYear: 2026,
      askerId: 'p-1',
      askerDepartmentId: 'w',
      targetDepartmentId: 'h',
      category: '国保',
      subject: '件名',
      body: '内容',
      legalBasis: '',
      desiredAnswerDate: '2026-11-30',
      urgency: '通常',
      assigneeId: 'p-2',
      createdAt: '2026-11-20T00:00:00.000Z',
      updatedAt: '2026-11-21T00:00:00.000Z',
      ...o,
    });
    const insert = db.prepare(
      'INSERT INTO inquiries (number, fiscal_year, target_department_id, asker_id, status, created_at, updated_at, doc) VALUES (?, 2026, ?, ?, ?, ?, ?, ?)',
    );
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
      expect(first).toMatchObject({
        status: 'submitted',
        draft: null,
        answer: null,
        clarifications: [],
        rulingId: null,
        dueOn: '2026-11-30',
        returnComment: null,
      });
      expect(first).not.toHaveProperty('draftAnswer');
      expect(second).toMatchObject({
        status: 'drafted',
        draft: { text: '案です', shareWithAllWards: true, ruling: null, draftedBy: 'p-2', draftedAt: '2026-11-21T00:00:00.000Z' },
        answer: null,
      });
      expect(third).toMatchObject({ status: 'answered', answer: { text: '回答です', answeredBy: 'p-2', approvedBy: null } });
      expect((await store.inquiries.list({ status: 'submitted' })).map((i) => i.number)).toEqual(['Q-R8-0001']);
    } finally {
      await store.close();
    }
  });
});

describe('migration of check-in submission ids (issue 18, finding 5)', () => {
  it('replaces guessable migrated and demo ids with random ones, the same in the answer and its revision', async () => {
    const dir = newDir();
    // Version 4 had check-ins without revisions: version 5 gave them 'migrated:<code>:<year>Q<q>'.
    const db = openDatabase(
      dir,
      MIGRATIONS.filter((m) => m.version <= 4),
    );
    const insert = db.prepare('INSERT INTO check_ins (initiative_code, fiscal_year, quarter, doc) VALUES (?, ?, ?, ?)');
    const answer = (code: string, quarter: number) => ({
      initiativeCode: code,
      fiscalYear: 2026,
      quarter,
      progress: '進捗',
      weather: '晴れ',
      direction: '継続',
      directionReason: '',
      nextActions: '',
      kpiActuals: [],
      submittedBy: 'p-1',
      submittedAt: '2026-10-05T09:00:00.000Z',
    });
    for (const [code, quarter] of [
      ['A1-1', 1],
      ['A1-1', 2],
      ['B2-3', 1],
    ] as const)
      insert.run(code, 2026, quarter, JSON.stringify(answer(code, quarter)));
    db.close();
    // An older demo seed wrote 'demo:<code>:<year>Q<q>' at version 7.
    const v7 = openDatabase(
      dir,
      MIGRATIONS.filter((m) => m.version <= 7),
    );
    const demo = { ...answer('C3-1', 3), revision: 1, submissionId: 'demo:C3-1:2026Q3' };
    v7.prepare('INSERT INTO check_ins (initiative_code, fiscal_year, quarter, revision, doc) VALUES (?, ?, ?, 1, ?)').run(
      'C3-1',
      2026,
      3,
      JSON.stringify(demo),
    );
    v7.prepare(
      'INSERT INTO check_in_revisions (initiative_code, fiscal_year, quarter, revision, submission_id, doc) VALUES (?, ?, ?, 1, ?, ?)',
    ).run('C3-1', 2026, 3, demo.submissionId, JSON.stringify(demo));
    expect(
      (v7.prepare('SELECT submission_id FROM check_in_revisions ORDER BY submission_id').all() as { submission_id: string }[]).map(
        (r) => r.submission_id,
      ),
    ).toContain('migrated:A1-1:2026Q1');
    v7.close();

    const store = SqliteStore.open(dir);
    try {
      const ids: string[] = [];
      for (const [code, quarter] of [
        ['A1-1', 1],
        ['A1-1', 2],
        ['B2-3', 1],
        ['C3-1', 3],
      ] as const) {
        const current = await store.checkIns.get(code, 2026, quarter);
        const [revision] = await store.checkIns.history(code, 2026, quarter);
        expect(current?.submissionId).toMatch(/^[0-9a-f]{32}$/);
        expect(revision.submissionId).toBe(current?.submissionId);
        ids.push(current!.submissionId);
      }
      expect(new Set(ids).size).toBe(ids.length);
      // The old, guessable id is no longer a replay of anything.
      const guessed = { ...answer('A1-1', 1), revision: 1, submissionId: 'migrated:A1-1:2026Q1' } as Parameters<
        typeof store.checkIns.submit
      >[0];
      expect((await store.checkIns.submit(guessed)).outcome).toBe('conflict');
    } finally {
      await store.close();
    }
  });
});

describe('demo data (issue 18, finding 5)', () => {
  it('seeds check-ins with random submission ids, none derived from the initiative and quarter', async () => {
    const store = SqliteStore.open(newDir());
    try {
      await seedDemoData(store);
      const answers = (await Promise.all((await store.initiatives.list()).map((i) => store.checkIns.listForInitiative(i.code)))).flat();
      expect(answers.length).toBeGreaterThan(0);
      for (const answer of answers) {
        expect(answer.submissionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(answer.submissionId).not.toContain(answer.initiativeCode);
      }
      expect(new Set(answers.map((a) => a.submissionId)).size).toBe(answers.length);
    } finally {
      await store.close();
    }
  });
});
