import { ensureAllowed, ForbiddenError } from '../../platform/authorization';
import type { BotTurn } from '../../platform/bot-turn';
import { quarterLabel } from '../../platform/fiscal-calendar';
import { excerpt, t } from '../../platform/i18n';
import type { Actor } from '../../platform/identity';
import type { Logger } from '../../platform/logger';
import type { Store } from '../../store/ports';
import type { CheckInCycle, Initiative } from '../model';
import { ct } from '../strings';

export interface CheckInHandlerDeps {
  store: Store;
  logger: Logger;
  now: () => Date;
}

export type CardTarget = { actor: Actor; initiative: Initiative; cycle: CheckInCycle } | { message: string };

/**
 * Which initiative and quarter a card button is about, re-read from the store, and whether
 * this person may answer it. Nothing in the card's data is trusted beyond the ids; a
 * submission for someone else's initiative is refused and written to the audit log.
 */
export async function resolveCardTarget(turn: BotTurn, data: Record<string, unknown>, deps: CheckInHandlerDeps): Promise<CardTarget> {
  if (turn.actor.kind === 'unknown') return { message: t(turn.locale, 'help.unregistered') };
  const { actor } = turn.actor;
  const code = typeof data.initiativeCode === 'string' ? excerpt(data.initiativeCode, 40) : '';
  const { fiscalYear, quarter } = data;
  // Cycles exist from R1年度 (2019); a year outside the calendar's range is a forged card, not a quarter.
  const knownYear = Number.isInteger(fiscalYear) && (fiscalYear as number) >= 2019 && (fiscalYear as number) <= 2100;
  if (!code || !knownYear || ![1, 2, 3, 4].includes(quarter as number)) return { message: ct(turn.locale, 'error.stale') };
  const initiative = await deps.store.initiatives.get(code);
  if (!initiative) return { message: ct(turn.locale, 'error.unknownInitiative', { code }) };
  try {
    ensureAllowed(actor, 'checkin.submit', { type: 'initiative', ownerId: initiative.ownerId });
  } catch (error) {
    if (error instanceof ForbiddenError) {
      deps.logger.warn('check-in refused: not the owner', { personId: actor.person.id, initiative: code });
      await deps.store.audit.append({ actorId: actor.person.id, action: 'checkin.refused', objectType: 'initiative', objectId: code, detail: { fiscalYear, quarter, ownerId: initiative.ownerId } });
    }
    throw error;
  }
  const cycle = await deps.store.checkInCycles.get(fiscalYear as number, quarter as number);
  if (!cycle) return { message: ct(turn.locale, 'error.notOpen', { quarter: quarterLabel({ fiscalYear: fiscalYear as number, quarter: quarter as 1 | 2 | 3 | 4 }, turn.locale) }) };
  return { actor, initiative, cycle };
}
