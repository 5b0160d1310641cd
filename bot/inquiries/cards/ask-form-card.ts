import { adaptiveCard, attentionText, textBlock, type AdaptiveCard, type CardElement } from '../../platform/adaptive-card';
import { nextBusinessDay, type IsoDate } from '../../platform/fiscal-calendar';
import type { Locale } from '../../platform/i18n';
import type { Department } from '../../directory/model';
import { inquiryActions } from '../card-actions';
import { INQUIRY_LIMITS, URGENCIES } from '../model';
import type { QuestionField, QuestionValues } from '../rules/question-form';
import { fieldError, inquiryText, type InquiryMessageKey } from '../strings';
import { urgencyWord } from './inquiry-facts';

/** 質問: the form a ward asks with. The HQ departments come from the directory. */
export function askFormCard(input: {
  departments: Department[];
  today: IsoDate;
  locale: Locale;
  values?: Partial<QuestionValues>;
  errors?: Partial<Record<QuestionField, string>>;
  requestId: string;
  noticeId?: string;
}): AdaptiveCard {
  const { locale } = input;
  const text = (key: InquiryMessageKey, params?: Record<string, string>) => inquiryText(locale, key, params);
  const values = input.values ?? {};
  const errors = input.errors ?? {};
  const withError = (element: CardElement & { id: QuestionField }): CardElement[] =>
    errors[element.id] ? [element, attentionText(fieldError(locale, element.id, errors[element.id] as string))] : [element];
  const earliest = nextBusinessDay(input.today);
  const body: CardElement[] = [
    textBlock(text('ask.title'), { size: 'Large', weight: 'Bolder', style: 'heading' }),
    textBlock(text('ask.intro'), { isSubtle: true }),
  ];
  if (Object.keys(errors).length > 0) body.push(textBlock(text('ask.errors'), { color: 'Attention', weight: 'Bolder' }));
  body.push(
    ...withError({
      type: 'Input.ChoiceSet',
      id: 'targetDepartmentId',
      label: text('ask.target'),
      isRequired: true,
      errorMessage: text('ask.targetMissing'),
      choices: input.departments.map((d) => ({ title: `${d.office} ${d.name}`, value: d.id })),
      value: values.targetDepartmentId ?? '',
    }),
    ...withError({
      type: 'Input.Text',
      id: 'category',
      label: text('ask.category'),
      maxLength: INQUIRY_LIMITS.category,
      value: values.category ?? '',
    }),
    ...withError({
      type: 'Input.Text',
      id: 'subject',
      label: text('ask.subject'),
      isRequired: true,
      errorMessage: text('ask.subjectMissing'),
      maxLength: INQUIRY_LIMITS.subject,
      value: values.subject ?? '',
    }),
    ...withError({
      type: 'Input.Text',
      id: 'body',
      label: text('ask.body'),
      isMultiline: true,
      isRequired: true,
      errorMessage: text('ask.bodyMissing'),
      maxLength: INQUIRY_LIMITS.body,
      value: values.body ?? '',
    }),
    ...withError({
      type: 'Input.Text',
      id: 'legalBasis',
      label: text('ask.legalBasis'),
      maxLength: INQUIRY_LIMITS.legalBasis,
      value: values.legalBasis ?? '',
    }),
    ...withError({
      type: 'Input.Date',
      id: 'desiredAnswerDate',
      label: text('ask.desiredDate', { date: earliest }),
      min: earliest,
      value: values.desiredAnswerDate ?? '',
    }),
    ...withError({
      type: 'Input.ChoiceSet',
      id: 'urgency',
      label: text('ask.urgency'),
      style: 'expanded',
      choices: URGENCIES.map((u) => ({ title: urgencyWord(u, locale), value: u })),
      value: values.urgency || '通常',
    }),
  );
  return adaptiveCard(body, [
    inquiryActions.preview.button(
      text('ask.next'),
      { requestId: input.requestId, ...(input.noticeId ? { noticeId: input.noticeId } : {}) },
      { style: 'positive' },
    ),
  ]);
}
