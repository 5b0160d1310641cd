import { neutralizeFormula } from '../../../shared/formula-guard';
import type { ExportCell } from './write-csv';

/**
 * Characters XML 1.0 cannot hold. exceljs drops the control characters itself but writes U+FFFE
 * and U+FFFF as they are, which leaves a file neither Excel nor exceljs can open. They go before
 * the formula guard looks at the text, so "\u0001=1+1" is guarded like "=1+1".
 */
const NOT_XML_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;

/**
 * An Excel workbook with one sheet: the first row is the header (bold, frozen, with a filter),
 * text wraps, columns are as wide as their content allows. Text is always written as a plain
 * string (never a formula) and formula-guarded as in the CSV; numbers are written as numbers so
 * the PMO can calculate with them.
 */
export async function writeXlsx(rows: ExportCell[][], sheetName: string): Promise<Buffer> {
  // exceljs is loaded at the first export (about 0.4 s of every server and CLI start otherwise).
  const { Workbook } = await import('exceljs');
  const workbook = new Workbook();
  workbook.creator = 'honcho-ku-renkei';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  for (const cells of rows) {
    sheet.addRow(cells.map((cell) => (typeof cell === 'string' ? neutralizeFormula(cell.replace(NOT_XML_TEXT, '')) : cell)));
  }
  const columnCount = Math.max(0, ...rows.map((row) => row.length));
  for (let index = 1; index <= columnCount; index++) {
    const column = sheet.getColumn(index);
    column.width = columnWidth(rows.map((row) => row[index - 1]));
    column.alignment = { wrapText: true, vertical: 'top' };
  }
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  if (rows.length > 0 && columnCount > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columnCount } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Width in Excel's character units: full-width characters count twice; long text wraps at 60. */
function columnWidth(cells: ExportCell[]): number {
  const widest = Math.max(0, ...cells.map((cell) => displayWidth(cell === null ? '' : String(cell).split('\n')[0])));
  return Math.min(60, Math.max(8, widest + 2));
}

function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += char.charCodeAt(0) > 0xff ? 2 : 1;
  return width;
}
