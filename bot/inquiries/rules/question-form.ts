import type { Department } from '../../directory/model';
import { addBusinessDays, isValidIsoDate, nextBusinessDay, type IsoDate } from '../../platform/fiscal-calendar';
import { typedText } from '../../platform/typed-text';
import { INQUIRY_LIMITS, URGENCIES, type Urgency } from '../model';

/** Input ids of the ask form (質問). */
export const QUESTION_FIELDS = ['targetDepartmentId', 'category', 'subject', 'body', 'legalBasis', 'desiredAnswerDate', 'urgency'] as const;
export type QuestionField = (typeof QUESTION_FIELDS)[number];
export type QuestionValues = Record<QuestionField, string>;

export interface Question {
  targetDepartmentId: string;
  category: string;
  subject: string;
  body: string;
  legalBasis: string;
  desiredAnswerDate: IsoDate;
  dueOn: IsoDate;
  urgency: Urgency;
}

/** Reads the form's inputs; anything that is not a string (a forged payload) counts as empty. */
export function readQuestionValues(data: Record<string, unknown>): QuestionValues {
  return Object.fromEntries(QUESTION_FIELDS.map((field) => [field, typedText(data[field])])) as QuestionValues;
}

/**
 * Checks a question on the server: every HQ department it may go to, lengths, and a 希望回答日
 * no earlier than the next business day (HQ needs at least one working day). Without a date
 * the answer is due `defaultDueBusinessDays` business days from today.
 */
export function validateQuestion(
  values: QuestionValues,
  context: { today: IsoDate; departments: Department[]; defaultDueBusinessDays: number },
): { question: Question } | { errors: Partial<Record<QuestionField, string>> } {
  const errors: Partial<Record<QuestionField, string>> = {};
  const department = context.departments.find((d) => d.id === values.targetDepartmentId && d.kind === 'hq');
  if (!department)
    errors.targetDepartmentId = values.targetDepartmentId
      ? '宛先の所管課が見つかりません。一覧から選んでください。'
      : '宛先の所管課を選んでください。';
  const required = (field: QuestionField, label: string, max: number) => {
    const value = values[field].trim();
    if (value === '') errors[field] = `${label}を入力してください。`;
    else if ([...value].length > max)
      errors[field] = `${label}は ${max.toLocaleString('ja-JP')} 字以内で入力してください（現在 ${[...value].length} 字）。`;
    return value;
  };
  const optional = (field: QuestionField, label: string, max: number) => {
    const value = values[field].trim();
    if ([...value].length > max)
      errors[field] = `${label}は ${max.toLocaleString('ja-JP')} 字以内で入力してください（現在 ${[...value].length} 字）。`;
    return value;
  };
  const subject = required('subject', '件名', INQUIRY_LIMITS.subject);
  const body = required('body', '内容', INQUIRY_LIMITS.body);
  const category = optional('category', '分野', INQUIRY_LIMITS.category);
  const legalBasis = optional('legalBasis', '根拠法令', INQUIRY_LIMITS.legalBasis);
  const earliest = nextBusinessDay(context.today);
  let desiredAnswerDate = values.desiredAnswerDate.trim();
  if (desiredAnswerDate === '') desiredAnswerDate = addBusinessDays(context.today, context.defaultDueBusinessDays);
  else if (!isValidIsoDate(desiredAnswerDate)) errors.desiredAnswerDate = '希望回答日は日付（例：2026-12-01）で入力してください。';
  else if (desiredAnswerDate < earliest) {
    errors.desiredAnswerDate = `希望回答日は翌営業日（${earliest}）以降にしてください。所管課が組織として回答するには少なくとも 1 営業日必要です。`;
  }
  const urgency = (values.urgency || '通常') as Urgency;
  if (!URGENCIES.includes(urgency)) errors.urgency = '緊急度は「通常」か「至急」を選んでください。';
  if (Object.keys(errors).length > 0 || !department) return { errors };
  return {
    question: {
      targetDepartmentId: department.id,
      category,
      subject,
      body,
      legalBasis,
      desiredAnswerDate,
      dueOn: desiredAnswerDate,
      urgency,
    },
  };
}
