import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { MAX_ROWS, readTable, SpreadsheetReadError } from '../../bot/checkins/spreadsheet/read-table';
import { MAX_EXPANDED_BYTES } from '../../bot/checkins/spreadsheet/xlsx-expansion';
import { generatedXlsx } from '../support/xlsx-bomb';

/**
 * An .xlsx is compressed XML: a few megabytes can expand to a million rows, which exceljs parsed
 * whole (gigabytes, over a minute) before the row limit could refuse it. The zip is now measured
 * by inflating it with a cap first, so such a file is refused at once with a clear message, and
 * ordinary workbooks still read.
 */
jest.setTimeout(120_000);

describe('spreadsheet import against zip bombs', () => {
  it('refuses a small file that expands to a huge sheet, quickly and saying why', async () => {
    const bombs = [await generatedXlsx(1_000_000), await generatedXlsx(300_000, 5)];
    for (const bomb of bombs) {
      expect(bomb.length).toBeLessThan(20 * 1024 * 1024); // under the upload limit: only expansion can refuse it
      const rssBefore = process.memoryUsage().rss;
      const refusal = await readTable(bomb, '施策一覧.xlsx').then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(SpreadsheetReadError);
      expect((refusal as Error).message).toMatch(
        /施策一覧\.xlsx: 展開後のデータが大きすぎます.*\(the workbook expands to more than \d+ MB/,
      );
      // Bounded by the cap, not by the sheet: far below what parsing a million rows takes (gigabytes).
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(6 * MAX_EXPANDED_BYTES);
    }
  });

  it('refuses whatever the zip declares about its sizes (they are measured, not trusted)', async () => {
    const bomb = await generatedXlsx(400_000);
    // Declare every entry tiny in the central directory and the local headers.
    for (let at = 0; at + 4 <= bomb.length; at++) {
      const signature = bomb.readUInt32LE(at);
      if (signature === 0x02014b50) bomb.writeUInt32LE(10, at + 24);
      if (signature === 0x04034b50) bomb.writeUInt32LE(10, at + 22);
    }
    await expect(readTable(bomb, 'x.xlsx')).rejects.toThrow(/展開後のデータが大きすぎます/);
  });

  it('still reads workbooks of any shape within the limits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 26 }), async (rows, columns) => {
        const table = await readTable(await generatedXlsx(rows, columns, (r, c) => `値${r}-${c}`), 'ok.xlsx');
        expect(table).toHaveLength(rows);
        expect(table[rows - 1]).toHaveLength(columns);
        expect(table[rows - 1][columns - 1]).toBe(`値${rows}-${columns - 1}`);
      }),
      { numRuns: 15 },
    );
    // And one written by exceljs itself (shared strings, styles), as Excel would.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('施策一覧');
    for (let r = 1; r <= MAX_ROWS; r++) sheet.addRow([`施策${r}`, '子育て支援課', r]);
    const table = await readTable(new Uint8Array(await workbook.xlsx.writeBuffer()), 'full.xlsx');
    expect(table).toHaveLength(MAX_ROWS);
    expect(table[MAX_ROWS - 1]).toEqual([`施策${MAX_ROWS}`, '子育て支援課', String(MAX_ROWS)]);
  });
});
