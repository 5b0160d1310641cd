import type { FiscalQuarter } from '../platform/fiscal-calendar';

/** Outbox keys of the check-in flow: one card, one reminder per offset and one roll-up per quarter, however often they are asked for. */
export const checkInOutboxKey = {
  card: (q: FiscalQuarter, code: string) => `checkin:${q.fiscalYear}Q${q.quarter}:${code}:card`,
  reminder: (q: FiscalQuarter, code: string, offset: number) => `checkin:${q.fiscalYear}Q${q.quarter}:${code}:reminder:${offset}`,
  rollUp: (q: FiscalQuarter, recipient: string) => `checkin:${q.fiscalYear}Q${q.quarter}:rollup:${recipient}`,
};
