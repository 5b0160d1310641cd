import type { CardActionHandler } from '../../platform/bot-turn';
import { cardActionHandler } from '../../platform/card-action';
import { checkInActions } from '../card-actions';
import { buildFormCard } from '../context';
import { accessCheckIn } from './access';
import type { CheckInHandlerDeps } from './deps';
import { summaryCardFor } from './summary';

/** 回答する (from the 「チェックイン」 list): the form, or the summary if already answered. */
export function openCheckInAction(deps: CheckInHandlerDeps): CardActionHandler {
  return cardActionHandler(checkInActions.open, async (turn, data) => {
    const access = await accessCheckIn(turn, data, deps);
    if ('message' in access) return access;
    const { initiative, cycle } = access;
    const current = await deps.store.checkIns.get(initiative.code, cycle.fiscalYear, cycle.quarter);
    if (current) return summaryCardFor(deps, turn, initiative, cycle, current);
    return { card: await buildFormCard(deps.store, { locale: turn.locale, initiative, cycle, today: turn.today }) };
  });
}
