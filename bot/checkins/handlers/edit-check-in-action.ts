import type { CardActionHandler } from '../../platform/bot-turn';
import { formatDate } from '../../platform/fiscal-calendar';
import { EDIT_VERB } from '../cards/check-in-summary-card';
import { formValuesOf } from '../check-in-form';
import { buildFormCard } from '../form-card-builder';
import { ct } from '../strings';
import { resolveCardTarget, type CheckInHandlerDeps } from './card-target';
import { summaryCardFor } from './summary';

/** 修正する: the form again, filled with the stored answer, until the due date. */
export function editCheckInAction(deps: CheckInHandlerDeps): CardActionHandler {
  return {
    verb: EDIT_VERB,
    async handle(turn, data) {
      const target = await resolveCardTarget(turn, data, deps);
      if ('message' in target) return target;
      const { initiative, cycle } = target;
      const current = await deps.store.checkIns.get(initiative.code, cycle.fiscalYear, cycle.quarter);
      if (!current) return { card: await buildFormCard(deps.store, { locale: turn.locale, initiative, cycle, today: turn.today }) };
      if (turn.today > cycle.dueOn) {
        return summaryCardFor(deps, turn, initiative, cycle, current, ct(turn.locale, 'summary.editClosed', { date: formatDate(cycle.dueOn, turn.locale) }));
      }
      const values = formValuesOf(current, initiative);
      return { card: await buildFormCard(deps.store, { locale: turn.locale, initiative, cycle, today: turn.today, values, baseRevision: current.revision }) };
    },
  };
}
