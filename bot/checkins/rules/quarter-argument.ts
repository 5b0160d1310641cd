import { fiscalYearOf, type FiscalQuarter, type IsoDate, type Quarter } from '../../platform/fiscal-calendar';

/** 令和 year 1 is fiscal year 2019. */
const REIWA_OFFSET = 2018;

/**
 * Reads the quarter a PMO typed: 「R8 Q3」「R8年度Q3」「令和8年度 第3四半期」「2026 Q3」 (full-width
 * too). An empty argument is undefined (the caller picks a default); anything else unreadable is 'invalid'.
 */
export function parseQuarterArgument(text: string, today: IsoDate): FiscalQuarter | undefined | 'invalid' {
  const normalized = text.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  if (normalized === '') return undefined;
  const match = /^(?:(?:R|令和)(\d{1,2}|元)|(\d{4}))?(?:年度)?(?:Q|第)([1-4])(?:四半期)?$/u.exec(normalized);
  if (!match) return 'invalid';
  const [, reiwa, western, quarter] = match;
  let fiscalYear: number;
  if (reiwa) fiscalYear = (reiwa === '元' ? 1 : Number(reiwa)) + REIWA_OFFSET;
  else if (western) fiscalYear = Number(western);
  else fiscalYear = fiscalYearOf(today);
  if (fiscalYear < 2019 || fiscalYear > 2100) return 'invalid';
  return { fiscalYear, quarter: Number(quarter) as Quarter };
}
