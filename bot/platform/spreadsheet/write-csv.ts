import { neutralizeFormula } from '../../../shared/formula-guard';

/** A cell of an exported sheet: text, a number (KPI values) or empty. */
export type ExportCell = string | number | null;

/**
 * CSV as Excel on Japanese Windows opens it correctly by double click: UTF-8 with a BOM (without
 * it Excel assumes Shift_JIS and shows mojibake), CRLF between records, a field quoted when it
 * holds a comma, a quote or a line break. Text is formula-guarded; numbers are written as
 * numbers (a negative KPI value stays -5, while the text "-5" becomes '-5).
 */
export function writeCsv(rows: ExportCell[][]): Buffer {
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText(rows), 'utf8')]);
}

/** The CSV's text before it is encoded (the Shift_JIS export encodes the same text). */
export function csvText(rows: ExportCell[][]): string {
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

function csvField(cell: ExportCell): string {
  if (cell === null) return '';
  const text = typeof cell === 'number' ? String(cell) : neutralizeFormula(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
