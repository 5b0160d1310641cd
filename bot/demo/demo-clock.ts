import {
  addBusinessDays,
  addDays,
  businessDaysBetween,
  fiscalYearOf,
  isBusinessDay,
  japanDateOf,
  nextQuarter,
  previousQuarter,
  type FiscalQuarter,
  type IsoDate,
} from '../platform/fiscal-calendar';

/**
 * The day the demo data files describe ("today" in them). Loaded on another day, every date
 * moves by the same number of business days, so what was due tomorrow is due tomorrow again
 * and what was 1 business day overdue still is: the demo shows the same mix on any day.
 */
export const DEMO_ANCHOR_DAY: IsoDate = '2026-11-24';

/** How the files' dates map onto the day the demo is loaded. */
export interface DemoDates {
  readonly today: IsoDate;
  /** A date, moved by the business-day shift (a non-business day keeps its distance from the business day before it). */
  day(date: IsoDate): IsoDate;
  /** A timestamp, moved like its Japan-time date, keeping its time of day. */
  instant(timestamp: string): string;
  /** Quarters the check-in history moves by, so its latest cycle is the latest one begun by today. */
  readonly quarters: number;
  quarter(q: FiscalQuarter): FiscalQuarter;
  /** Whole fiscal years the demo moved (for year-end dates such as KPI target dates). */
  readonly fiscalYears: number;
}

const JST_MS = 9 * 3_600_000;
const timeOfDay = (timestamp: string) => new Date(Date.parse(timestamp) + JST_MS).toISOString().slice(11, 23);

/** The demo as the files have it, on the anchor day (what tests with fixed dates use). */
export function demoDatesFor(today: IsoDate, latestQuarter: FiscalQuarter, opensOn: (q: FiscalQuarter) => IsoDate): DemoDates {
  const shift = businessDaysBetween(DEMO_ANCHOR_DAY, today);
  const day = (date: IsoDate): IsoDate => {
    if (shift === 0) return date;
    if (isBusinessDay(date)) return addBusinessDays(date, shift);
    const before = addBusinessDays(date, -1);
    return addDays(addBusinessDays(before, shift), Math.round((Date.parse(date) - Date.parse(before)) / 86_400_000));
  };
  const instant = (timestamp: string): string => {
    if (shift === 0) return timestamp;
    return `${day(japanDateOf(new Date(timestamp)))}T${timeOfDay(timestamp)}+09:00`;
  };
  const move = (q: FiscalQuarter, n: number): FiscalQuarter => {
    let result = q;
    for (let i = 0; i < Math.abs(n); i++) result = n > 0 ? nextQuarter(result) : previousQuarter(result);
    return result;
  };
  // The latest quarter whose cycle has begun by today carries the files' latest answers.
  let quarters = 0;
  while (opensOn(move(latestQuarter, quarters)) > today) quarters -= 1;
  while (opensOn(move(latestQuarter, quarters + 1)) <= today) quarters += 1;
  return {
    today,
    day,
    instant,
    quarters,
    quarter: (q) => move(q, quarters),
    fiscalYears: fiscalYearOf(today) - fiscalYearOf(DEMO_ANCHOR_DAY),
  };
}
