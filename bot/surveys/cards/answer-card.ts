import {
  adaptiveCard,
  attentionText,
  factSet,
  openUrlAction,
  plainText,
  textBlock,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from '../../platform/adaptive-card';
import type { IsoDate } from '../../platform/fiscal-calendar';
import { formatDate } from '../../platform/fiscal-calendar';
import type { Locale } from '../../platform/i18n';
import { answerInputId, surveyActions } from '../card-actions';
import { surveyUrl } from '../context';
import { SURVEY_LIMITS, type Survey, type SurveyAnswer, type SurveyQuestion } from '../model';
import type { AnswerErrors } from '../rules/answers';
import { answerError, answerStatusName, surveyText } from '../strings';
import { sectionName, type Names } from '../table';
import { formatFigure, formatTimestamp, personName, shownValue, surveySection } from './survey-facts';

export interface AnswerCardOptions {
  today: IsoDate;
  tabUrl?: string;
  /** Show the form even for an answer waiting for approval or sent (回答を修正する). */
  edit?: boolean;
  /** What the person typed, kept when the server refused it (input id → text). */
  typed?: Record<string, string>;
  errors?: AnswerErrors;
  /** A line above the form (the card was stale, a reason was missing). */
  note?: string;
}

const EDITABLE = new Set(['pending', 'draft', 'returned', 'unreachable']);

/** Whether the section's card shows the questions as inputs. */
export function isEditing(survey: Survey, answer: SurveyAnswer, options: Pick<AnswerCardOptions, 'edit' | 'today'>): boolean {
  if (survey.status !== 'open') return false;
  if (EDITABLE.has(answer.status)) return true;
  if (!options.edit) return false;
  return answer.status !== 'answered' || options.today <= survey.dueOn;
}

function rangeHint(question: SurveyQuestion, locale: Locale): string {
  const figure = formatFigure;
  const { min, max } = question;
  if (min !== undefined && max !== undefined) return `（${surveyText(locale, 'card.range', { min: figure(min), max: figure(max) })}）`;
  if (min !== undefined) return `（${surveyText(locale, 'card.min', { min: figure(min) })}）`;
  if (max !== undefined) return `（${surveyText(locale, 'card.max', { max: figure(max) })}）`;
  return '';
}

/** The question as an input; numbers are typed as text, so 「１，２３４件」 reaches the server as written. */
function questionInput(question: SurveyQuestion, value: string, locale: Locale): CardElement {
  const label = `${question.label}${question.unit ? surveyText(locale, 'card.unit', { unit: question.unit }) : ''}${
    question.type === 'number' ? rangeHint(question, locale) : ''
  }${question.required ? surveyText(locale, 'card.required') : ''}`;
  const id = answerInputId(question.key);
  switch (question.type) {
    case 'text':
      return { type: 'Input.Text', id, label, isMultiline: true, maxLength: SURVEY_LIMITS.text, value };
    case 'number':
      return { type: 'Input.Text', id, label, maxLength: 30, value, placeholder: `1,234${question.unit ?? ''}` };
    case 'choice':
      return {
        type: 'Input.ChoiceSet',
        id,
        label,
        style: 'compact',
        placeholder: surveyText(locale, 'card.choose'),
        choices: (question.choices ?? []).map((c) => ({ title: c, value: c })),
        value,
      };
    case 'date':
      return { type: 'Input.Date', id, label, value };
  }
}

/** What the form shows for a question: what was typed, else the stored value. */
function formValue(question: SurveyQuestion, answer: SurveyAnswer, typed: Record<string, string> | undefined): string {
  const id = answerInputId(question.key);
  if (typed && Object.hasOwn(typed, id)) return typed[id];
  const stored = Object.hasOwn(answer.answers, question.key) ? answer.answers[question.key] : undefined;
  return stored === undefined ? '' : String(stored);
}

/**
 * The card a ward section answers on (in its お知らせ先 channel or each person's chat): the
 * questions as inputs with 下書き保存 and 承認依頼; waiting for approval, the answers with 承認
 * and 差戻し for the section's approver; sent, the answers and who sent them, with 回答を修正する
 * until the deadline. Everything typed is escaped; every press is checked again on the server.
 */
export function answerCard(survey: Survey, answer: SurveyAnswer, names: Names, locale: Locale, options: AnswerCardOptions): AdaptiveCard {
  const body: CardElement[] = surveySection(survey, names, locale, [
    { title: surveyText(locale, 'card.to'), value: sectionName(names, answer.departmentId) },
  ]);
  body.push(
    textBlock(surveyText(locale, 'card.status', { status: answerStatusName(locale, answer.status) }), {
      weight: 'Bolder',
      spacing: 'Medium',
    }),
  );
  if (options.note) body.push(textBlock(plainText(options.note), { color: 'Warning', weight: 'Bolder' }));
  const ref = { surveyId: survey.id, sectionId: answer.departmentId, version: answer.updatedAt };
  const actions: CardAction[] = [];

  if (survey.status === 'cancelled') {
    body.push(textBlock(surveyText(locale, 'card.cancelled'), { color: 'Attention', weight: 'Bolder' }));
    return adaptiveCard(
      body,
      options.tabUrl ? [openUrlAction(surveyText(locale, 'card.openTab'), surveyUrl(options.tabUrl, survey.id))] : [],
    );
  }

  if (answer.status === 'returned' && answer.returnComment)
    body.push(
      textBlock(
        plainText(surveyText(locale, 'card.returned', { name: personName(names, answer.returnedBy), comment: answer.returnComment })),
        {
          color: 'Warning',
        },
      ),
    );

  if (isEditing(survey, answer, options)) {
    const submitLabel = surveyText(locale, survey.requiresWardApproval ? 'card.requestApproval' : 'card.submitDirect');
    body.push(textBlock(surveyText(locale, 'card.editHint', { submit: submitLabel }), { isSubtle: true }));
    const errors = options.errors ?? {};
    if (Object.keys(errors).length > 0) body.push(textBlock(surveyText(locale, 'card.errors'), { color: 'Attention', weight: 'Bolder' }));
    for (const question of survey.questions) {
      body.push(questionInput(question, formValue(question, answer, options.typed), locale));
      if (Object.hasOwn(errors, question.key)) body.push(attentionText(plainText(answerError(locale, question, errors[question.key]))));
    }
    if (Object.hasOwn(errors, 'answers')) body.push(attentionText(plainText(errors.answers)));
    actions.push(
      surveyActions.save.button(surveyText(locale, 'card.save'), ref),
      surveyActions.submit.button(submitLabel, ref, { style: 'positive' }),
    );
  } else {
    body.push(
      factSet(survey.questions.map((q) => ({ title: plainText(q.label), value: plainText(shownValue(q, answer.answers[q.key], locale)) }))),
    );
    if (answer.status === 'awaitingApproval') {
      body.push(
        textBlock(
          plainText(
            surveyText(locale, 'card.awaiting', {
              name: personName(names, answer.answeredBy),
              at: formatTimestamp(answer.updatedAt, locale),
            }),
          ),
        ),
        {
          type: 'Input.Text',
          id: 'comment',
          label: surveyText(locale, 'card.comment'),
          isMultiline: true,
          maxLength: SURVEY_LIMITS.comment,
        },
      );
      actions.push(
        surveyActions.approve.button(surveyText(locale, 'card.approve'), ref, { style: 'positive' }),
        surveyActions.return.button(surveyText(locale, 'card.return'), ref),
        surveyActions.edit.button(surveyText(locale, 'card.edit'), { surveyId: survey.id, sectionId: answer.departmentId }),
      );
    } else if (answer.status === 'answered' && answer.answeredAt) {
      const approved = answer.approvedBy ? surveyText(locale, 'card.approvedBy', { name: personName(names, answer.approvedBy) }) : '';
      body.push(
        textBlock(
          plainText(
            surveyText(locale, 'card.answered', {
              at: formatTimestamp(answer.answeredAt, locale),
              answeredBy: personName(names, answer.answeredBy),
              approved,
            }),
          ),
          { color: 'Good', weight: 'Bolder' },
        ),
      );
      if (options.today <= survey.dueOn) {
        body.push(textBlock(surveyText(locale, 'card.reopenHint', { date: formatDate(survey.dueOn, locale) }), { isSubtle: true }));
        actions.push(surveyActions.edit.button(surveyText(locale, 'card.edit'), { surveyId: survey.id, sectionId: answer.departmentId }));
      } else body.push(textBlock(surveyText(locale, 'card.closed'), { isSubtle: true }));
    }
  }
  if (options.tabUrl) actions.push(openUrlAction(surveyText(locale, 'card.openTab'), surveyUrl(options.tabUrl, survey.id)));
  // 意見照会: the draft the opinions are about (an https link, checked when the survey was made).
  if (survey.draftUrl) actions.push(openUrlAction(surveyText(locale, 'card.openDraft'), survey.draftUrl));
  return adaptiveCard(body, actions);
}
