import fs from 'node:fs';
import path from 'node:path';
import { ValueType, Workbook, type CellValue } from 'exceljs';
import fc from 'fast-check';
import { neutralizeFormula, restoreNeutralized } from '../../shared/formula-guard';
import { decodeText, parseCsv, readTable, SpreadsheetReadError } from '../../bot/checkins/spreadsheet/read-table';
import { writeCsv, type ExportCell } from '../../bot/platform/spreadsheet/write-csv';
import { writeXlsx } from '../../bot/platform/spreadsheet/write-xlsx';
import { ROOT } from '../support/processes';

/** Bytes in and out: encoding detection, CSV quoting, xlsx cells, and the formula guard. */

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'initiatives');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

describe('encoding detection', () => {
  it('reads UTF-8 with a BOM and drops the BOM', () => {
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('施策,A1')]))).toBe('施策,A1');
  });

  it('reads valid UTF-8 without a BOM as UTF-8', () => {
    expect(decodeText(utf8('管理項目,書かない窓口'))).toBe('管理項目,書かない窓口');
  });

  it('reads Shift_JIS (Windows-31J) when the bytes are not UTF-8', () => {
    // 施策 = 8E 7B 8D F4, half-width ｱ = B1, ① = 87 40 (an NEC extension Excel writes)
    expect(decodeText(Uint8Array.from([0x8e, 0x7b, 0x8d, 0xf4, 0x2c, 0xb1, 0x87, 0x40]))).toBe('施策,ｱ①');
  });

  it('gives the same text for the Shift_JIS, UTF-8 and UTF-8 BOM fixtures', () => {
    const sjis = decodeText(fixture('施策一覧-sample-sjis.csv'));
    expect(sjis).toContain('書かない窓口の実現');
    expect(sjis.replace(/\r\n/g, '\n')).toBe(decodeText(fixture('施策一覧-sample-utf8.csv')));
    expect(sjis).toBe(decodeText(fixture('施策一覧-sample-utf8-bom.csv')));
  });

  it('refuses bytes that are neither UTF-8 nor Shift_JIS', () => {
    expect(() => decodeText(Uint8Array.from([0x41, 0x85, 0x40, 0xa0]), 'x.csv')).toThrow(
      /文字コードを判別できません.*\(unknown text encoding/,
    );
  });
});

describe('readTable decides by content', () => {
  it('reads an .xlsx even when it is named .csv', async () => {
    const rows = await readTable(fixture('施策一覧-sample.xlsx'), 'renamed.csv');
    expect(rows[2][0]).toBe('進捗管理枝番1 (9領域)');
    expect(rows[3].slice(0, 2)).toEqual(['A1', '1']);
  });

  it('keeps row numbers: row i is spreadsheet row i + 1, empty rows included', async () => {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('s');
    sheet.getCell('A1').value = 'title';
    sheet.getCell('B4').value = 'fourth';
    const rows = await readTable(Buffer.from(await workbook.xlsx.writeBuffer()), 'gap.xlsx');
    expect(rows).toEqual([['title'], [], [], ['', 'fourth']]);
  });

  it.each([
    ['an old .xls (OLE2)', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /\.xls.*not supported/],
    ['UTF-16 text', Uint8Array.from([0xff, 0xfe, 0x41, 0x00]), /UTF-16/],
    [
      'a PNG',
      Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      /Excel \(\.xlsx\) でも CSV でもない.*binary/,
    ],
    [
      'a zip that is not a workbook',
      Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]),
      /Excel ファイル \(\.xlsx\) として読めません/,
    ],
  ])('refuses %s with a Japanese and English message', async (_name, bytes, message) => {
    const read = readTable(bytes, 'upload.csv');
    await expect(read).rejects.toBeInstanceOf(SpreadsheetReadError);
    await expect(readTable(bytes, 'upload.csv')).rejects.toThrow(message);
  });
});

