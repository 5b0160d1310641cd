import fs from 'node:fs';
import path from 'node:path';
import { Workbook } from 'exceljs';
import type { Initiative } from '../../bot/checkins/model';
import { checkInExportRows, exportCheckIns } from '../../bot/checkins/spreadsheet/checkin-export';
import { importInitiatives } from '../../bot/checkins/spreadsheet/initiative-import';
import { writeCsv } from '../../bot/platform/spreadsheet/write-csv';
import { loadDemoData } from '../../bot/demo/demo-data';
import { seedDemoData } from '../../bot/demo/seed';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { ROOT, tempDir } from '../support/processes';

const { departments: demoDepartments, people: demoPeople, initiatives: demoInitiatives } = loadDemoData();

/** 施策一覧 import and export against a real SQLite store in a temp dir. */

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'initiatives');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const SAMPLES = ['施策一覧-sample.xlsx', '施策一覧-sample-utf8-bom.csv', '施策一覧-sample-utf8.csv', '施策一覧-sample-sjis.csv'];

const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterAll(async () => {
  for (const store of stores) await store.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A store holding the directory (departments and people), so 担当者 can be resolved. */
async function directoryStore(): Promise<SqliteStore> {
  const dir = tempDir('renkei-import-');
  dirs.push(dir);
  const store = SqliteStore.open(dir);
  stores.push(store);
  await store.transaction(async (tx) => {
    for (const department of demoDepartments) await tx.departments.upsert(department);
    for (const person of demoPeople) await tx.people.upsert(person);
  });
  return store;
}

describe('importing the 施策一覧', () => {
  it('imports the city-style sample: 12 initiatives with owners and KPIs, in one transaction', async () => {
    const store = await directoryStore();
    const transaction = jest.spyOn(store, 'transaction');
    const report = await importInitiatives(store, fixture('施策一覧-sample.xlsx'), '施策一覧-sample.xlsx', { mode: 'all-or-nothing' });
    expect(report).toEqual({ created: 12, updated: 0, unchanged: 0, problems: [], invalidRows: 0, applied: true });
    expect(transaction).toHaveBeenCalledTimes(1);
    const stored = await store.initiatives.list();
    expect(stored.map((i) => i.code)).toEqual([
      'A1-1',
      'A1-2',
      'A1-3',
      'A1-4',
      'A2-1',
      'A3-2',
      'B1-1',
      'B1-3',
      'B1-4',
      'B1-5a',
      'C2-2',
      'C3-2',
    ]);
    expect(await store.initiatives.get('A1-3')).toMatchObject({ title: '窓口手続きのワンストップ化', ownerId: 'p-hq-responder' }); // 担当者 given as email
    expect(await store.initiatives.get('B1-5a')).toMatchObject({ ownerId: null, kpis: [] });
    expect((await store.initiatives.get('B1-4'))?.kpis).toEqual([
      {
        id: 'B1-4-k1',
        name: 'ペーパーレス(印刷枚数)',
        unit: '枚',
        baseline: 4779225,
        target: 2389612,
        targetDate: '2028-03-31',
        direction: 'lower',
      },
    ]);
  });

  it('gives the same initiatives from the xlsx, UTF-8 BOM, UTF-8 and Shift_JIS files', async () => {
    const results: Initiative[][] = [];
    for (const name of SAMPLES) {
      const store = await directoryStore();
      const report = await importInitiatives(store, fixture(name), name, { mode: 'all-or-nothing' });
      expect({ name, problems: report.problems, created: report.created }).toEqual({ name, problems: [], created: 12 });
      results.push(await store.initiatives.list());
    }
    for (const result of results.slice(1)) expect(result).toEqual(results[0]);
    expect(results[0].find((i) => i.code === 'B1-3')?.kpis.map((k) => [k.target, k.targetDate])).toEqual([
      [80, '2026-03-31'], // xlsx: a formula's cached result and a date cell; CSV: "80%" and 2026/3/31
      [100, '2028-03-31'],
    ]);
  });

  it('all-or-nothing: one bad row and nothing is written, the stored list stays as it was', async () => {
    const store = await directoryStore();
    await store.initiatives.upsert({ ...demoInitiatives[0], title: '書かない窓口（取込前）' });
    const before = await store.initiatives.list();
    const report = await importInitiatives(store, fixture('施策一覧-bad-rows.csv'), 'bad.csv', { mode: 'all-or-nothing' });
    expect(report.applied).toBe(false);
    expect(report.invalidRows).toBe(7);
    expect(report.problems.map((p) => `${p.row}:${p.column}`)).toEqual([
      '6:管理項目',
      '7:進捗管理枝番1',
      '8:KPI1目標値',
      '9:担当者',
      '10:KPI1目標期日',
      '11:KPI1方向',
      '12:進捗管理枝番2',
    ]);
    expect(await store.initiatives.list()).toEqual(before);
  });

  it('valid-only: the good rows are written, the bad ones reported', async () => {
    const store = await directoryStore();
    const report = await importInitiatives(store, fixture('施策一覧-bad-rows.csv'), 'bad.csv', { mode: 'valid-only' });
    expect(report).toMatchObject({ created: 3, updated: 0, applied: true, invalidRows: 7 });
    expect((await store.initiatives.list()).map((i) => i.code)).toEqual(['A1-1', 'A1-2', 'B1-5a']);
    expect((await store.initiatives.get('A1-1'))?.title).toBe('書かない窓口の実現'); // the first A1-1, not the duplicate
  });

  it('a dry run counts what would change and writes nothing', async () => {
    const store = await directoryStore();
    const report = await importInitiatives(store, fixture('施策一覧-sample-utf8.csv'), 'x.csv', { mode: 'all-or-nothing', dryRun: true });
    expect(report).toMatchObject({ created: 12, updated: 0, applied: false, problems: [] });
    expect(await store.initiatives.list()).toEqual([]);
  });

  it('re-import updates by code: no duplicates, and counts new, updated and unchanged', async () => {
    const store = await directoryStore();
    await importInitiatives(store, fixture('施策一覧-sample.xlsx'), 'a.xlsx', { mode: 'all-or-nothing' });
    const again = await importInitiatives(store, fixture('施策一覧-sample-sjis.csv'), 'a.csv', { mode: 'all-or-nothing' });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 12, applied: true });

    // The PMO edits one title and adds one row in the export of the list.
    const rows = checkInExportRows(await store.initiatives.list(), []);
    const titleColumn = rows[0].indexOf('管理項目');
    const a12 = rows.find((row) => row[0] === 'A1' && row[1] === '2')!;
    a12[titleColumn] = '窓口待ち時間の短縮';
    rows.push(rows[0].map((header) => ({ 進捗管理枝番1: 'C9', 進捗管理枝番2: '1', 管理項目: '新しい施策' })[header as string] ?? null));
    const edited = await importInitiatives(store, writeCsv(rows), 'edited.csv', { mode: 'all-or-nothing' });
    expect(edited).toMatchObject({ created: 1, updated: 1, unchanged: 11, problems: [] });
    const stored = await store.initiatives.list();
    expect(stored).toHaveLength(13);
    expect(stored.filter((i) => i.code === 'A1-2')).toEqual([
      expect.objectContaining({ title: '窓口待ち時間の短縮', ownerId: 'p-ward-manager' }),
    ]);
  });

  it('keeps owners and KPIs when the file has no such columns (the city sheet), but clears emptied cells', async () => {
    const store = await directoryStore();
    await importInitiatives(store, fixture('施策一覧-sample.xlsx'), 'a.xlsx', { mode: 'all-or-nothing' });
    const citySheet = [
      ['進捗管理枝番1 (9領域)', '進捗管理枝番2 (施策番号)', '主担当部', '施策3本柱', '施策 9 領域', '管理項目', '目的', 'R7年度末時点'],
      [
        'B1',
        '4',
        '総務部',
        'B:庁内効率化と働き方改革',
        'B1:業務のデジタル化などによるバックオフィス効率化',
        'ペーパーレスの推進（改）',
        '',
        '現状把握',
      ],
    ];
    const report = await importInitiatives(store, writeCsv(citySheet), 'city.csv', { mode: 'all-or-nothing' });
    expect(report).toMatchObject({ updated: 1, problems: [] });
    const b14 = (await store.initiatives.get('B1-4'))!;
    expect(b14).toMatchObject({
      title: 'ペーパーレスの推進（改）',
      purpose: '',
      milestone: '現状把握',
      ownerId: 'p-admin',
      leadSection: '総務課',
    });
    expect(b14.kpis.map((k) => k.id)).toEqual(['B1-4-k1']);
  });
});

