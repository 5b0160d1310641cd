import { randomUUID } from 'node:crypto';
import type { IsoDate } from '../platform/fiscal-calendar';
import type { Store } from '../store/ports';
import { loadDemoData } from './demo-data';

export interface SeedResult {
  seeded: boolean;
  counts: Record<string, number>;
}

/**
 * Loads the fictional さくら市 demo data (./data/*.json, checked by demo-data.ts), its dates moved
 * to `today` (by default the day it is loaded; tests pass DEMO_ANCHOR_DAY for the files' own
 * dates). Without reset it only fills an empty store (first start), so it never overwrites what
 * people entered; with reset it wipes the store first (and so re-anchors the demo).
 */
export async function seedDemoData(store: Store, options: { reset?: boolean; today?: IsoDate } = {}): Promise<SeedResult> {
  const demo = loadDemoData(options.today); // a mistake in the files stops here, before the store is touched
  if (options.reset) await store.clear();
  else if ((await store.departments.list()).length > 0) return { seeded: false, counts: {} };

  await store.transaction(async (tx) => {
    for (const department of demo.departments) await tx.departments.upsert(department);
    for (const person of demo.people) await tx.people.upsert(person);
    for (const initiative of demo.initiatives) await tx.initiatives.upsert(initiative);
    for (const answer of demo.checkIns) {
      // Random, like a card's: a guessable id could be sent as someone's replay.
      await tx.checkIns.submit({ ...answer, revision: 1, submissionId: randomUUID() });
    }
    for (const cycle of demo.cycles) await tx.checkInCycles.open(cycle);
    for (const entry of demo.activity) await tx.audit.append(entry);
    for (const ruling of demo.rulings) await tx.rulings.upsert(ruling);
    for (const manual of demo.manuals) await tx.manuals.upsert(manual);
    for (const { manualId, file, sections } of demo.manualTexts)
      await tx.manuals.saveText(manualId, { source: `demo:${file}`, outcome: { ok: true, sections, truncated: false } });
    for (const inquiry of demo.inquiries) await tx.inquiries.insert(inquiry);
    // Keep the number sequence ahead of the demo inquiries (on the anchor day the next one is Q-R8-0005).
    for (const inquiry of demo.inquiries) await tx.inquiries.allocateNumber(inquiry.fiscalYear);
  });
  return {
    seeded: true,
    counts: {
      departments: demo.departments.length,
      people: demo.people.length,
      initiatives: demo.initiatives.length,
      checkIns: demo.checkIns.length,
      rulings: demo.rulings.length,
      manuals: demo.manuals.length,
      inquiries: demo.inquiries.length,
    },
  };
}
