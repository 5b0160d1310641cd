import type { CardActionHandler } from '../../platform/bot-turn';
import { cardActionHandler } from '../../platform/card-action';
import { formatDate } from '../../platform/fiscal-calendar';
import { checkInActions } from '../card-actions';
import { buildFormCard } from '../context';
import { formValuesOf } from '../rules/check-in-form';
import { editingClosed } from '../rules/review-window';
import { checkInText } from '../strings';
import { accessCheckIn } from './access';
import type { CheckInHandlerDeps } from './deps';
import { summaryCardFor } from './summary';

/** 修正する: the form again, filled with the stored answer, until the due date. */
export function editCheckInAction(deps: CheckInHandlerDeps): CardActionHandler {
  return cardActionHandler(checkInActions.edit, async (turn, data) => {
    const access = await accessCheckIn(turn, data, deps);
    if ('message' in access) return access;
    const { initiative, cycle } = access;
    const current = await deps.store.checkIns.get(initiative.code, cycle.fiscalYear, cycle.quarter);
    if (!current) return { card: await buildFormCard(deps.store, { locale: turn.locale, initiative, cycle, today: turn.today }) };
    if (editingClosed(cycle, turn.today)) {
      return summaryCardFor(
        deps,
        turn,
        initiative,
        cycle,
        current,
        checkInText(turn.locale, 'summary.editClosed', { date: formatDate(cycle.dueOn, turn.locale) }),
      );
    }
    const values = formValuesOf(current, initiative);
    return {
      card: await buildFormCard(deps.store, {
        locale: turn.locale,
        initiative,
        cycle,
        today: turn.today,
        values,
        baseRevision: current.revision,
      }),
    };
  });
}
