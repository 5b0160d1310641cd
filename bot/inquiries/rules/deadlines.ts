import { addBusinessDays, type IsoDate } from '../../platform/fiscal-calendar';
import { FINAL_STATUSES, type Inquiry } from '../model';
import { isPastDue } from './due-dates';

/**
 * Which open inquiries need a reminder (due the next business day or today) and which are
 * overdue, by the same business-day rule as the lists and figures (due-dates.ts): due on a
 * Friday is not escalated on the weekend, only on Monday.
 */
export function planDeadlineWork(today: IsoDate, inquiries: Inquiry[]): { remind: Inquiry[]; escalate: Inquiry[] } {
  const open = inquiries.filter((i) => !FINAL_STATUSES.includes(i.status));
  return {
    remind: open.filter((i) => today <= i.dueOn && addBusinessDays(i.dueOn, -1) <= today),
    escalate: open.filter((i) => isPastDue(i.dueOn, today)),
  };
}
