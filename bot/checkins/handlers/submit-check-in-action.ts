import type { CardActionHandler } from '../../platform/bot-turn';
import { formatDate } from '../../platform/fiscal-calendar';
import { SUBMIT_VERB } from '../cards/check-in-form-card';
import { buildFormCard } from '../form-card-builder';
import { readFormValues, validateAnswer } from '../check-in-form';
import type { CheckIn } from '../model';
import { ct } from '../strings';
import { resolveCardTarget, type CheckInHandlerDeps } from './card-target';
import { summaryCardFor } from './summary';

/**
 * 提出する: validates on the server, stores the answer as the next revision, and turns the
 * card into its summary. An invalid answer comes back as the same card with the messages and
 * every typed value; a double press or a replayed request stores nothing new.
 */
export function submitCheckInAction(deps: CheckInHandlerDeps): CardActionHandler {
  return {
    verb: SUBMIT_VERB,
    async handle(turn, data) {
      const target = await resolveCardTarget(turn, data, deps);
      if ('message' in target) return target;
      const { actor, initiative, cycle } = target;
      const revision = data.revision;
      const submissionId = typeof data.submissionId === 'string' ? data.submissionId.slice(0, 100) : '';
      if (!Number.isInteger(revision) || (revision as number) < 1 || !submissionId) return { message: ct(turn.locale, 'error.stale') };

      const values = readFormValues(data, initiative);
      const validated = validateAnswer(values, initiative, turn.locale);
      if ('errors' in validated) {
        const card = await buildFormCard(deps.store, { locale: turn.locale, initiative, cycle, today: turn.today, values, errors: validated.errors, baseRevision: (revision as number) - 1, submissionId });
        return { card };
      }
      if ((revision as number) > 1 && turn.today > cycle.dueOn) {
        const current = await deps.store.checkIns.get(initiative.code, cycle.fiscalYear, cycle.quarter);
        if (current) return summaryCardFor(deps, turn, initiative, cycle, current, ct(turn.locale, 'summary.editClosed', { date: formatDate(cycle.dueOn, turn.locale) }));
      }

      const checkIn: CheckIn = {
        ...validated.answer,
        initiativeCode: initiative.code,
        fiscalYear: cycle.fiscalYear,
        quarter: cycle.quarter,
        submittedBy: actor.person.id,
        submittedAt: deps.now().toISOString(),
        revision: revision as number,
        submissionId,
      };
      const { outcome, checkIn: stored } = await deps.store.transaction(async (tx) => {
        const saved = await tx.checkIns.submit(checkIn);
        if (saved.outcome === 'created' || saved.outcome === 'updated') {
          await tx.audit.append({ actorId: actor.person.id, action: `checkin.${saved.outcome}`, objectType: 'checkIn', objectId: `${initiative.code}:${cycle.fiscalYear}Q${cycle.quarter}`, detail: { revision: checkIn.revision, weather: checkIn.weather, direction: checkIn.direction } });
        }
        return saved;
      });
      if (outcome === 'conflict') {
        const name = (await deps.store.people.get(stored.submittedBy))?.displayName ?? stored.submittedBy;
        return summaryCardFor(deps, turn, initiative, cycle, stored, ct(turn.locale, 'summary.conflict', { name, revision: stored.revision }));
      }
      return summaryCardFor(deps, turn, initiative, cycle, stored);
    },
  };
}
