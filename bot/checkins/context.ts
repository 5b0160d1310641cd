import { randomUUID } from 'node:crypto';
import type { Person } from '../directory/model';
import { previousQuarter, type FiscalQuarter, type IsoDate } from '../platform/fiscal-calendar';
import type { AdaptiveCard } from '../platform/adaptive-card';
import type { StoreSession } from '../store/ports';
import { checkInFormCard, type CheckInFormCardInput } from './cards/check-in-form-card';
import type { CheckInCycle, Initiative } from './model';
import { computeRollUp, type RollUp } from './rules/rollup';

/** What the check-in cards and messages need from the store, read in one place. */

/**
 * The check-in form with last quarter's answer read from the store; a new card gets a fresh
 * submissionId, a re-shown one keeps its own so its button still means the same press.
 */
export async function buildFormCard(
  store: Pick<StoreSession, 'checkIns'>,
  input: Omit<CheckInFormCardInput, 'previous' | 'submissionId' | 'baseRevision'> & { submissionId?: string; baseRevision?: number },
): Promise<AdaptiveCard> {
  const before = previousQuarter(input.cycle);
  const previous = await store.checkIns.get(input.initiative.code, before.fiscalYear, before.quarter);
  return checkInFormCard({ ...input, previous, baseRevision: input.baseRevision ?? 0, submissionId: input.submissionId ?? randomUUID() });
}

/** The form card an owner receives (on opening or as a reminder), in the owner's language; undefined without an owner record. */
export async function loadOwnerFormCard(
  tx: Pick<StoreSession, 'checkIns' | 'people'>,
  request: { initiative: Initiative & { ownerId: string }; cycle: CheckInCycle; today: IsoDate; reminder: boolean },
): Promise<{ owner: Person; card: AdaptiveCard } | undefined> {
  const owner = await tx.people.get(request.initiative.ownerId);
  if (!owner) return undefined;
  return { owner, card: await buildFormCard(tx, { locale: owner.locale, ...request }) };
}

/** A quarter's roll-up as the store has it now, with the owners' names for the card. */
export async function loadRollUp(
  store: Pick<StoreSession, 'checkInCycles' | 'initiatives' | 'checkIns' | 'people'>,
  quarter: FiscalQuarter,
): Promise<{ rollUp: RollUp; ownerNames: Map<string, string> }> {
  const cycle = await store.checkInCycles.get(quarter.fiscalYear, quarter.quarter);
  const initiatives = await store.initiatives.list();
  const checkIns = await store.checkIns.listForQuarter(quarter.fiscalYear, quarter.quarter);
  const rollUp = computeRollUp(quarter, initiatives, checkIns, cycle?.dueOn);
  const ownerNames = new Map((await store.people.list()).map((p) => [p.id, p.displayName]));
  return { rollUp, ownerNames };
}
