import { MAX_EXPANDED_BYTES, xlsxExpansionProblem } from './xlsx-expansion';
import { readXlsxRows, XlsxReadProblem } from './xlsx-rows';

/**
 * Reads an uploaded 施策一覧 into rows of cell text, whatever the PMO saved it as: an Excel
 * workbook (.xlsx) or a CSV in UTF-8 (with or without BOM) or Shift_JIS (Excel's 「CSV (コンマ
 * 区切り)」 on Japanese Windows). The content decides, not the file name, since people rename
 * files. Row i of the result is spreadsheet row i + 1, so problems can name the row people see.
 */

export class SpreadsheetReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpreadsheetReadError';
  }
}

/** Far above any real 施策一覧 (a few hundred rows); keeps a mistaken upload from using all memory. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/**
 * Rows holding any value, and the last column holding one. A real 施策一覧 has a few hundred rows
 * and, with 99 KPI groups, about 700 columns; a file far beyond that is the wrong file (a whole
 * database dump, a log), which would otherwise be imported as tens of thousands of initiatives.
 */
export const MAX_ROWS = 10_000;
export const MAX_COLUMNS = 1_000;

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04]; // PK\x03\x04: every .xlsx is a zip
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // the old .xls format
const UTF8_BOM = [0xef, 0xbb, 0xbf];

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((byte, i) => bytes[i] === byte);

export async function readTable(bytes: Uint8Array, fileName: string): Promise<string[][]> {
  if (bytes.length > MAX_FILE_BYTES) {
    throw new SpreadsheetReadError(`${fileName}: ファイルが大きすぎます（上限 ${MAX_FILE_BYTES / 1024 / 1024} MB） (file too large)`);
  }
  if (startsWith(bytes, ZIP_SIGNATURE)) return readXlsx(bytes, fileName);
  if (startsWith(bytes, OLE_SIGNATURE)) {
    throw new SpreadsheetReadError(
      `${fileName}: 古い Excel 形式 (.xls) は読めません。Excel で「Excel ブック (.xlsx)」か CSV で保存し直してください (the old .xls format is not supported: save as .xlsx or CSV)`,
    );
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new SpreadsheetReadError(
      `${fileName}: UTF-16 のテキストは読めません。「CSV UTF-8 (コンマ区切り)」で保存し直してください (UTF-16 text is not supported: save as CSV UTF-8)`,
    );
  }
  if (bytes.subarray(0, 64 * 1024).includes(0)) {
    throw new SpreadsheetReadError(`${fileName}: Excel (.xlsx) でも CSV でもないファイルです (not an .xlsx or CSV file: binary data)`);
  }
  return withinLimits(parseCsv(decodeText(bytes, fileName), fileName), fileName);
}

/** Refuses a table beyond MAX_ROWS rows or MAX_COLUMNS columns with values; trailing empty cells and rows do not count. */
function withinLimits(rows: string[][], fileName: string): string[][] {
  let filled = 0;
  for (const row of rows) {
    let last = row.length;
    while (last > 0 && row[last - 1] === '') last -= 1;
    if (last === 0) continue;
    filled += 1;
    if (filled > MAX_ROWS) throw tooLarge(fileName, 'rows');
    if (last > MAX_COLUMNS) throw tooLarge(fileName, 'columns');
  }
  return rows;
}

function tooLarge(fileName: string, what: 'rows' | 'columns'): SpreadsheetReadError {
  return what === 'rows'
    ? new SpreadsheetReadError(
        `${fileName}: 行が多すぎます（値のある行は ${MAX_ROWS.toLocaleString('ja-JP')} 行まで）。施策一覧のファイルか確かめてください (too many rows: at most ${MAX_ROWS.toLocaleString('en')} rows with values)`,
      )
    : new SpreadsheetReadError(
        `${fileName}: 列が多すぎます（値のある列は ${MAX_COLUMNS.toLocaleString('ja-JP')} 列まで）。施策一覧のファイルか確かめてください (too many columns: at most ${MAX_COLUMNS.toLocaleString('en')})`,
      );
}

