import { neutralizeFormula } from '../../../shared/formula-guard';

/**
 * CSV downloads of the dashboard's tables, made in the browser: UTF-8 with a byte-order mark
 * (so Excel on Windows reads the Japanese correctly), CRLF line ends, every cell quoted, and every
 * text cell through neutralizeFormula, because names and titles come from people and must never
 * run as a formula when the PMO opens the file. Numbers stay numbers.
 */
export type CsvValue = string | number | null | undefined;

export const CSV_BOM = '\uFEFF';

export function csvCell(value: CsvValue): string {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'number'
        ? Number.isFinite(value)
          ? String(value)
          : ''
        : neutralizeFormula(value);
  return `"${text.replace(/"/g, '""')}"`;
}

/** The whole file: the BOM, then one CRLF-terminated line per row (the header is the first row). */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return CSV_BOM + rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}

/** A file name safe on every OS: letters, digits, dots, hyphens and underscores only. */
export function csvFileName(...parts: string[]): string {
  const name = parts
    .map((p) => p.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter(Boolean)
    .join('-');
  return `${name || 'table'}.csv`;
}

/**
 * The few DOM calls a download needs, typed here so this module also compiles without the DOM
 * library (the unit tests import it under Node) and a test can hand in a stand-in.
 */
interface Anchor {
  href: string;
  download: string;
  style: { display: string };
  click(): void;
  remove(): void;
}
export interface DownloadHost {
  document: { createElement(tag: 'a'): Anchor; body: { append(node: Anchor): void } };
}

/** Saves the rows as a .csv file through the browser's download (a link to a Blob, clicked). */
export function downloadCsv(
  fileName: string,
  rows: readonly (readonly CsvValue[])[],
  host: DownloadHost = globalThis as unknown as DownloadHost,
): void {
  const url = URL.createObjectURL(new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' }));
  const link = host.document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  host.document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
