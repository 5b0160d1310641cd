import { businessDaysBetween, type IsoDate } from '../../platform/fiscal-calendar';

/**
 * The one deadline rule of 疑義照会, shared by the inquiry list and the 効果検証 figures so they
 * never disagree: business days from a day to the due date (negative once past it).
 */
export function businessDaysLeft(dueOn: IsoDate, day: IsoDate): number {
  return businessDaysBetween(day, dueOn);
}

/** Past due on a day: a business day has begun after the due date (a weekend after it is not yet late). */
export function isPastDue(dueOn: IsoDate, day: IsoDate): boolean {
  return businessDaysLeft(dueOn, day) < 0;
}