describe('CSV (RFC 4180)', () => {
  it('reads quoted fields with commas, quotes and line breaks, CRLF or LF alike', () => {
    const crlf = 'a,"b,c","say ""hi""","two\r\nlines"\r\n,x,\r\n';
    expect(parseCsv(crlf)).toEqual([
      ['a', 'b,c', 'say "hi"', 'two\r\nlines'],
      ['', 'x', ''],
    ]);
    expect(parseCsv(crlf.replace(/\r\n/g, '\n'))).toEqual([
      ['a', 'b,c', 'say "hi"', 'two\nlines'],
      ['', 'x', ''],
    ]);
  });

  it('keeps a quote inside an unquoted field as text, as Excel does', () => {
    expect(parseCsv('5" floppy,x')).toEqual([['5" floppy', 'x']]);
  });

  it('refuses an unclosed quote and says on which row it began', () => {
    expect(() => parseCsv('a,b\r\nc,"open\r\nmore')).toThrow(/2 行目.*unterminated/);
  });

  it('reads any text exactly as a character-at-a-time RFC 4180 reader does (fields are taken as slices)', () => {
    // The reader before fields were sliced, kept as the reference: same rows, same errors.
    const reference = (text: string): string[][] | 'unterminated' => {
      const rows: string[][] = [];
      let row: string[] = [];
      let field = '';
      let quoted = false;
      for (let i = 0; i < text.length; i++) {
        const char = text[i];
        if (quoted) {
          if (char === '"' && text[i + 1] === '"') {
            field += '"';
            i += 1;
          } else if (char === '"') quoted = false;
          else field += char;
        } else if (char === '"' && field === '') quoted = true;
        else if (char === ',') {
          row.push(field);
          field = '';
        } else if (char === '\r' || char === '\n') {
          row.push(field);
          rows.push(row);
          row = [];
          field = '';
          if (char === '\r' && text[i + 1] === '\n') i += 1;
        } else field += char;
      }
      if (quoted) return 'unterminated';
      if (field !== '' || row.length > 0) rows.push([...row, field]);
      return rows;
    };
    const csvText = fc
      .array(fc.constantFrom('a', '施策', ',', '"', '""', '\r', '\n', '\r\n', ' ', "'", ''), { maxLength: 40 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(csvText, (text) => {
        const expected = reference(text);
        if (expected === 'unterminated') expect(() => parseCsv(text)).toThrow(/unterminated/);
        else expect(parseCsv(text)).toEqual(expected);
      }),
      { numRuns: 2_000 },
    );
  });

  it('writes UTF-8 with BOM and CRLF, quoting only where needed, and reads back the same cells', async () => {
    const rows: ExportCell[][] = [
      ['施策', 'a,b', 'say "hi"', 'two\nlines', '', null, 'plain'],
      ['A1-1', ' spaced ', '全角，カンマ', 12.5, 0, -5, '×'],
    ];
    const bytes = writeCsv(rows);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text).toBe('施策,"a,b","say ""hi""","two\nlines",,,plain\r\nA1-1, spaced ,全角，カンマ,12.5,0,-5,×\r\n');
    expect(await readTable(bytes, 'x.csv')).toEqual([
      ['施策', 'a,b', 'say "hi"', 'two\nlines', '', '', 'plain'],
      ['A1-1', ' spaced ', '全角，カンマ', '12.5', '0', '-5', '×'],
    ]);
  });
});

