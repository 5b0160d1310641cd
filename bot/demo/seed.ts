import type { Store } from '../store/ports';
import { demoActivity } from './activity';
import { demoCheckIns, demoCycles } from './checkins';
import { demoDepartments } from './departments';
import { demoInitiatives } from './initiatives';
import { demoInquiries } from './inquiries';
import { demoManuals } from './manuals';
import { demoPeople } from './people';
import { demoRulings } from './rulings';

export interface SeedResult {
  seeded: boolean;
  counts: Record<string, number>;
}

/**
 * Loads the fictional さくら市 demo data. Without reset it only fills an empty store (first
 * start), so it never overwrites what people entered; with reset it wipes the store first.
 */
export async function seedDemoData(store: Store, options: { reset?: boolean } = {}): Promise<SeedResult> {
  if (options.reset) await store.clear();
  else if ((await store.departments.list()).length > 0) return { seeded: false, counts: {} };

  await store.transaction(async (tx) => {
    for (const department of demoDepartments) await tx.departments.upsert(department);
    for (const person of demoPeople) await tx.people.upsert(person);
    for (const initiative of demoInitiatives) await tx.initiatives.upsert(initiative);
    for (const answer of demoCheckIns) {
      const submissionId = `demo:${answer.initiativeCode}:${answer.fiscalYear}Q${answer.quarter}`;
      await tx.checkIns.submit({ ...answer, revision: 1, submissionId });
    }
    for (const cycle of demoCycles()) await tx.checkInCycles.open(cycle);
    for (const entry of demoActivity) await tx.audit.append(entry);
    for (const ruling of demoRulings) await tx.rulings.upsert(ruling);
    for (const manual of demoManuals) await tx.manuals.upsert(manual);
    for (const inquiry of demoInquiries) await tx.inquiries.insert(inquiry);
    // Keep the number sequence ahead of the demo inquiries so the next one is Q-R8-0005.
    for (const inquiry of demoInquiries) await tx.inquiries.allocateNumber(inquiry.fiscalYear);
  });
  return {
    seeded: true,
    counts: {
      departments: demoDepartments.length,
      people: demoPeople.length,
      initiatives: demoInitiatives.length,
      checkIns: demoCheckIns.length,
      rulings: demoRulings.length,
      manuals: demoManuals.length,
      inquiries: demoInquiries.length,
    },
  };
}
