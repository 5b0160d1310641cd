import { ensureAllowedOrAudit } from '../../platform/audited-access';
import type { BotTurn } from '../../platform/bot-turn';
import { quarterLabel } from '../../platform/fiscal-calendar';
import { t } from '../../platform/i18n';
import type { Actor } from '../../platform/identity';
import type { AnswerRef } from '../card-actions';
import type { CheckInCycle, Initiative } from '../model';
import { checkInText } from '../strings';
import type { CheckInHandlerDeps } from './deps';

export type CheckInAccess = { actor: Actor; initiative: Initiative; cycle: CheckInCycle } | { message: string };

/**
 * Which initiative and quarter a card button is about, re-read from the store, and whether
 * this person may answer it. Nothing in the card's data is trusted beyond the ids; a
 * submission for someone else's initiative is refused and written to the audit log.
 */
export async function accessCheckIn(turn: BotTurn, ref: AnswerRef, deps: CheckInHandlerDeps): Promise<CheckInAccess> {
  if (turn.actor.kind === 'unknown') return { message: t(turn.locale, 'help.unregistered') };
  const { actor } = turn.actor;
  const { initiativeCode: code, fiscalYear, quarter } = ref;
  const initiative = await deps.store.initiatives.get(code);
  if (!initiative) return { message: checkInText(turn.locale, 'error.unknownInitiative', { code }) };
  await ensureAllowedOrAudit(
    deps,
    actor,
    'checkin.submit',
    { type: 'initiative', ownerId: initiative.ownerId },
    { objectType: 'initiative', objectId: code, detail: { fiscalYear, quarter, ownerId: initiative.ownerId } },
  );
  const cycle = await deps.store.checkInCycles.get(fiscalYear, quarter);
  if (!cycle)
    return { message: checkInText(turn.locale, 'error.notOpen', { quarter: quarterLabel({ fiscalYear, quarter }, turn.locale) }) };
  return { actor, initiative, cycle };
}
