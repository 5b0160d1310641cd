import { SaxesParser } from 'saxes';
import { inflateEntry, MAX_EXPANDED_BYTES, zipEntries, type ZipEntry } from './xlsx-expansion';

/**
 * Reads the first worksheet of an .xlsx as rows of cell text, streaming its XML through a SAX
 * parser. exceljs's Workbook.load built an object per cell (style, address, value) for the whole
 * sheet, about a kilobyte each: a 10,000-row sheet took over 300 MB. Here a row is a string array
 * and nothing else is kept, so memory follows the text, and the row and column limits stop the
 * parse as soon as they are passed. (exceljs's own streaming reader was no fit: it drops merged
 * cells and reads a shared string's furigana (<rPh>) in place of its text.)
 *
 * Cells read as people see them: shared and inline strings with rich-text runs joined and without
 * furigana, formulas by their cached result, numbers as written, date-formatted numbers as
 * YYYY-MM-DD, booleans as TRUE/FALSE, errors as #N/A and the like. A merged range reads as its
 * top-left value in every cell it covers (one 主担当部 merged down several rows).
 */

export interface XlsxLimits {
  maxRows: number;
  maxColumns: number;
}

/** Why a workbook could not be read: `rows`/`columns`/`cells` past the limits, or unreadable with a reason. */
export class XlsxReadProblem extends Error {
  constructor(
    readonly kind: 'rows' | 'columns' | 'cells' | 'no-sheet' | 'unreadable',
    reason: string = kind,
  ) {
    super(reason);
    this.name = 'XlsxReadProblem';
  }
}

/** More cells than merges may fill in (a 施策一覧 merges a few hundred): a merge over a whole sheet is not a list. */
export const MAX_MERGED_CELLS = 1_000_000;
const MAX_SHEET_ROWS = 1_048_576;
const MAX_SHEET_COLUMNS = 16_384;
const CHUNK = 256 * 1024;

/** Row i of the result is sheet row i + 1; rows without values are empty arrays, trailing empty cells dropped. */
export function readXlsxRows(bytes: Uint8Array, limits: XlsxLimits): string[][] {
  const parts = new Parts(bytes);
  const workbookPath = parts.target('', 'officeDocument') ?? 'xl/workbook.xml';
  const workbook = readWorkbook(parts.text(workbookPath));
  const sheetPath = workbook.firstSheetId && parts.target(workbookPath, undefined, workbook.firstSheetId);
  if (!sheetPath || !parts.has(sheetPath)) throw new XlsxReadProblem('no-sheet');
  const sharedStringsPath = parts.target(workbookPath, 'sharedStrings');
  const stylesPath = parts.target(workbookPath, 'styles');
  const sharedStrings = sharedStringsPath && parts.has(sharedStringsPath) ? readSharedStrings(parts.text(sharedStringsPath)) : [];
  const dateStyles = stylesPath && parts.has(stylesPath) ? readDateStyles(parts.text(stylesPath)) : new Set<number>();
  return readSheet(parts.bytes(sheetPath), { sharedStrings, dateStyles, date1904: workbook.date1904 }, limits);
}

/** The zip's parts by name, inflated on demand (each under the expansion cap the guard already applied to the whole). */
class Parts {
  private readonly entries = new Map<string, ZipEntry>();

