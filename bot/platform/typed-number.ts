/**
 * A number as staff type it in Japanese offices: full-width digits (１２３), thousands
 * separators (1,234 or １，２３４), spaces, and a trailing unit (件, 人, %, 円 …, or the
 * unit the form names). Empty means "no value". Shared by the check-in card and 照会 answers,
 * so both accept the same writing.
 */
const COMMON_UNITS = /(%|件|人|枚|回|点|日|時間|分|円|箇所|本)$/u;

export function parseTypedNumber(raw: string, options: { unit?: string; maxAbs?: number } = {}): number | null | 'invalid' {
  let text = raw.normalize('NFKC').replace(/[,\s]/g, '');
  const unit = options.unit?.normalize('NFKC').replace(/\s/g, '');
  if (unit && text.endsWith(unit)) text = text.slice(0, -unit.length);
  text = text.replace(COMMON_UNITS, '');
  if (text === '') return null;
  if (!/^[-+]?(\d+(\.\d+)?|\.\d+)$/.test(text)) return 'invalid';
  const value = Number(text);
  if (!Number.isFinite(value)) return 'invalid';
  return options.maxAbs !== undefined && Math.abs(value) > options.maxAbs ? 'invalid' : value;
}
