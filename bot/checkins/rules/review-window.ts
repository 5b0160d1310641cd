import type { CheckInConfig } from '../../platform/config';
import { addBusinessDays, isBusinessDay, quarterRange, type FiscalQuarter, type IsoDate } from '../../platform/fiscal-calendar';

/** When owners answer for a quarter: the window opens before the quarter ends and is due after it. */
export interface ReviewWindow {
  opensOn: IsoDate;
  dueOn: IsoDate;
}

export type WindowSettings = Pick<CheckInConfig, 'opensBeforeQuarterEnd' | 'dueAfterQuarterEnd'>;

/** A cycle opened late by hand still leaves owners at least this many business days. */
export const MIN_BUSINESS_DAYS_TO_ANSWER = 5;

export function reviewWindow(quarter: FiscalQuarter, settings: WindowSettings): ReviewWindow {
  const { end } = quarterRange(quarter);
  // Q3 ends on 12/31, inside 年末年始; count back from the last day the office is open.
  const lastBusinessDay = isBusinessDay(end) ? end : addBusinessDays(end, -1);
  return {
    opensOn: addBusinessDays(lastBusinessDay, -settings.opensBeforeQuarterEnd),
    dueOn: addBusinessDays(end, settings.dueAfterQuarterEnd),
  };
}

/** The window of a cycle a PMO opens on `today` (「チェックイン開始」), possibly early or late. */
export function manualWindow(quarter: FiscalQuarter, today: IsoDate, settings: WindowSettings): ReviewWindow {
  const planned = reviewWindow(quarter, settings);
  const earliestDue = addBusinessDays(today, MIN_BUSINESS_DAYS_TO_ANSWER);
  return { opensOn: today, dueOn: planned.dueOn < earliestDue ? earliestDue : planned.dueOn };
}

/** The reminder days: business-day offsets from the due date (negative = before it). */
export function reminderDates(dueOn: IsoDate, offsets: number[]): { offset: number; date: IsoDate }[] {
  return offsets.map((offset) => ({ offset, date: offset === 0 ? dueOn : addBusinessDays(dueOn, offset) }));
}

/**
 * The cycle closes (and the roll-up goes to the PMO) on the business day after the due date
 * or the last reminder after it, whichever is later; answers are still accepted as late.
 */
export function closingDate(cycle: { dueOn: IsoDate }, offsets: number[]): IsoDate {
  const last = reminderDates(cycle.dueOn, offsets).reduce((latest, r) => (r.date > latest ? r.date : latest), cycle.dueOn);
  return addBusinessDays(last, 1);
}

/** An answer can be corrected (修正) up to and including the due date; later ones are only late first answers. */
export function editingClosed(cycle: { dueOn: IsoDate }, today: IsoDate): boolean {
  return today > cycle.dueOn;
}
