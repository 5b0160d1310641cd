import type { CardActionHandler } from '../../platform/bot-turn';
import { OPEN_VERB } from '../cards/open-check-ins-card';
import { buildFormCard } from '../form-card-builder';
import { resolveCardTarget, type CheckInHandlerDeps } from './card-target';
import { summaryCardFor } from './summary';

/** 回答する (from the 「チェックイン」 list): the form, or the summary if already answered. */
export function openCheckInAction(deps: CheckInHandlerDeps): CardActionHandler {
  return {
    verb: OPEN_VERB,
    async handle(turn, data) {
      const target = await resolveCardTarget(turn, data, deps);
      if ('message' in target) return target;
      const { initiative, cycle } = target;
      const current = await deps.store.checkIns.get(initiative.code, cycle.fiscalYear, cycle.quarter);
      if (current) return summaryCardFor(deps, turn, initiative, cycle, current);
      return { card: await buildFormCard(deps.store, { locale: turn.locale, initiative, cycle, today: turn.today }) };
    },
  };
}
