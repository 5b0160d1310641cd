import fs from 'node:fs';
import zlib from 'node:zlib';
import { Workbook } from 'exceljs';
import fc from 'fast-check';
import { exportCheckIns } from '../../bot/checkins/spreadsheet/checkin-export';
import { importInitiatives, type ImportOptions, type InitiativeImportReport } from '../../bot/checkins/spreadsheet/initiative-import';
import { MAX_COLUMNS, MAX_ROWS, SpreadsheetReadError } from '../../bot/checkins/spreadsheet/read-table';
import { loadDemoData } from '../../bot/demo/demo-data';
import { seedDemoData } from '../../bot/demo/seed';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { hasLoneSurrogate, HOSTILE_TEXTS, JAPANESE, runs } from '../support/hostile-inputs';
import { tempDir } from '../support/processes';

const { departments: demoDepartments, people: demoPeople } = loadDemoData();

/**
 * Hostile 施策一覧 files through importInitiatives with a real SqliteStore holding the demo data:
 * broken encodings, binary data, zips that are not workbooks, workbooks with formulas and far
 * too many rows or columns, cells that look like formulas or paths, and random bytes. Each ends
 * in a SpreadsheetReadError with a clear message or a report with per-row problems; with any
 * problem, all-or-nothing writes nothing, and a dry run never writes.
 */
jest.setTimeout(runs(30_000)); // longer searches (HOSTILE_RUNS_FACTOR) get proportionally more time