/**
 * BOM → UTF-8; bytes that are valid UTF-8 → UTF-8 (Shift_JIS Japanese text practically never
 * is); anything else → Shift_JIS (Node's decoder is Windows-31J, so ① and ㈱ decode too).
 */
export function decodeText(bytes: Uint8Array, fileName = 'file'): string {
  if (startsWith(bytes, UTF8_BOM)) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    try {
      return new TextDecoder('shift_jis', { fatal: true }).decode(bytes);
    } catch {
      throw new SpreadsheetReadError(
        `${fileName}: 文字コードを判別できません。UTF-8 か Shift_JIS の CSV にしてください (unknown text encoding: use UTF-8 or Shift_JIS)`,
      );
    }
  }
}

/**
 * RFC 4180 CSV: fields separated by commas, records by CRLF, LF or CR; a field in double quotes
 * may contain commas, line breaks and "" for a quote. A quote inside an unquoted field is kept
 * as text, as Excel does. An unclosed quote is an error rather than a silently swallowed file.
 */
export function parseCsv(text: string, fileName?: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let quoteOpenedOnRow = 0;
  let i = 0;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  // Runs of ordinary characters are taken as one slice, not a character at a time: a field
  // is then usually a single slice of the text, not a chain of concatenations (memory and GC).
  const special = /[,\r\n]/g;
  while (i < text.length) {
    const char = text[i];
    if (quoted) {
      const quote = text.indexOf('"', i);
      if (quote < 0) {
        field += text.slice(i);
        break;
      }
      field += text.slice(i, quote);
      if (text[quote + 1] === '"') {
        field += '"';
        i = quote + 2;
      } else {
        quoted = false;
        i = quote + 1;
      }
      continue;
    }
    if (char === '"' && field === '') {
      quoted = true;
      quoteOpenedOnRow = rows.length + 1;
      i += 1;
    } else if (char === ',') {
      endField();
      i += 1;
    } else if (char === '\r' || char === '\n') {
      endRow();
      i += char === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      // Up to the next comma or line break; a quote inside is text, as the field is no longer empty.
      special.lastIndex = i + 1;
      const end = special.exec(text)?.index ?? text.length;
      field += text.slice(i, end);
      i = end;
    }
  }
  if (quoted)
    throw new SpreadsheetReadError(
      `${fileName ? `${fileName}: ` : ''}CSV の ${quoteOpenedOnRow} 行目で始まる引用符 (") が閉じられていません (unterminated quoted field starting on row ${quoteOpenedOnRow})`,
    );
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

function readXlsx(bytes: Uint8Array, fileName: string): string[][] {
  const expansion = xlsxExpansionProblem(bytes);
  if (expansion?.kind === 'too-large') throw expandsTooFar(fileName);
  if (expansion)
    throw new SpreadsheetReadError(`${fileName}: Excel ファイル (.xlsx) として読めません (not a readable .xlsx file: ${expansion.reason})`);
  try {
    return readXlsxRows(bytes, { maxRows: MAX_ROWS, maxColumns: MAX_COLUMNS });
  } catch (error) {
    if (!(error instanceof XlsxReadProblem)) throw error;
    if (error.kind === 'rows' || error.kind === 'columns') throw tooLarge(fileName, error.kind);
    if (error.kind === 'no-sheet') throw new SpreadsheetReadError(`${fileName}: ワークシートがありません (the workbook has no worksheet)`);
    if (error.kind === 'cells') throw expandsTooFar(fileName);
    throw new SpreadsheetReadError(`${fileName}: Excel ファイル (.xlsx) として読めません (not a readable .xlsx file: ${error.message})`);
  }
}

function expandsTooFar(fileName: string): SpreadsheetReadError {
  const limit = MAX_EXPANDED_BYTES / 1024 / 1024;
  return new SpreadsheetReadError(
    `${fileName}: 展開後のデータが大きすぎます（${limit} MB まで）。行やセルが多すぎます。施策一覧のファイルか確かめてください (the workbook expands to more than ${limit} MB: far too many rows or cells)`,
  );
}
