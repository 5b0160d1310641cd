import { cardActionHandler } from '../../platform/card-action';
import type { CardActionHandler } from '../../platform/bot-turn';
import { formatDate, quarterLabel } from '../../platform/fiscal-calendar';
import { checkInActions } from '../card-actions';
import { checkInClosedCard } from '../cards/check-in-closed-card';
import { buildFormCard } from '../context';
import { readFormValues, validateAnswer } from '../rules/check-in-form';
import { checkInText } from '../strings';
import { submitCheckIn } from '../workflow';
import { accessCheckIn } from './access';
import type { CheckInHandlerDeps } from './deps';
import { summaryCardFor } from './summary';

/**
 * 提出する: validates on the server, stores the answer as the next revision, and turns the
 * card into its summary. An invalid answer comes back as the same card with the messages and
 * every typed value; a double press or a replayed request stores nothing new.
 */
export function submitCheckInAction(deps: CheckInHandlerDeps): CardActionHandler {
  return cardActionHandler(checkInActions.submit, async (turn, data, inputs) => {
    const access = await accessCheckIn(turn, data, deps);
    if ('message' in access) return access;
    const { actor, initiative, cycle } = access;
    const values = readFormValues(inputs, initiative);
    const validated = validateAnswer(values, initiative, turn.locale);
    if ('errors' in validated) {
      const card = await buildFormCard(deps.store, {
        locale: turn.locale,
        initiative,
        cycle,
        today: turn.today,
        values,
        errors: validated.errors,
        baseRevision: data.revision - 1,
        submissionId: data.submissionId,
      });
      return { card };
    }
    const saved = await submitCheckIn(deps, {
      answer: validated.answer,
      initiative,
      cycle,
      by: actor.person.id,
      revision: data.revision,
      submissionId: data.submissionId,
      today: turn.today,
    });
    if (saved.outcome === 'cycleClosed') {
      const notice = `${checkInText(turn.locale, 'closed.title', { quarter: quarterLabel(cycle, turn.locale) })}。${checkInText(turn.locale, 'closed.body')}`;
      return saved.checkIn
        ? summaryCardFor(deps, turn, initiative, cycle, saved.checkIn, notice)
        : { card: checkInClosedCard({ locale: turn.locale, initiative, cycle }) };
    }
    if (saved.outcome === 'closed')
      return summaryCardFor(
        deps,
        turn,
        initiative,
        cycle,
        saved.checkIn,
        checkInText(turn.locale, 'summary.editClosed', { date: formatDate(cycle.dueOn, turn.locale) }),
      );
    if (saved.outcome === 'conflict') {
      const name = (await deps.store.people.get(saved.checkIn.submittedBy))?.displayName ?? saved.checkIn.submittedBy;
      return summaryCardFor(
        deps,
        turn,
        initiative,
        cycle,
        saved.checkIn,
        checkInText(turn.locale, 'summary.conflict', { name, revision: saved.checkIn.revision }),
      );
    }
    return summaryCardFor(deps, turn, initiative, cycle, saved.checkIn);
  });
}