describe('importing hostile 施策一覧 files', () => {
  let store: SqliteStore;
  let dataDir: string;
  const HEADER = [
    '進捗管理枝番1',
    '進捗管理枝番2',
    '主担当部',
    '主担当課',
    '管理項目',
    '目的',
    '担当者',
    'KPI1名称',
    'KPI1単位',
    'KPI1基準値',
    'KPI1目標値',
    'KPI1目標期日',
    'KPI1方向',
  ];

  beforeAll(async () => {
    dataDir = tempDir('renkei-hostile-files-');
    store = SqliteStore.open(dataDir);
    await seedDemoData(store);
  });

  afterAll(async () => {
    await store?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  type Outcome = { error: SpreadsheetReadError } | { report: InitiativeImportReport };

  /** Imports and checks the contract: only SpreadsheetReadError is thrown, and nothing is written unless it may be. */
  async function importChecked(
    bytes: Uint8Array,
    fileName: string,
    options: ImportOptions = { mode: 'all-or-nothing' },
    into: SqliteStore = store,
  ): Promise<Outcome> {
    const stored = async () => JSON.stringify(await into.initiatives.list());
    const before = await stored();
    let outcome: Outcome;
    try {
      outcome = { report: await importInitiatives(into, bytes, fileName, options) };
    } catch (error) {
      if (!(error instanceof SpreadsheetReadError))
        throw new Error(`${fileName}: expected SpreadsheetReadError, got ${(error as Error).name}: ${(error as Error).message}`, {
          cause: error,
        });
      expect(error.message).toMatch(JAPANESE);
      expect(error.message).toContain(fileName.slice(0, 20));
      expect(error.message.length).toBeLessThan(600);
      expect(await stored()).toBe(before);
      return { error };
    }
    const { report } = outcome;
    for (const problem of report.problems) {
      expect(problem.row).toBeGreaterThanOrEqual(1);
      expect(typeof problem.column).toBe('string');
      expect(problem.reason).toMatch(JAPANESE);
      expect(problem.reason.length).toBeLessThan(400); // a bad cell is quoted in part, never whole
    }
    expect(report.invalidRows).toBeLessThanOrEqual(report.problems.length);
    const mayWrite = !options.dryRun && (options.mode === 'valid-only' || report.problems.length === 0);
    expect(report.applied).toBe(mayWrite);
    if (!mayWrite || report.created + report.updated === 0) expect(await stored()).toBe(before);
    // Whatever was stored is clean text.
    for (const initiative of await into.initiatives.list()) {
      for (const text of Object.values(initiative).filter((v): v is string => typeof v === 'string')) {
        expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
        expect(hasLoneSurrogate(text)).toBe(false);
      }
    }
    return outcome;
  }

  const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
  const csvField = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  const csv = (rows: string[][]) => rows.map((row) => row.map(csvField).join(',')).join('\r\n');
  const VALID_ROW = [
    'Z9',
    '1',
    '総務局',
    'DX推進課',
    '敵対的入力の検証',
    '目的',
    'p-pmo',
    '件数',
    '件',
    '10',
    '20',
    '2027-03-31',
    '高いほど良い',
  ];

  async function xlsx(fill: (sheet: import('exceljs').Worksheet) => void): Promise<Uint8Array> {
    const workbook = new Workbook();
    fill(workbook.addWorksheet('施策一覧'));
    return new Uint8Array(await workbook.xlsx.writeBuffer());
  }

  /** A zip archive (deflated entries) without any of the parts a workbook needs, or with broken ones. */
  function zip(entries: { name: string; data: Buffer | string }[]): Uint8Array {
    const locals: Buffer[] = [];
    const centrals: Buffer[] = [];
    let offset = 0;
    for (const entry of entries) {
      const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data);
      const packed = zlib.deflateRawSync(data);
      const name = Buffer.from(entry.name);
      const crc = crc32(data);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(0x0800, 6); // UTF-8 names
      local.writeUInt16LE(8, 8); // deflate
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(packed.length, 18);
      local.writeUInt32LE(data.length, 22);
      local.writeUInt16LE(name.length, 26);
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt16LE(20, 4);
      central.writeUInt16LE(20, 6);
      central.writeUInt16LE(0x0800, 8);
      central.writeUInt16LE(8, 10);
      central.writeUInt32LE(crc, 16);
      central.writeUInt32LE(packed.length, 20);
      central.writeUInt32LE(data.length, 24);
      central.writeUInt16LE(name.length, 28);
      central.writeUInt32LE(offset, 42);
      locals.push(local, name, packed);
      centrals.push(central, name);
      offset += local.length + name.length + packed.length;
    }
    const directory = Buffer.concat(centrals);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    return new Uint8Array(Buffer.concat([...locals, directory, end]));
  }

  // ---------------------------------------------------------------------------------------------
  // Hand-picked files
  // ---------------------------------------------------------------------------------------------

  const header = utf8(`${HEADER.join(',')}\r\n`);
  const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))));

  it.each<[string, () => Uint8Array | Promise<Uint8Array>, RegExp]>([
    [
      'invalid in UTF-8 and in Shift_JIS',
      () => concat(header, new Uint8Array([0x5a, 0x39, 0x2c, 0x31, 0x2c, 0x82, 0xff, 0x81, 0x7f, 0x0d, 0x0a])),
      /文字コード/,
    ],
    ['a lone 0x80 byte', () => concat(header, new Uint8Array([0x80])), /文字コード/],
    ['a UTF-16 LE BOM', () => new Uint8Array([0xff, 0xfe, ...Buffer.from(HEADER.join(','), 'utf16le')]), /UTF-16/],
    ['a UTF-16 BE BOM', () => new Uint8Array([0xfe, 0xff, 0x90, 0x32]), /UTF-16/],
    ['NUL bytes', () => concat(header, utf8(`Z9,1,総務局,DX推進課,タイトル\u0000,目的\r\n`)), /CSV でもない/],
    ['a zip that is not a workbook', () => zip([{ name: 'hello.txt', data: 'こんにちは' }]), /ワークシートがありません|\.xlsx/],
    [
      'a zip with a broken workbook part',
      () =>
        zip([
          { name: '[Content_Types].xml', data: '<Types' },
          { name: 'xl/workbook.xml', data: '<<<not xml' },
        ]),
      /\.xlsx/,
    ],
    ['a zip cut in half', async () => (await xlsx((sheet) => sheet.addRow(HEADER))).subarray(0, 600), /\.xlsx/],
    [
      'random bytes after a zip signature',
      () => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...Buffer.from('not really a zip at all')]),
      /\.xlsx/,
    ],
    ['an old .xls (OLE) file', () => new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), /\.xls/],
    ['a quote that never closes', () => utf8(`${HEADER.join(',')}\r\nZ9,1,"総務局,DX推進課\r\n`), /引用符/],
    [
      `more than ${MAX_ROWS.toLocaleString('en')} rows with values (CSV)`,
      () => utf8([HEADER.join(','), ...Array.from({ length: MAX_ROWS + 5 }, (_, i) => `Z${i},1,x`)].join('\n')),
      /行が多すぎます/,
    ],
    [
      `more than ${MAX_COLUMNS.toLocaleString('en')} columns with values (CSV)`,
      () => utf8([HEADER.join(','), ['Z9', '1', ...Array.from({ length: MAX_COLUMNS + 1 }, () => 'x')].join(',')].join('\n')),
      /列が多すぎます/,
    ],
    [
      '10,000 columns (xlsx)',
      () => xlsx((sheet) => sheet.addRow([...HEADER, ...Array.from({ length: 10_000 - HEADER.length }, (_, i) => `列${i}`)])),
      /列が多すぎます/,
    ],
    [
      'a value in column 16,384 (xlsx)',
      () =>
        xlsx((sheet) => {
          sheet.addRow(HEADER);
          sheet.getCell('XFD2').value = 'x';
        }),
      /列が多すぎます/,
    ],
    [
      `more than ${MAX_ROWS.toLocaleString('en')} rows (xlsx)`,
      () =>
        xlsx((sheet) => {
          sheet.addRow(HEADER);
          for (let i = 0; i < MAX_ROWS + 1; i++) sheet.addRow(['Z', String(i), '']);
        }),
      /行が多すぎます/,
    ],
  ])('refuses a file with %s with a clear error and writes nothing', async (_name, file, message) => {
    const outcome = await importChecked(await file(), '施策一覧.csv');
    expect('error' in outcome && outcome.error.message).toMatch(message);
  });

  it('takes trailing empty cells and rows (Excel writes them) without counting them against the limits', async () => {
    const rows = [HEADER, VALID_ROW].map((row) => [...row, ...Array.from({ length: MAX_COLUMNS * 2 }, () => '')]);
    const text = `${csv(rows)}\r\n${',,,,,,,,\r\n'.repeat(MAX_ROWS + 10)}`;
    const outcome = await importChecked(utf8(text), '末尾に空欄.csv', { mode: 'all-or-nothing', dryRun: true });
    expect('report' in outcome && outcome.report).toMatchObject({ created: 1, problems: [] });
  });

  it('reports a truncated UTF-8 file (cut in the middle of a character) as problems and writes nothing', async () => {
    const whole = Buffer.from(csv([HEADER, VALID_ROW, [...VALID_ROW.slice(0, 4), '途中で切れた管理項目']]), 'utf8');
    const outcome = await importChecked(new Uint8Array(whole.subarray(0, whole.length - 1)), '途中まで.csv');
    // Not UTF-8 any more, so it is read as Shift_JIS: the header is not found, and that is said.
    if ('report' in outcome) expect(outcome.report.problems.map((p) => p.reason).join('\n')).toMatch(/見出し行/);
    else expect(outcome.error.message).toMatch(/文字コード/);
  });

  it('reads formulas by their value, keeps formula-looking text as text, and ignores path-like and prototype header names', async () => {
    const bytes = await xlsx((sheet) => {
      sheet.addRow(['../../etc/passwd', '..\\..\\win.ini', '__proto__', 'constructor', 'KPI1名称/../..', ...HEADER, 'prototype']);
      const row = sheet.addRow([
        'x',
        'x',
        'x',
        'x',
        'x',
        'Z9',
        '1',
        '総務局',
        'DX推進課',
        '',
        "'=cmd|' /C calc'!A0",
        'p-pmo',
        '件数',
        '件',
        '',
        '',
        '2027-03-31',
        '高いほど良い',
        'x',
      ]);
      row.getCell(15).value = { formula: 'SUM(1,2)', result: 3 }; // KPI1基準値 = 3
      row.getCell(16).value = { formula: 'HYPERLINK("http://evil.example","20")', result: 20 }; // KPI1目標値 = 20
      row.getCell(10).value = { formula: 'CONCATENATE("=","cmd")', result: '=cmd' }; // 管理項目
    });
    const outcome = await importChecked(bytes, '数式入り.xlsx', { mode: 'all-or-nothing', dryRun: true });
    expect('report' in outcome && outcome.report).toMatchObject({ created: 1, problems: [] });
    const applied = await importChecked(bytes, '数式入り.xlsx');
    expect('report' in applied && applied.report.applied).toBe(true);
    const initiative = await store.initiatives.get('Z9-1');
    expect(initiative).toMatchObject({ title: '=cmd', purpose: "=cmd|' /C calc'!A0", ownerId: 'p-pmo' });
    expect(initiative?.kpis[0]).toMatchObject({ baseline: 3, target: 20 });
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    // And the export guards them again.
    const exported = await exportCheckIns(store, { fiscalYear: 2026, quarter: 3 }, 'csv');
    expect(exported.body.toString('utf8')).toContain(`'=cmd`);
  });

  it('reports cells that look like formulas, paths, huge text and bad numbers row by row, and writes nothing', async () => {
    const rows = [
      HEADER,
      VALID_ROW.map((cell, i) => (i === 1 ? '2' : cell)),
      ['../..', '1', '', '', 'タイトル'],
      ['Z9', '%00', '', '', 'タイトル'],
      ['Z9', '3', '', '', 'x'.repeat(5000)],
      ['Z9', '4', '', '', '=1+1', '', '../../etc/passwd'],
      ['Z9', '5', '', '', 'タイトル', '', '', '件数', '件', '=1+1', '@SUM(1)', '2027-02-30', '右肩上がり'],
      ['Z9', '2', '', '', '重複'],
      ['__proto__', 'constructor', '', '', 'タイトル'],
    ];
    const outcome = await importChecked(utf8(csv(rows)), 'problems.csv');
    expect('report' in outcome).toBe(true);
    const { report } = outcome as { report: InitiativeImportReport };
    expect(report.applied).toBe(false);
    const byRow = new Map<number, string[]>();
    for (const problem of report.problems) byRow.set(problem.row, [...(byRow.get(problem.row) ?? []), problem.column]);
    expect([...byRow.keys()].sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(byRow.get(6)).toEqual(['担当者']);
    expect(byRow.get(7)).toEqual(expect.arrayContaining(['KPI1基準値', 'KPI1目標値', 'KPI1目標期日', 'KPI1方向']));
    expect(await store.initiatives.get('Z9-2')).toBeUndefined();
  });

  // ---------------------------------------------------------------------------------------------
  // Random files
  // ---------------------------------------------------------------------------------------------

  const modes = fc.constantFrom<ImportOptions>(
    { mode: 'all-or-nothing' },
    { mode: 'all-or-nothing', dryRun: true },
    { mode: 'valid-only', dryRun: true },
    { mode: 'valid-only' },
  );
  const SIGNATURES = [
    [],
    [0x50, 0x4b, 0x03, 0x04],
    [0xef, 0xbb, 0xbf],
    [0xff, 0xfe],
    [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    [...header],
  ];

  it('never throws anything but SpreadsheetReadError on random bytes, and never writes on problems', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SIGNATURES), fc.uint8Array({ maxLength: 3000 }), modes, async (signature, body, options) => {
        await importChecked(new Uint8Array([...signature, ...body]), 'random.csv', options);
      }),
      { numRuns: runs(150) },
    );
  });

  const cell = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXTS.filter((t) => t.length < 6000)) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'Z9',
        '1',
        '2',
        'p-pmo',
        'misaki.sato@sakura-city.example',
        '10',
        '１，０００',
        '▲5',
        '50%',
        '2027-03-31',
        'R9.3.31',
        '46112',
        '低いほど良い',
        '=1+1',
        "'=1+1",
        "''+1",
        '@x',
        '\t=1',
        '\uffff',
        '\ufffe=1',
      ),
    },
  );
  const text = fc
    .oneof(
      cell,
      fc.constantFrom(
        '窓口の待ち時間短縮',
        '=HYPERLINK("http://evil.example","x")',
        '@全区',
        "'-5",
        ' 前後に空白 ',
        '改行\r\nあり',
        '👨‍👩‍👧‍👦🇯🇵',
        '\ufeff見出し',
      ),
    )
    .filter((t) => t.length <= 2000);
  /** A row that is valid unless a hostile cell makes it otherwise (an empty 管理項目, a bad KPI). */
  const likelyRow = fc
    .record({
      leadDivision: text,
      leadSection: text,
      title: text,
      purpose: text,
      owner: fc.constantFrom('', '', 'p-pmo', 'MISAKI.SATO@sakura-city.example', 'p-nobody'),
      kpi: fc.option(
        fc.tuple(
          text,
          fc.constantFrom('件', '%', ''),
          fc.constantFrom('', '10', '▲5'),
          fc.constantFrom('20', '１，０００', 'x'),
          fc.constantFrom('2027-03-31', 'R9.3.31', '46112', ''),
          fc.constantFrom('', '低いほど良い', 'higher'),
        ),
      ),
    })
    .map(({ leadDivision, leadSection, title, purpose, owner, kpi }) => [leadDivision, leadSection, title, purpose, owner, ...(kpi ?? [])]);
  const table = fc
    .array(
      fc.oneof(
        { weight: 4, arbitrary: likelyRow },
        { weight: 1, arbitrary: fc.array(cell, { minLength: 2, maxLength: HEADER.length + 2 }) },
      ),
      { minLength: 1, maxLength: 8 },
    )
    .map((rows) => [
      HEADER,
      ...rows.map((row, n) => (row.length >= 5 && row.length <= HEADER.length - 2 ? ['Z9', String(n + 1), ...row] : row)),
    ]);

  it('gives back, through export and import, whatever valid rows a random sheet stored', async () => {
    let roundTrips = 0;
    await fc.assert(
      fc.asyncProperty(table, fc.constantFrom('csv', 'xlsx'), modes, async (rows, format, options) => {
        const bytes =
          format === 'csv'
            ? concat(new Uint8Array([0xef, 0xbb, 0xbf]), utf8(csv(rows)))
            : await xlsx((sheet) => {
                for (const row of rows) sheet.addRow(row);
              });
        // A store of its own for each run: the directory only, so 担当者 resolve.
        const runDir = tempDir('renkei-hostile-files-run-');
        const runStore = SqliteStore.open(runDir);
        try {
          await runStore.transaction(async (tx) => {
            for (const department of demoDepartments) await tx.departments.upsert(department);
            for (const person of demoPeople) await tx.people.upsert(person);
          });
          const outcome = await importChecked(bytes, `random.${format}`, options, runStore);
          if (!('report' in outcome) || !outcome.report.applied || outcome.report.created + outcome.report.updated === 0) return;
          roundTrips += 1;
          // What was stored comes back unchanged through the export (as the PMO would edit and re-import it).
          for (const exportFormat of ['csv', 'xlsx'] as const) {
            const file = await exportCheckIns(runStore, { fiscalYear: 2026, quarter: 1 }, exportFormat);
            const again = await importChecked(new Uint8Array(file.body), file.fileName, { mode: 'all-or-nothing', dryRun: true }, runStore);
            expect(
              'report' in again && { problems: again.report.problems, created: again.report.created, updated: again.report.updated },
            ).toEqual({ problems: [], created: 0, updated: 0 });
          }
        } finally {
          await runStore.close();
          fs.rmSync(runDir, { recursive: true, force: true });
        }
      }),
      // One plainly valid sheet always runs too, so the round trip is never checked on nothing
      // (random sheets alone stored no row in some runs).
      {
        numRuns: runs(40),
        examples: [
          [[HEADER, ['Z9', '1', '総務局', 'DX推進課', '窓口の待ち時間短縮', '待ち時間を減らす', 'p-pmo']], 'xlsx', { mode: 'valid-only' }],
        ],
      },
    );
    expect(roundTrips).toBeGreaterThan(0); // not vacuous: sheets did get stored and exported
  });
});

/** CRC-32 (IEEE), as zip needs it. */
function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