  constructor(bytes: Uint8Array) {
    const listed = zipEntries(bytes);
    if (!Array.isArray(listed)) throw new XlsxReadProblem('unreadable', listed.kind === 'not-a-zip' ? listed.reason : 'too large');
    for (const entry of listed) this.entries.set(entry.name.replace(/^\//, '').toLowerCase(), entry);
  }

  has(path: string): boolean {
    return this.entries.has(path.toLowerCase());
  }

  bytes(path: string): Buffer {
    const entry = this.entries.get(path.toLowerCase());
    if (!entry) throw new XlsxReadProblem('unreadable', `no part ${path}`);
    try {
      return inflateEntry(entry, MAX_EXPANDED_BYTES);
    } catch (error) {
      throw new XlsxReadProblem('unreadable', (error as Error).message);
    }
  }

  text(path: string): string {
    return this.bytes(path).toString('utf8');
  }

  /**
   * The part a relationship of `source` points at: by type (the last segment of its Type URI)
   * or by id, resolved against the source's folder. Undefined when there is no such relationship.
   */
  target(source: string, type?: string, id?: string): string | undefined {
    const folder = source.includes('/') ? source.slice(0, source.lastIndexOf('/') + 1) : '';
    const relsPath = `${folder}_rels/${source.slice(folder.length)}.rels`;
    if (!this.has(relsPath)) return undefined;
    let found: string | undefined;
    parseXml(this.text(relsPath), {
      open(name, attributes) {
        if (found !== undefined || name !== 'Relationship' || attributes.TargetMode === 'External') return;
        const matches = id !== undefined ? attributes.Id === id : attributes.Type?.split('/').pop() === type;
        if (matches && attributes.Target) found = resolvePath(folder, attributes.Target);
      },
    });
    return found;
  }
}

function resolvePath(folder: string, target: string): string {
  const segments = target.startsWith('/') ? [] : folder.split('/').filter(Boolean);
  for (const segment of target.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment && segment !== '.') segments.push(segment);
  }
  return segments.join('/');
}

interface XmlHandlers {
  open?: (name: string, attributes: Record<string, string>) => void;
  text?: (text: string) => void;
  close?: (name: string) => void;
}

/** SAX over a whole part or over chunks of one; element names without their namespace prefix. Throws XlsxReadProblem on bad XML. */
function parseXml(xml: string | Buffer, handlers: XmlHandlers): void {
  const parser = new SaxesParser({ position: false });
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  parser.on('error', (error) => {
    throw new XlsxReadProblem('unreadable', `XML: ${error.message}`);
  });
  if (handlers.open) {
    const open = handlers.open;
    parser.on('opentag', (node) => open(local(node.name), node.attributes as Record<string, string>));
  }
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  if (handlers.close) {
    const close = handlers.close;
    parser.on('closetag', (node) => close(local(node.name)));
  }
  if (typeof xml === 'string') parser.write(xml);
  else {
    // Decoded a chunk at a time, so the sheet never exists as one (twice as large) string.
    const decoder = new TextDecoder('utf-8');
    for (let at = 0; at < xml.length; at += CHUNK) parser.write(decoder.decode(xml.subarray(at, at + CHUNK), { stream: true }));
    parser.write(decoder.decode());
  }
  parser.close();
}

function readWorkbook(xml: string): { firstSheetId?: string; date1904: boolean } {
  let firstSheetId: string | undefined;
  let date1904 = false;
  parseXml(xml, {
    open(name, attributes) {
      if (name === 'workbookPr') date1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
      if (name === 'sheet' && firstSheetId === undefined)
        firstSheetId = Object.entries(attributes).find(([key]) => key === 'id' || key.endsWith(':id'))?.[1];
    },
  });
  return { firstSheetId, date1904 };
}

/** Each <si>'s text: its <t>, or its rich-text runs' <t>s joined, never the furigana in <rPh>. */
function readSharedStrings(xml: string): string[] {
  const strings: string[] = [];
  const text = new ItemText('si');
  parseXml(xml, {
    open: (name) => text.open(name),
    text: (chunk) => text.add(chunk),
    close: (name) => {
      if (text.close(name)) strings.push(detached(text.take()));
    },
  });
  return strings;
}

/** Collects the visible text of an <si> or an inline <is>: its <t> elements outside <rPh>. */
class ItemText {
  private inItem = false;
  private inT = false;
  private phonetic = 0;
  private value = '';

  constructor(private readonly item: string) {}

  open(name: string): void {
    if (name === this.item) {
      this.inItem = true;
      this.value = '';
    } else if (name === 'rPh') this.phonetic += 1;
    else if (name === 't' && this.inItem && this.phonetic === 0) this.inT = true;
  }

  add(chunk: string): void {
    if (this.inT) this.value += chunk;
  }

  /** True when the item just ended. */
  close(name: string): boolean {
    if (name === 't') this.inT = false;
    else if (name === 'rPh') this.phonetic -= 1;
    else if (name === this.item) {
      this.inItem = false;
      return true;
    }
    return false;
  }

  take(): string {
    const value = this.value;
    this.value = '';
    return value;
  }
}

/** Excel's built-in date and time formats, including the Japanese ones (27–36, 50–58) the file does not spell out. */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** A format code shows a date when, outside quoted text and [brackets], it has date or time letters. */
const isDateFormat = (code: string) => /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));

