import type { CardActionHandler } from '../../platform/bot-turn';
import { t } from '../../platform/i18n';
import { askFormCard, PREVIEW_VERB } from '../cards/ask-form-card';
import { suggestionsCard } from '../cards/suggestions-card';
import { readQuestionValues, validateQuestion } from '../question-form';
import { askableDepartments } from './askable-departments';
import type { InquiryHandlerDeps } from './deps';
import { suggestFor } from './suggestions';

/** 確認して次へ: checks the question on the server, then shows the closest rulings and manuals before sending. */
export function previewAction(deps: InquiryHandlerDeps): CardActionHandler {
  return {
    verb: PREVIEW_VERB,
    async handle(turn, data) {
      if (turn.actor.kind === 'unknown') return { message: t(turn.locale, 'help.unregistered') };
      const requestId = typeof data.requestId === 'string' ? data.requestId.slice(0, 64) : '';
      const departments = await askableDepartments(deps.store);
      const values = readQuestionValues(data);
      const checked = validateQuestion(values, { today: turn.today, departments, defaultDueBusinessDays: deps.defaultDueBusinessDays });
      if ('errors' in checked) return { card: askFormCard({ departments, today: turn.today, values, errors: checked.errors, requestId }) };
      const department = departments.find((d) => d.id === checked.question.targetDepartmentId);
      const suggestions = await suggestFor(deps, checked.question);
      return { card: suggestionsCard(checked.question, department ? `${department.office} ${department.name}` : '', suggestions, requestId) };
    },
  };
}
