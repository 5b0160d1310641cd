/** A ward section's answers, checked per question: every bad value gets its own message, keyed as the question. */
import { isValidIsoDate } from '../../platform/fiscal-calendar';
import { parseTypedNumber } from '../../platform/typed-number';
import { SURVEY_LIMITS, type AnswerValues, type SurveyQuestion } from '../model';
import { CONTROL_CHARACTERS } from './definition';

/** Question key (or `answers` for the whole object) → what is wrong. */
export type AnswerErrors = Record<string, string>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const length = (text: string) => [...text].length;
const empty = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
const figure = (value: number) => value.toLocaleString('ja-JP', { maximumFractionDigits: 6 });

type Read = { value: string | number } | { error: string };

function readText(raw: unknown): Read {
  if (typeof raw !== 'string') return { error: '文字で入力してください。' };
  const text = raw.replace(/\r\n?/g, '\n').trim();
  if (CONTROL_CHARACTERS.test(text)) return { error: '使えない制御文字が含まれています。' };
  if (length(text) > SURVEY_LIMITS.text)
    return {
      error: `${SURVEY_LIMITS.text.toLocaleString('ja-JP')} 字以内で入力してください（現在 ${length(text).toLocaleString('ja-JP')} 字）。`,
    };
  return { value: text };
}

/** Numbers as staff type them (１，２３４件) or as JSON numbers, within the question's range. */
function readNumber(raw: unknown, question: SurveyQuestion): Read {
  let value: number | null | 'invalid';
  if (typeof raw === 'number') value = Number.isFinite(raw) ? raw : 'invalid';
  else if (typeof raw === 'string')
    value = CONTROL_CHARACTERS.test(raw) || raw.length > 100 ? 'invalid' : parseTypedNumber(raw, { unit: question.unit });
  else value = 'invalid';
  if (value === null || value === 'invalid' || Math.abs(value) > SURVEY_LIMITS.number)
    return { error: `数値で入力してください（例：1,234${question.unit ?? ''}）。` };
  const { min, max } = question;
  if (min !== undefined && max !== undefined && (value < min || value > max))
    return { error: `${figure(min)}〜${figure(max)} の範囲で入力してください（入力：${figure(value)}）。` };
  if (min !== undefined && value < min) return { error: `${figure(min)} 以上で入力してください（入力：${figure(value)}）。` };
  if (max !== undefined && value > max) return { error: `${figure(max)} 以下で入力してください（入力：${figure(value)}）。` };
  return { value };
}

function readChoice(raw: unknown, question: SurveyQuestion): Read {
  const text = typeof raw === 'string' ? raw.trim() : undefined;
  if (text !== undefined && (question.choices ?? []).includes(text)) return { value: text };
  return { error: `選択肢（${(question.choices ?? []).join('・')}）から選んでください。` };
}

/** YYYY-MM-DD that is a real day; full-width digits and 2026/12/01 are read as the same. */
function readDate(raw: unknown): Read {
  if (typeof raw !== 'string' || raw.length > 30) return { error: '日付（例：2026-12-14）で入力してください。' };
  const text = raw.normalize('NFKC').trim().replace(/\//g, '-');
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const date = match ? `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}` : '';
  return match && isValidIsoDate(date) ? { value: date } : { error: '実在する日付（例：2026-12-14）で入力してください。' };
}

function readValue(raw: unknown, question: SurveyQuestion): Read {
  switch (question.type) {
    case 'text':
      return readText(raw);
    case 'number':
      return readNumber(raw, question);
    case 'choice':
      return readChoice(raw, question);
    case 'date':
      return readDate(raw);
  }
}

/**
 * Reads `answers` against the questions. Empty values are left out; a required question must
 * have one only when the answer is submitted (a draft may be partial). Keys the survey does not
 * ask are refused, each named. Nothing is kept unless every value is fit.
 */
export function validateAnswers(
  questions: SurveyQuestion[],
  input: unknown,
  options: { submit: boolean },
): { answers: AnswerValues } | { errors: AnswerErrors } {
  if (!isRecord(input)) return { errors: { answers: '回答（answers）は質問の key ごとの値を持つオブジェクトで指定してください。' } };
  const errors: AnswerErrors = {};
  const byKey = new Map(questions.map((q) => [q.key, q]));
  for (const key of Object.keys(input)) {
    // defineProperty: a key such as "__proto__" is named like any other, not taken for the object's prototype.
    if (!byKey.has(key))
      Object.defineProperty(errors, key.length > 60 ? `${key.slice(0, 60)}…` : key, {
        value: 'この照会にない質問です。',
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  const answers: AnswerValues = {};
  for (const question of questions) {
    const raw = Object.hasOwn(input, question.key) ? input[question.key] : undefined;
    if (empty(raw)) {
      if (options.submit && question.required) errors[question.key] = '必須の質問です。回答を入力してください。';
      continue;
    }
    const read = readValue(raw, question);
    if ('error' in read) errors[question.key] = read.error;
    else if (read.value !== '') answers[question.key] = read.value;
    else if (options.submit && question.required) errors[question.key] = '必須の質問です。回答を入力してください。';
  }
  return Object.keys(errors).length > 0 ? { errors } : { answers };
}