/** The indexes (a cell's s attribute) of the cell formats that show dates. */
function readDateStyles(xml: string): Set<number> {
  const customDates = new Set<number>();
  const dates = new Set<number>();
  let inCellXfs = false;
  let index = 0;
  parseXml(xml, {
    open(name, attributes) {
      if (name === 'numFmt' && isDateFormat(attributes.formatCode ?? '')) customDates.add(Number(attributes.numFmtId));
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const format = Number(attributes.numFmtId ?? 0);
        if (BUILT_IN_DATE_FORMATS.has(format) || customDates.has(format)) dates.add(index);
        index += 1;
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return dates;
}

interface SheetContext {
  sharedStrings: string[];
  dateStyles: Set<number>;
  date1904: boolean;
}

function readSheet(xml: Buffer, context: SheetContext, limits: XlsxLimits): string[][] {
  const rows: string[][] = [];
  const merges: string[] = [];
  let filled = 0;
  let rowNumber = 0;
  let row: string[] | undefined;
  let last = 0;
  let column = 0;
  let cell: { type: string; style: number } | undefined;
  let value = '';
  let inValue = false;
  const inline = new ItemText('is');
  parseXml(xml, {
    open(name, attributes) {
      if (name === 'row') {
        rowNumber = attributes.r ? positiveInteger(attributes.r, MAX_SHEET_ROWS, 'row number') : rowNumber + 1;
        row = [];
        last = 0;
        column = 0;
      } else if (name === 'c' && row) {
        column = attributes.r ? columnOf(attributes.r) : column + 1;
        cell = { type: attributes.t ?? 'n', style: Number(attributes.s ?? 0) };
        value = '';
      } else if (name === 'v' && cell) inValue = true;
      else if (cell) inline.open(name);
      else if (name === 'mergeCell' && attributes.ref) merges.push(attributes.ref);
    },
    text(chunk) {
      if (inValue) value += chunk;
      else inline.add(chunk);
    },
    close(name) {
      if (name === 'v') inValue = false;
      else if (name === 'c' && cell && row) {
        const text = cell.type === 'inlineStr' ? inline.take() : cellText(value, cell.type, cell.style, context);
        if (text !== '') {
          row[column - 1] = detached(text);
          last = Math.max(last, column);
        }
        cell = undefined;
      } else if (name === 'row' && row) {
        if (last > 0) {
          if ((filled += 1) > limits.maxRows) throw new XlsxReadProblem('rows');
          if (last > limits.maxColumns) throw new XlsxReadProblem('columns');
          rows[rowNumber - 1] = Array.from({ length: last }, (_, i) => row?.[i] ?? '');
        }
        row = undefined;
      } else if (cell) inline.close(name);
    },
  });
  const table = Array.from(rows, (cells) => cells ?? []);
  fillMerges(table, merges, limits);
  return table;
}

/**
 * The parser's text is a slice of the chunk it came from, and V8 keeps a sliced string's whole
 * parent alive: kept cells would hold every 256 KB chunk of the sheet. Flattening a one-character
 * prefix copies the text out; the result refers to its own copy only.
 */
function detached(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

/** The text of one cell from its raw <v> and its type (t) and format (s). */
function cellText(raw: string, type: string, style: number, context: SheetContext): string {
  if (raw === '') return '';
  switch (type) {
    case 's':
      return context.sharedStrings[Number.parseInt(raw, 10)] ?? '';
    case 'str':
    case 'e':
      return raw;
    case 'b':
      return Number.parseInt(raw, 10) !== 0 ? 'TRUE' : 'FALSE';
    case 'd':
      return /^\d{4}-\d{2}-\d{2}/.test(raw) ? raw.slice(0, 10) : raw;
    default: {
      const number = Number.parseFloat(raw);
      if (!Number.isFinite(number)) return '';
      if (!context.dateStyles.has(style)) return String(number);
      // Excel's serial day: days since 1899-12-30 (or, in a 1904 workbook, since 1904-01-01).
      const date = new Date(Math.round((number - 25569 + (context.date1904 ? 1462 : 0)) * 86_400_000));
      return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
    }
  }
}

/** Every cell a merged range covers reads as its top-left value, within the limits. */
function fillMerges(table: string[][], merges: string[], limits: XlsxLimits): void {
  let filledIn = 0;
  for (const ref of merges) {
    const [from, to = from] = ref.split(':');
    const top = rowOf(from);
    const left = columnOf(from);
    const bottom = rowOf(to);
    const right = columnOf(to);
    const value = table[top - 1]?.[left - 1] ?? '';
    if (value === '' || bottom < top || right < left) continue;
    if (right > limits.maxColumns) throw new XlsxReadProblem('columns');
    if ((filledIn += (bottom - top + 1) * (right - left + 1)) > MAX_MERGED_CELLS) throw new XlsxReadProblem('cells');
    for (let r = top; r <= bottom; r++) {
      while (table.length < r) table.push([]);
      const cells = table[r - 1];
      while (cells.length < right) cells.push('');
      for (let c = left; c <= right; c++) cells[c - 1] = value;
    }
  }
  if (filledIn > 0 && table.filter((cells) => cells.length > 0).length > limits.maxRows) throw new XlsxReadProblem('rows');
}

/** "AB12" → 28. */
function columnOf(ref: string): number {
  const letters = /^\$?([A-Za-z]{1,3})/.exec(ref)?.[1];
  if (!letters) throw new XlsxReadProblem('unreadable', `cell reference ${ref.slice(0, 20)}`);
  let column = 0;
  for (const letter of letters.toUpperCase()) column = column * 26 + letter.charCodeAt(0) - 64;
  if (column > MAX_SHEET_COLUMNS) throw new XlsxReadProblem('unreadable', `cell reference ${ref.slice(0, 20)}`);
  return column;
}

/** "AB12" → 12. */
function rowOf(ref: string): number {
  return positiveInteger(/^\$?[A-Za-z]{1,3}\$?(\d+)$/.exec(ref)?.[1] ?? '', MAX_SHEET_ROWS, 'cell reference');
}

function positiveInteger(text: string, max: number, what: string): number {
  const number = Number(text);
  if (!Number.isInteger(number) || number < 1 || number > max) throw new XlsxReadProblem('unreadable', `${what} ${text.slice(0, 20)}`);
  return number;
}
