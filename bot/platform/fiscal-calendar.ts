import { holidays } from '@holiday-jp/holiday_jp';
import type { Locale } from '../../shared/locale';

const HOLIDAYS = holidays as Readonly<Record<string, { name: string } | undefined>>;

/**
 * The Japanese fiscal calendar as a city uses it. 年度 runs April to March (Q1 = Apr-Jun,
 * Q4 = Jan-Mar) and business days skip weekends, national holidays and 年末年始 (12/29-1/3).
 *
 * Dates are calendar dates written 'YYYY-MM-DD' (a day in Japan), never Date objects, so
 * nothing depends on the server's time zone.
 */

export type IsoDate = string;
export type Quarter = 1 | 2 | 3 | 4;

export interface FiscalQuarter {
  fiscalYear: number; // the western year in which the fiscal year starts (R8年度 = 2026)
  quarter: Quarter;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function parseIsoDate(date: IsoDate): { year: number; month: number; day: number } {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`日付は YYYY-MM-DD で指定してください: "${date}"`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new RangeError(`存在しない日付です: "${date}"`);
  }
  return { year, month, day };
}

export function isValidIsoDate(date: string): boolean {
  try {
    parseIsoDate(date);
    return true;
  } catch {
    return false;
  }
}

function toUtcMs(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  return Date.UTC(year, month - 1, day);
}

function fromUtcMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The calendar day in Japan (JST, no daylight saving) at an instant. */
export function japanDateOf(instant: Date): IsoDate {
  return fromUtcMs(instant.getTime() + 9 * 3_600_000);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

export function fiscalYearOf(date: IsoDate): number {
  const { year, month } = parseIsoDate(date);
  return month >= 4 ? year : year - 1;
}

export function fiscalQuarterOf(date: IsoDate): FiscalQuarter {
  const { month } = parseIsoDate(date);
  const quarter = (Math.floor(((month + 12 - 4) % 12) / 3) + 1) as Quarter;
  return { fiscalYear: fiscalYearOf(date), quarter };
}

export function quarterRange({ fiscalYear, quarter }: FiscalQuarter): { start: IsoDate; end: IsoDate } {
  const startMonthIndex = 3 + (quarter - 1) * 3; // April = index 3
  const start = Date.UTC(fiscalYear, startMonthIndex, 1);
  const end = Date.UTC(fiscalYear, startMonthIndex + 3, 0); // day 0 = last day of previous month
  return { start: fromUtcMs(start), end: fromUtcMs(end) };
}

export function nextQuarter({ fiscalYear, quarter }: FiscalQuarter): FiscalQuarter {
  return quarter === 4 ? { fiscalYear: fiscalYear + 1, quarter: 1 } : { fiscalYear, quarter: (quarter + 1) as Quarter };
}

export function previousQuarter({ fiscalYear, quarter }: FiscalQuarter): FiscalQuarter {
  return quarter === 1 ? { fiscalYear: fiscalYear - 1, quarter: 4 } : { fiscalYear, quarter: (quarter - 1) as Quarter };
}

// --- 元号 (era) -----------------------------------------------------------------------

interface Era {
  name: string;
  initial: string;
  english: string;
  start: IsoDate;
}

const ERAS: Era[] = [
  { name: '令和', initial: 'R', english: 'Reiwa', start: '2019-05-01' },
  { name: '平成', initial: 'H', english: 'Heisei', start: '1989-01-08' },
  { name: '昭和', initial: 'S', english: 'Showa', start: '1926-12-25' },
];

function eraOfDate(date: IsoDate): { era: Era; year: number } {
  const era = ERAS.find((candidate) => date >= candidate.start);
  if (!era) throw new RangeError(`昭和より前の日付には対応していません: ${date}`);
  return { era, year: parseIsoDate(date).year - parseIsoDate(era.start).year + 1 };
}

/**
 * The era of a fiscal year. 令和 began on 2019-05-01, inside FY2019, and cities call that
 * whole year 令和元年度, so a fiscal year takes the era in force at its end (March 31).
 */
function eraOfFiscalYear(fiscalYear: number): { era: Era; year: number } {
  const { era } = eraOfDate(`${fiscalYear + 1}-03-31`);
  return { era, year: fiscalYear - parseIsoDate(era.start).year + 1 };
}

function eraYearText(year: number): string {
  return year === 1 ? '元' : String(year);
}

/** 「令和8年度」 (long) or 「R8年度」 (short). */
export function fiscalYearLabel(fiscalYear: number, style: 'long' | 'short' = 'long'): string {
  const { era, year } = eraOfFiscalYear(fiscalYear);
  return style === 'long' ? `${era.name}${eraYearText(year)}年度` : `${era.initial}${year}年度`;
}

/** 「R8年度 Q3」; in English "FY2026 Q3". */
export function quarterLabel(fq: FiscalQuarter, locale: Locale = 'ja'): string {
  return locale === 'ja' ? `${fiscalYearLabel(fq.fiscalYear, 'short')} Q${fq.quarter}` : `FY${fq.fiscalYear} Q${fq.quarter}`;
}

/** 「令和8年11月23日」 in Japanese; "2026-11-23" in English. */
export function formatDate(date: IsoDate, locale: Locale = 'ja'): string {
  if (locale === 'en') return date;
  const { era, year } = eraOfDate(date);
  const { month, day } = parseIsoDate(date);
  return `${era.name}${eraYearText(year)}年${month}月${day}日`;
}

/** The fiscal year's short form used in inquiry numbers (Q-R8-0001). */
export function fiscalYearCode(fiscalYear: number): string {
  const { era, year } = eraOfFiscalYear(fiscalYear);
  return `${era.initial}${year}`;
}

// --- business days (開庁日) -------------------------------------------------------------

/** The holiday name if the date is a national holiday (including 振替休日 and 国民の休日). */
export function holidayName(date: IsoDate): string | undefined {
  return HOLIDAYS[date]?.name;
}

export function isYearEndClosure(date: IsoDate): boolean {
  const { month, day } = parseIsoDate(date);
  return (month === 12 && day >= 29) || (month === 1 && day <= 3);
}

export function isBusinessDay(date: IsoDate): boolean {
  const weekday = new Date(toUtcMs(date)).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !holidayName(date) && !isYearEndClosure(date);
}

/**
 * The date n business days after (n > 0) or before (n < 0) the given date; the date itself
 * is not counted. With n = 0 it is the date itself if that is a business day, else the next one.
 */
export function addBusinessDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`営業日数は整数で指定してください: ${n}`);
  if (n === 0) return isBusinessDay(date) ? date : addBusinessDays(date, 1);
  const step = n > 0 ? 1 : -1;
  let remaining = Math.abs(n);
  let current = date;
  while (remaining > 0) {
    current = addDays(current, step);
    if (isBusinessDay(current)) remaining -= 1;
  }
  return current;
}

export function nextBusinessDay(date: IsoDate): IsoDate {
  return addBusinessDays(date, 1);
}

/**
 * Business days from one date to another: the count of business days after `from` up to
 * and including `to`; negative when `to` is earlier (days overdue).
 */
export function businessDaysBetween(from: IsoDate, to: IsoDate): number {
  if (from === to) return 0;
  const [start, end, sign] = from < to ? [from, to, 1] : [to, from, -1];
  let count = 0;
  for (let day = addDays(start, 1); day <= end; day = addDays(day, 1)) {
    if (isBusinessDay(day)) count += 1;
  }
  return sign * count;
}
