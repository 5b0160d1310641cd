/**
 * Formula injection guard (OWASP "CSV Injection"). Spreadsheet programs run a cell whose text
 * starts with = + - @ (or a tab or carriage return in front of one) as a formula, so text a
 * person typed into a check-in could run when the PMO opens the export. Such text is written
 * with a leading single quote, which Excel shows and never evaluates.
 *
 * Text that already starts with quotes before one of those characters gets one more quote, so
 * `restoreNeutralized` can take exactly one off and an export imports back unchanged.
 */

const NEEDS_GUARD = /^'*[=+\-@\t\r]/;

export function neutralizeFormula(text: string): string {
  return NEEDS_GUARD.test(text) ? `'${text}` : text;
}

/** Undoes neutralizeFormula on a cell read back from an exported file. */
export function restoreNeutralized(text: string): string {
  return text.startsWith("'") && NEEDS_GUARD.test(text.slice(1)) ? text.slice(1) : text;
}
