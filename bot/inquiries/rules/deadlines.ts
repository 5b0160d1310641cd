import { addBusinessDays, type IsoDate } from '../../platform/fiscal-calendar';
import { FINAL_STATUSES, type Inquiry } from '../model';

/** Which open inquiries need a reminder (due the next business day or today) and which are overdue. */
export function planDeadlineWork(today: IsoDate, inquiries: Inquiry[]): { remind: Inquiry[]; escalate: Inquiry[] } {
  const open = inquiries.filter((i) => !FINAL_STATUSES.includes(i.status));
  return {
    remind: open.filter((i) => today <= i.dueOn && addBusinessDays(i.dueOn, -1) <= today),
    escalate: open.filter((i) => today > i.dueOn),
  };
}