describe('formula neutralisation (OWASP CSV injection)', () => {
  const dangerous = ['=1+1', '+81-3-0000', '-5', '@SUM(A1)', '\t=cmd', '\r=cmd', '=HYPERLINK("http://evil.example","x")'];

  it.each(dangerous)('prefixes %j with a single quote, and restores it exactly', (text) => {
    expect(neutralizeFormula(text)).toBe(`'${text}`);
    expect(restoreNeutralized(neutralizeFormula(text))).toBe(text);
  });

  it.each(['施策', "it's", '5-3', 'a=b', ''])('leaves harmless %j alone', (text) => {
    expect(neutralizeFormula(text)).toBe(text);
    expect(restoreNeutralized(text)).toBe(text);
  });

  it('adds one more quote to text already quoted before a trigger, so the round trip is exact', () => {
    expect(neutralizeFormula("'=x")).toBe("''=x");
    expect(restoreNeutralized("''=x")).toBe("'=x");
  });

  it('guards text but not numbers in CSV: the text "-5" is quoted, the number -5 is not', () => {
    const text = writeCsv([['-5', -5, '=1+1', '@x', '\tx', '\rx', 3]])
      .subarray(3)
      .toString('utf8');
    expect(text).toBe(`'-5,-5,'=1+1,'@x,'\tx,"'\rx",3\r\n`);
  });

  it('writes guarded text as plain strings in xlsx, never as formulas, and numbers as numbers', async () => {
    const bytes = await writeXlsx(
      [
        ['見出し', '数値'],
        ['=1+1', -5],
        ['-5', 4779225],
        ['@SUM(A1)', null],
      ],
      'R8年度Q3',
    );
    const workbook = new Workbook();
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.getWorksheet('R8年度Q3')!;
    expect(sheet).toBeDefined();
    for (const address of ['A2', 'A3', 'A4']) {
      const cell = sheet.getCell(address);
      expect(cell.type).toBe(ValueType.String);
      expect(cell.formula).toBeFalsy();
      expect(typeof cell.value === 'string' && cell.value.startsWith("'")).toBe(true);
    }
    expect(sheet.getCell('A2').value).toBe("'=1+1");
    expect(sheet.getCell('B2').type).toBe(ValueType.Number);
    expect(sheet.getCell('B2').value).toBe(-5);
    expect(sheet.getCell('B3').value).toBe(4779225);
    // The header row is bold and frozen.
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // And the file reads back as text the importer can restore.
    const rows = await readTable(bytes, 'out.xlsx');
    expect(rows.map((row) => row.map(restoreNeutralized))).toEqual([['見出し', '数値'], ['=1+1', '-5'], ['-5', '4779225'], ['@SUM(A1)']]);
  });
});

describe('xlsx cell text', () => {
  it('reads rich text, formula results, dates, hyperlinks and errors as people see them', async () => {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('s');
    const values: CellValue[] = [
      { richText: [{ text: '書かない' }, { text: '窓口', font: { bold: true } }] },
      { formula: '40*2', result: 80 },
      { formula: 'A1', result: 'x' },
      new Date(Date.UTC(2027, 2, 31)),
      { text: 'リンク', hyperlink: 'https://example.com' },
      { error: '#N/A' },
      true,
      1234.5,
      null,
      'end',
    ];
    values.forEach((value, i) => (sheet.getCell(1, i + 1).value = value));
    const rows = await readTable(Buffer.from(await workbook.xlsx.writeBuffer()), 'cells.xlsx');
    expect(rows).toEqual([['書かない窓口', '80', 'x', '2027-03-31', 'リンク', '#N/A', 'TRUE', '1234.5', '', 'end']]);
  });

  it('reads the fixture workbook: a rich-text 管理項目, a formula KPI target and a date cell', async () => {
    const rows = await readTable(fixture('施策一覧-sample.xlsx'), '施策一覧-sample.xlsx');
    const header = rows[2];
    const a11 = rows.find((row) => row[0] === 'A1' && row[1] === '1')!;
    const b13 = rows.find((row) => row[0] === 'B1' && row[1] === '3')!;
    expect(a11[6]).toBe('書かない窓口の実現');
    expect(b13[header.indexOf('KPI1目標値')]).toBe('80');
    expect(b13[header.indexOf('KPI1目標期日')]).toBe('2026-03-31');
    expect(rows[2][6]).toBe('管理項目'); // merged down from the group-header row
  });
});
