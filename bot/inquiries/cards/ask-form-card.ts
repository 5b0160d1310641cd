import { adaptiveCard, attentionText, textBlock, type AdaptiveCard, type CardElement } from '../../platform/adaptive-card';
import { nextBusinessDay, type IsoDate } from '../../platform/fiscal-calendar';
import type { Department } from '../../directory/model';
import { inquiryActions } from '../card-actions';
import { INQUIRY_LIMITS, URGENCIES } from '../model';
import type { QuestionField, QuestionValues } from '../rules/question-form';

/** 質問: the form a ward asks with. The HQ departments come from the directory. */
export function askFormCard(input: {
  departments: Department[];
  today: IsoDate;
  values?: Partial<QuestionValues>;
  errors?: Partial<Record<QuestionField, string>>;
  requestId: string;
  noticeId?: string;
}): AdaptiveCard {
  const values = input.values ?? {};
  const errors = input.errors ?? {};
  const withError = (element: CardElement & { id: QuestionField }): CardElement[] =>
    errors[element.id] ? [element, attentionText(errors[element.id] as string)] : [element];
  const body: CardElement[] = [
    textBlock('疑義照会（本庁の所管課への質問）', { size: 'Large', weight: 'Bolder', style: 'heading' }),
    textBlock('送る前に、似た判断事例・マニュアルがないか確認します。', { isSubtle: true }),
  ];
  if (Object.keys(errors).length > 0) body.push(textBlock('入力内容を確認してください。', { color: 'Attention', weight: 'Bolder' }));
  body.push(
    ...withError({
      type: 'Input.ChoiceSet',
      id: 'targetDepartmentId',
      label: '宛先の所管課',
      isRequired: true,
      errorMessage: '宛先の所管課を選んでください。',
      choices: input.departments.map((d) => ({ title: `${d.office} ${d.name}`, value: d.id })),
      value: values.targetDepartmentId ?? '',
    }),
    ...withError({
      type: 'Input.Text',
      id: 'category',
      label: '分野（例：国民健康保険）',
      maxLength: INQUIRY_LIMITS.category,
      value: values.category ?? '',
    }),
    ...withError({
      type: 'Input.Text',
      id: 'subject',
      label: '件名',
      isRequired: true,
      errorMessage: '件名を入力してください。',
      maxLength: INQUIRY_LIMITS.subject,
      value: values.subject ?? '',
    }),
    ...withError({
      type: 'Input.Text',
      id: 'body',
      label: '内容',
      isMultiline: true,
      isRequired: true,
      errorMessage: '内容を入力してください。',
      maxLength: INQUIRY_LIMITS.body,
      value: values.body ?? '',
    }),
    ...withError({
      type: 'Input.Text',
      id: 'legalBasis',
      label: '根拠法令',
      maxLength: INQUIRY_LIMITS.legalBasis,
      value: values.legalBasis ?? '',
    }),
    ...withError({
      type: 'Input.Date',
      id: 'desiredAnswerDate',
      label: `希望回答日（${nextBusinessDay(input.today)} 以降。空欄なら標準の期限）`,
      min: nextBusinessDay(input.today),
      value: values.desiredAnswerDate ?? '',
    }),
    ...withError({
      type: 'Input.ChoiceSet',
      id: 'urgency',
      label: '緊急度',
      style: 'expanded',
      choices: URGENCIES.map((u) => ({ title: u, value: u })),
      value: values.urgency || '通常',
    }),
  );
  return adaptiveCard(body, [
    inquiryActions.preview.button(
      '確認して次へ',
      { requestId: input.requestId, ...(input.noticeId ? { noticeId: input.noticeId } : {}) },
      { style: 'positive' },
    ),
  ]);
}
