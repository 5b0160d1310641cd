import fs from 'node:fs';
import path from 'node:path';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { ROOT, startNode, tempDir } from '../support/processes';

/** `npm run cli -- import initiatives` and `export checkins` as operators run them (the built CLI). */
const CLI = 'dist/bot/cli/main.js';
const FIXTURES = path.join('test', 'fixtures', 'initiatives');
const BAD = path.join(FIXTURES, '施策一覧-bad-rows.csv');

describe('initiative import and check-in export commands', () => {
  let dataDir: string;
  const run = async (...args: string[]) => {
    const cli = startNode([CLI, ...args], { APP_DATA_DIR: dataDir, APP_MODE: undefined, MicrosoftAppId: undefined });
    const { code } = await cli.exited;
    return { code, output: cli.output() };
  };
  const storedCodes = async () => {
    const store = SqliteStore.open(dataDir);
    try {
      return (await store.initiatives.list()).map((i) => i.code);
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    dataDir = tempDir('renkei-cli-import-');
    expect((await run('seed')).code).toBe(0);
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('prints FILE:row: column: reason for each problem and writes nothing (exit 1)', async () => {
    const before = await storedCodes();
    const { code, output } = await run('import', 'initiatives', BAD);
    expect(code).toBe(1);
    expect(output).toContain(`${BAD}:6: 管理項目: 必須です (required)`);
    expect(output).toContain(`${BAD}:12: 進捗管理枝番2: 施策番号 A1-1 は 4 行目と重複しています`);
    expect(output).toContain('何も取り込みませんでした');
    expect(output).toContain('(nothing imported: 7 problem(s) in 7 row(s)');
    expect(await storedCodes()).toEqual(before);
  });

  it('--valid-only imports the good rows and still exits 1; --dry-run writes nothing', async () => {
    const dry = await run('import', 'initiatives', path.join(FIXTURES, '施策一覧-sample-sjis.csv'), '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.output).toContain('何も書き込んでいません');
    expect(await storedCodes()).not.toContain('C2-2');

    const valid = await run('import', 'initiatives', BAD, '--valid-only');
    expect(valid.code).toBe(1);
    expect(valid.output).toContain('正しい行だけを取り込みました');

    const sample = await run('import', 'initiatives', path.join(FIXTURES, '施策一覧-sample.xlsx'));
    expect(sample.code).toBe(0);
    expect(sample.output).toMatch(/施策一覧を取り込みました: 新規 2 件、更新 \d+ 件/);
    expect(await storedCodes()).toEqual(expect.arrayContaining(['C2-2', 'C3-2']));
  });

  it('exports a quarter to xlsx or csv and the export imports back unchanged', async () => {
    const out = path.join(dataDir, 'R8Q2.xlsx');
    const exported = await run('export', 'checkins', '--fy', '2026', '--q', '2', '--out', out);
    expect(exported.code).toBe(0);
    expect(exported.output).toContain('R8年度Q2 のチェックインを書き出しました');
    expect([...fs.readFileSync(out).subarray(0, 2)]).toEqual([0x50, 0x4b]);
    const reimport = await run('import', 'initiatives', out);
    expect(reimport.code).toBe(0);
    expect(reimport.output).toMatch(/新規 0 件、更新 0 件、変更なし \d+ 件/);

    const csv = path.join(dataDir, 'R8Q2.csv');
    expect((await run('export', 'checkins', '--fy', '2026', '--q', '2', '--out', csv)).code).toBe(0);
    expect([...fs.readFileSync(csv).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it.each([
    [['import', 'initiatives'], '使い方'],
    [['import', 'initiatives', BAD, '--all'], '不明なオプション'],
    [['import', 'spreadsheets', BAD], 'import rulings FILE.jsonl'],
    [['export', 'checkins', '--fy', '2026', '--q', '5', '--out', 'x.xlsx'], '四半期は 1〜4'],
    [['export', 'checkins', '--fy', 'R8', '--q', '1', '--out', 'x.xlsx'], '年度は 2019〜2100'],
    [['export', 'checkins', '--fy', '2026', '--q', '1', '--out', 'x.pdf'], '.xlsx か .csv'],
    [['export', 'checkins', '--fy', '2026', '--q', '1'], '使い方'],
  ])('answers usage errors %j with exit 2', async (args, message) => {
    const { code, output } = await run(...args);
    expect(code).toBe(2);
    expect(output).toContain(message);
  });

  it('refuses a file that is not a spreadsheet with a clear message (exit 1)', async () => {
    const png = path.join(dataDir, 'photo.csv');
    fs.writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    const { code, output } = await run('import', 'initiatives', png);
    expect(code).toBe(1);
    expect(output).toContain('Excel (.xlsx) でも CSV でもないファイルです');
  });
});

afterAll(() => {
  expect(fs.existsSync(path.join(ROOT, CLI))).toBe(true);
});
