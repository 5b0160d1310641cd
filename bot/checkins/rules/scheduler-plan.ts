import type { CheckInConfig } from '../../platform/config';
import { fiscalQuarterOf, previousQuarter, type FiscalQuarter, type IsoDate } from '../../platform/fiscal-calendar';
import type { CheckInCycle } from '../model';
import { closingDate, reminderDates, reviewWindow } from './review-window';

/** What the scheduler should do today; each step is idempotent, so doing it twice is harmless. */
export interface SchedulerPlan {
  open: { quarter: FiscalQuarter; opensOn: IsoDate; dueOn: IsoDate }[];
  remind: { cycle: CheckInCycle; offset: number }[];
  close: CheckInCycle[];
}

/**
 * Decides from the calendar alone. A cycle whose window has already passed is not opened
 * retroactively (the PMO can still open it by command), and after downtime only the latest
 * reminder that is due is sent, never a backlog of them.
 */
export function planSchedulerWork(today: IsoDate, cycles: CheckInCycle[], settings: CheckInConfig): SchedulerPlan {
  const plan: SchedulerPlan = { open: [], remind: [], close: [] };
  const current = fiscalQuarterOf(today);
  // A window reaches past its quarter's end, so the previous two quarters may still be in one.
  const candidates = [current, previousQuarter(current), previousQuarter(previousQuarter(current))];
  for (const quarter of candidates) {
    const known = cycles.some((c) => c.fiscalYear === quarter.fiscalYear && c.quarter === quarter.quarter);
    const window = reviewWindow(quarter, settings);
    if (!known && window.opensOn <= today && today <= window.dueOn) plan.open.push({ quarter, ...window });
  }
  for (const cycle of cycles) {
    if (cycle.closedAt) continue;
    if (today >= closingDate(cycle, settings.reminderOffsets)) {
      plan.close.push(cycle);
      continue;
    }
    const due = reminderDates(cycle.dueOn, settings.reminderOffsets).filter((r) => r.date <= today && r.date >= cycle.opensOn);
    const latest = due.at(-1);
    if (latest && latest.date > cycle.opensOn) plan.remind.push({ cycle, offset: latest.offset });
  }
  return plan;
}
