import { ensureAllowed } from '../../platform/authorization';
import type { BotTurn, CardActionHandler } from '../../platform/bot-turn';
import { formatDate } from '../../platform/fiscal-calendar';
import { t } from '../../platform/i18n';
import { doneCard } from '../cards/asker-cards';
import { askFormCard } from '../cards/ask-form-card';
import { DEFLECT_VERB, EDIT_QUESTION_VERB, SUBMIT_VERB } from '../cards/suggestions-card';
import { submitInquiry } from '../inquiry-workflow';
import { readQuestionValues, validateQuestion, type Question } from '../question-form';
import { askableDepartments } from './askable-departments';
import type { InquiryHandlerDeps } from './deps';

/** The question carried in the suggestions card, checked again: nothing from a card is trusted. */
async function recheck(turn: BotTurn, data: Record<string, unknown>, deps: InquiryHandlerDeps) {
  const departments = await askableDepartments(deps.store);
  const values = readQuestionValues(data);
  const requestId = typeof data.requestId === 'string' ? data.requestId.slice(0, 64) : '';
  const checked = validateQuestion(values, { today: turn.today, departments, defaultDueBusinessDays: deps.defaultDueBusinessDays });
  return { departments, values, requestId, checked };
}

/** それでも質問する: sends the question to the department (once per form). */
export function submitQuestionAction(deps: InquiryHandlerDeps): CardActionHandler {
  return {
    verb: SUBMIT_VERB,
    async handle(turn, data) {
      if (turn.actor.kind === 'unknown') return { message: t(turn.locale, 'help.unregistered') };
      ensureAllowed(turn.actor.actor, 'inquiry.ask');
      const { departments, values, requestId, checked } = await recheck(turn, data, deps);
      if ('errors' in checked || !requestId) return { card: askFormCard({ departments, today: turn.today, values, errors: 'errors' in checked ? checked.errors : {}, requestId: requestId || 'missing' }) };
      const { inquiry } = await submitInquiry(deps, turn.actor.actor, checked.question, requestId);
      const department = departments.find((d) => d.id === inquiry.targetDepartmentId);
      return {
        card: doneCard(
          `${inquiry.number} として ${department ? `${department.office} ${department.name}` : ''} に送りました`,
          `希望回答日は ${formatDate(inquiry.dueOn)} です。回答の状況は、このあと届くカードでお知らせします。`,
        ),
      };
    },
  };
}

/** これで解決した: records a question settled by a suggested ruling or manual (a deflection); nothing is sent. */
export function deflectAction(deps: InquiryHandlerDeps): CardActionHandler {
  return {
    verb: DEFLECT_VERB,
    async handle(turn, data) {
      if (turn.actor.kind === 'unknown') return { message: t(turn.locale, 'help.unregistered') };
      const { checked } = await recheck(turn, data, deps);
      const question: Partial<Question> = 'question' in checked ? checked.question : {};
      const suggestionIds = Array.isArray(data.suggestionIds) ? data.suggestionIds.filter((id): id is string => typeof id === 'string').slice(0, 5).map((id) => id.slice(0, 40)) : [];
      // Ids and the category only: the question's text may name a resident.
      await deps.store.audit.append({
        actorId: turn.actor.actor.person.id,
        action: 'inquiry.deflected',
        objectType: 'department',
        objectId: question.targetDepartmentId ?? 'unknown',
        detail: { suggestionIds, category: question.category ?? '' },
      });
      return { card: doneCard('解決済みとして記録しました。', '質問は所管課に送っていません。ほかにも疑問があれば「質問」と送ってください。') };
    },
  };
}

/** 内容を直す: back to the form with what was typed. */
export function editQuestionAction(deps: InquiryHandlerDeps): CardActionHandler {
  return {
    verb: EDIT_QUESTION_VERB,
    async handle(turn, data) {
      const { departments, values, requestId } = await recheck(turn, data, deps);
      return { card: askFormCard({ departments, today: turn.today, values, requestId }) };
    },
  };
}