describe('export → import round trip', () => {
  it.each(['xlsx', 'csv'] as const)('a %s export of the demo data imports back as the same initiatives', async (format) => {
    const source = await directoryStore();
    await seedDemoData(source, { reset: true });
    // Text that a spreadsheet would run as a formula must survive the guard both ways.
    await source.initiatives.upsert({
      ...demoInitiatives[1],
      title: '=窓口待ち時間の短縮',
      purpose: '-研修第1回実施\n-研修第2回実施',
      q4Target: '@全区',
    });
    const originals = await source.initiatives.list();

    const file = await exportCheckIns(source, { fiscalYear: 2026, quarter: 1 }, format);
    expect(file.fileName).toBe(`施策一覧_R8年度Q1.${format}`);
    expect(file.checkIns).toBeGreaterThan(0);

    const target = await directoryStore();
    const report = await importInitiatives(target, file.body, file.fileName, { mode: 'all-or-nothing' });
    expect(report.problems).toEqual([]);
    expect(report.created).toBe(originals.length);
    expect(await target.initiatives.list()).toEqual(originals);

    const again = await importInitiatives(source, file.body, file.fileName, { mode: 'all-or-nothing' });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: originals.length });
  });

  it("writes the quarter's answers and KPI actuals, numbers as numbers, and blanks where nobody answered", async () => {
    const store = await directoryStore();
    await seedDemoData(store, { reset: true });
    const a11 = (await store.checkIns.get('A1-1', 2026, 1))!;
    const file = await exportCheckIns(store, { fiscalYear: 2026, quarter: 1 }, 'xlsx');
    const workbook = new Workbook();
    await workbook.xlsx.load(file.body as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.getWorksheet('R8年度Q1')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const rowOf = (code: string) => {
      const [b1, b2] = code.split('-');
      for (let r = 2; r <= sheet.rowCount; r++)
        if (sheet.getCell(r, 1).value === b1 && sheet.getCell(r, 2).value === b2) return sheet.getRow(r);
      throw new Error(`no row for ${code}`);
    };
    const cell = (code: string, column: string) => rowOf(code).getCell(header.indexOf(column) + 1).value;
    expect(cell('A1-1', '進捗状況')).toBe(a11.progress);
    expect(cell('A1-1', '天気')).toBe(a11.weather);
    expect(cell('A1-1', 'KPI1実績')).toBe(a11.kpiActuals.find((a) => a.kpiId === 'A1-1-k1')!.value);
    expect(typeof cell('A1-1', 'KPI2目標値')).toBe('number');
    const answered = new Set((await store.checkIns.listForQuarter(2026, 1)).map((c) => c.initiativeCode));
    const unanswered = demoInitiatives.filter((i) => !answered.has(i.code)).map((i) => i.code);
    expect(unanswered).toContain('B1-7A'); // no owner, so no answers (bot/demo/checkins.ts)
    for (const code of unanswered) expect([cell(code, '進捗状況'), cell(code, '天気'), cell(code, 'KPI1実績')]).toEqual([null, null, null]);
    const groups = Math.max(...demoInitiatives.map((i) => i.kpis.length));
    expect(header.filter((h) => /^KPI\d+名称$/.test(String(h)))).toHaveLength(groups);
  });
});
