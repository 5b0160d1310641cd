import { randomUUID } from 'node:crypto';
import { previousQuarter } from '../platform/fiscal-calendar';
import type { StoreSession } from '../store/ports';
import { checkInFormCard, type CheckInFormCardInput } from './cards/check-in-form-card';

/**
 * The check-in form with last quarter's answer read from the store; a new card gets a fresh
 * submissionId, a re-shown one keeps its own so its button still means the same press.
 */
export async function buildFormCard(
  store: Pick<StoreSession, 'checkIns'>,
  input: Omit<CheckInFormCardInput, 'previous' | 'submissionId' | 'baseRevision'> & { submissionId?: string; baseRevision?: number },
) {
  const before = previousQuarter(input.cycle);
  const previous = await store.checkIns.get(input.initiative.code, before.fiscalYear, before.quarter);
  return checkInFormCard({ ...input, previous, baseRevision: input.baseRevision ?? 0, submissionId: input.submissionId ?? randomUUID() });
}
