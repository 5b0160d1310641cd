import type { CardActionHandler } from '../../platform/bot-turn';
import { cardActionHandler } from '../../platform/card-action';
import { t } from '../../platform/i18n';
import { inquiryActions } from '../card-actions';
import { askFormCard } from '../cards/ask-form-card';
import { suggestionsCard } from '../cards/suggestions-card';
import { readQuestionValues, validateQuestion } from '../rules/question-form';
import { askableDepartments } from './askable-departments';
import type { InquiryHandlerDeps } from './deps';
import { recordPreview } from '../workflow';
import { suggestFor } from './suggestions';

/** 確認して次へ: checks the question on the server, then shows the closest rulings and manuals before sending. */
export function previewAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.preview, async (turn, { requestId, noticeId }, inputs) => {
    if (turn.actor.kind === 'unknown') return { message: t(turn.locale, 'help.unregistered') };
    const departments = await askableDepartments(deps.store);
    const values = readQuestionValues(inputs);
    const checked = validateQuestion(values, { today: turn.today, departments, defaultDueBusinessDays: deps.defaultDueBusinessDays });
    if ('errors' in checked)
      return {
        card: askFormCard({ departments, today: turn.today, locale: turn.locale, values, errors: checked.errors, requestId, noticeId }),
      };
    const department = departments.find((d) => d.id === checked.question.targetDepartmentId);
    const suggestions = await suggestFor(deps, checked.question);
    await recordPreview(
      deps,
      turn.actor.actor,
      requestId,
      checked.question,
      suggestions.map((s) => s.id),
    );
    return {
      card: suggestionsCard(
        checked.question,
        department ? `${department.office} ${department.name}` : '',
        suggestions,
        requestId,
        turn.locale,
        noticeId,
      ),
    };
  });
}
