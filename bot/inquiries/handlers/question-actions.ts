import { ensureAllowed } from '../../platform/authorization';
import type { BotTurn, CardActionHandler } from '../../platform/bot-turn';
import { cardActionHandler } from '../../platform/card-action';
import { formatDate } from '../../platform/fiscal-calendar';
import { t } from '../../platform/i18n';
import { inquiryActions } from '../card-actions';
import { askFormCard } from '../cards/ask-form-card';
import { doneCard } from '../cards/asker-cards';
import { readQuestionValues, validateQuestion } from '../rules/question-form';
import { recordDeflection, submitInquiry } from '../workflow';
import { askableDepartments } from './askable-departments';
import type { InquiryHandlerDeps } from './deps';
import { inquiryText } from '../strings';

/**
 * The question carried in the suggestions card, checked again: nothing from a card is trusted.
 * `formCard` draws the question form again with what was typed (and the errors, if any).
 */
async function recheck(
  turn: BotTurn,
  carried: { requestId: string; noticeId?: string } & Record<string, unknown>,
  deps: InquiryHandlerDeps,
) {
  const departments = await askableDepartments(deps.store);
  const values = readQuestionValues(carried);
  const checked = validateQuestion(values, { today: turn.today, departments, defaultDueBusinessDays: deps.defaultDueBusinessDays });
  const formCard = (errors?: Parameters<typeof askFormCard>[0]['errors']) =>
    askFormCard({
      departments,
      today: turn.today,
      locale: turn.locale,
      values,
      errors,
      requestId: carried.requestId,
      noticeId: carried.noticeId,
    });
  return { departments, checked, formCard };
}

/** それでも質問する: sends the question to the department (once per form). */
export function submitQuestionAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.submit, async (turn, data) => {
    if (turn.actor.kind === 'unknown') return { message: t(turn.locale, 'help.unregistered') };
    ensureAllowed(turn.actor.actor, 'inquiry.ask');
    const { departments, checked, formCard } = await recheck(turn, data, deps);
    if ('errors' in checked) return { card: formCard(checked.errors) };
    // Linked only to a notice that exists: the id came from a card.
    const noticeId = data.noticeId && (await deps.store.notices.get(data.noticeId)) ? data.noticeId : undefined;
    const { inquiry } = await submitInquiry(deps, turn.actor.actor, checked.question, data.requestId, noticeId);
    const department = departments.find((d) => d.id === inquiry.targetDepartmentId);
    return {
      card: doneCard(
        inquiryText(turn.locale, 'sent.title', {
          number: inquiry.number,
          department: department ? `${department.office} ${department.name}` : '',
        }),
        inquiryText(turn.locale, 'sent.detail', { date: formatDate(inquiry.dueOn, turn.locale) }),
      ),
    };
  });
}

/**
 * これで解決した: records a question settled by a suggested ruling or manual (a deflection),
 * once per question and person, as the server previewed it; nothing is sent.
 */
export function deflectAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.deflect, async (turn, data) => {
    if (turn.actor.kind === 'unknown') return { message: t(turn.locale, 'help.unregistered') };
    const outcome = await recordDeflection(deps, turn.actor.actor, data.requestId);
    if (outcome === 'unknown') return { message: inquiryText(turn.locale, 'ask.formGone') };
    return {
      card: doneCard(inquiryText(turn.locale, 'resolved.title'), inquiryText(turn.locale, 'resolved.notSent')),
    };
  });
}

/** 内容を直す: back to the form with what was typed. */
export function editQuestionAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.editQuestion, async (turn, data) => {
    const { formCard } = await recheck(turn, data, deps);
    return { card: formCard() };
  });
}
