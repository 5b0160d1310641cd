import { japanDateOf } from '../platform/fiscal-calendar';
import type { Store } from '../store/ports';
import type { AnalyticsInput } from './metrics';

/** Audit actions the figures are made from. */
export const ANALYTICS_ACTIONS = [
  'inquiry.claim',
  'inquiry.requestInfo',
  'inquiry.saveDraft',
  'inquiry.submitAnswer',
  'inquiry.deflected',
  'ruling.view',
];

/**
 * Reads everything the figures need from the store (a city's volumes fit in memory easily), as
 * of `now` (the server's clock, the same one the inquiry list judges deadlines by).
 */
export async function loadAnalyticsInput(store: Store, now: Date = new Date()): Promise<AnalyticsInput> {
  const [inquiries, audit, rulings, initiatives, cycles, departments] = await Promise.all([
    store.inquiries.list(),
    store.audit.list({ actions: ANALYTICS_ACTIONS, limit: 100_000 }),
    store.rulings.list(),
    store.initiatives.list(),
    store.checkInCycles.list(),
    store.departments.list(),
  ]);
  const checkIns = [];
  for (const cycle of cycles) {
    for (const answer of await store.checkIns.listForQuarter(cycle.fiscalYear, cycle.quarter)) {
      // On time means the first answer came by the due date, whatever was edited later.
      const first =
        answer.revision === 1 ? answer : (await store.checkIns.history(answer.initiativeCode, answer.fiscalYear, answer.quarter))[0];
      checkIns.push({ ...answer, firstSubmittedAt: first?.submittedAt ?? answer.submittedAt });
    }
  }
  return { today: japanDateOf(now), inquiries, audit, rulings, initiatives, checkIns, cycles, departments };
}
