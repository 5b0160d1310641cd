/** What a valid 照会 is: checked field by field as HQ wrote it (form, tab or API), naming each bad field. */
import { addBusinessDays, isValidIsoDate, nextBusinessDay, type IsoDate } from '../../platform/fiscal-calendar';
import { readAudience } from '../../platform/ward-audience';
import { QUESTION_TYPES, SURVEY_LIMITS, type Survey, type SurveyQuestion } from '../model';

/** A survey as HQ wrote it, checked; its sections still to be resolved from the audience. */
export type SurveyRequest = Pick<
  Survey,
  'title' | 'purpose' | 'dueOn' | 'audience' | 'requiresWardApproval' | 'questions' | 'manualId' | 'draftUrl'
>;

/** Field name (`title`, `questions[2].choices` …) → what is wrong with it. */
export type SurveyErrors = Record<string, string>;

/** Business days from today to the 回答期限 when HQ gives none. */
export const DEFAULT_DUE_BUSINESS_DAYS = 10;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const length = (text: string) => [...text].length;
/** Control characters other than tab and line breaks: no keyboard types them, a forged request can. */
export const CONTROL_CHARACTERS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const KEY = /^[A-Za-z][A-Za-z0-9_-]*$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const absent = (value: unknown) => value === undefined || value === null || value === '';

/** A required one-line or multi-line text; undefined (and the error written) when it is not fit. */
function readText(
  value: unknown,
  label: string,
  max: number,
  field: string,
  errors: SurveyErrors,
  options: { multiline?: boolean } = {},
): string | undefined {
  const text = typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : '';
  if (text === '') errors[field] = `${label}を入力してください。`;
  else if (CONTROL_CHARACTERS.test(text)) errors[field] = `${label}に使えない制御文字が含まれています。`;
  else if (!options.multiline && text.includes('\n')) errors[field] = `${label}は 1 行で入力してください。`;
  else if (length(text) > max)
    errors[field] =
      `${label}は ${max.toLocaleString('ja-JP')} 字以内で入力してください（現在 ${length(text).toLocaleString('ja-JP')} 字）。`;
  else return text;
  return undefined;
}

function readBound(value: unknown, field: string, label: string, errors: SurveyErrors): number | undefined {
  if (absent(value)) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > SURVEY_LIMITS.number) {
    errors[field] = `${label}は数値で指定してください。`;
    return undefined;
  }
  return value;
}

function readQuestion(value: unknown, index: number, errors: SurveyErrors, seenKeys: Set<string>): SurveyQuestion | undefined {
  const at = `questions[${index}]`;
  const before = Object.keys(errors).length;
  if (!isRecord(value)) {
    errors[at] = `質問 ${index + 1} は key, label, type を持つオブジェクトで指定してください。`;
    return undefined;
  }
  const key = typeof value.key === 'string' ? value.key : '';
  if (!KEY.test(key) || key.length > SURVEY_LIMITS.key)
    errors[`${at}.key`] = `質問 ${index + 1} の key は英字で始まる ${SURVEY_LIMITS.key} 字以内の英数字（_ - を含む）で指定してください。`;
  else if (seenKeys.has(key)) errors[`${at}.key`] = `質問の key「${key}」が重複しています。`;
  else seenKeys.add(key);
  const label = readText(value.label, `質問 ${index + 1} の文言（label）`, SURVEY_LIMITS.label, `${at}.label`, errors, { multiline: true });
  const type = QUESTION_TYPES.find((t) => t === value.type);
  if (!type) errors[`${at}.type`] = `質問 ${index + 1} の種類（type）は ${QUESTION_TYPES.join(' / ')} のどれかです。`;
  let required = false;
  if (!absent(value.required)) {
    if (typeof value.required !== 'boolean') errors[`${at}.required`] = `質問 ${index + 1} の required は true か false です。`;
    else required = value.required;
  }
  const question: SurveyQuestion = { key, label: label ?? '', type: type ?? 'text', required };

  if (type !== 'number') {
    for (const name of ['unit', 'min', 'max'] as const)
      if (!absent(value[name])) errors[`${at}.${name}`] = `${name} は数値（number）の質問だけに指定できます。`;
  } else {
    if (!absent(value.unit)) {
      const unit = typeof value.unit === 'string' ? value.unit.trim() : '';
      if (unit === '' || length(unit) > SURVEY_LIMITS.unit || CONTROL_CHARACTERS.test(unit) || /[\d\s]/.test(unit.normalize('NFKC')))
        errors[`${at}.unit`] = `単位（unit）は数字を含まない ${SURVEY_LIMITS.unit} 字以内の文字で指定してください。`;
      else question.unit = unit;
    }
    const min = readBound(value.min, `${at}.min`, `質問 ${index + 1} の最小値（min）`, errors);
    const max = readBound(value.max, `${at}.max`, `質問 ${index + 1} の最大値（max）`, errors);
    if (min !== undefined && max !== undefined && min > max)
      errors[`${at}.max`] = `質問 ${index + 1} の最大値（${max}）が最小値（${min}）より小さくなっています。`;
    if (min !== undefined) question.min = min;
    if (max !== undefined) question.max = max;
  }
  if (type !== 'choice') {
    if (!absent(value.choices) && !(Array.isArray(value.choices) && value.choices.length === 0))
      errors[`${at}.choices`] = 'choices は選択（choice）の質問だけに指定できます。';
  } else if (!Array.isArray(value.choices) || value.choices.length < 2 || value.choices.length > SURVEY_LIMITS.choices) {
    errors[`${at}.choices`] = `質問 ${index + 1} の選択肢（choices）は 2〜${SURVEY_LIMITS.choices} 個の文字列で指定してください。`;
  } else {
    const choices = value.choices.map((c) => (typeof c === 'string' ? c.trim() : ''));
    if (choices.some((c) => c === '' || length(c) > SURVEY_LIMITS.choice || CONTROL_CHARACTERS.test(c) || c.includes('\n')))
      errors[`${at}.choices`] = `質問 ${index + 1} の選択肢は 1〜${SURVEY_LIMITS.choice} 字の 1 行の文字で指定してください。`;
    else if (new Set(choices).size !== choices.length) errors[`${at}.choices`] = `質問 ${index + 1} の選択肢が重複しています。`;
    else question.choices = choices;
  }
  return Object.keys(errors).length === before ? question : undefined;
}

/**
 * Checks a survey as HQ wrote it. 回答期限 defaults to ten business days from today and may not
 * be before the next business day (a section needs at least one working day to answer);
 * 組織としての回答 (requiresWardApproval) is on unless turned off.
 */
export function validateSurveyRequest(input: unknown, today: IsoDate): { request: SurveyRequest } | { errors: SurveyErrors } {
  const data = isRecord(input) ? input : {};
  const errors: SurveyErrors = {};
  const title = readText(data.title, '件名', SURVEY_LIMITS.title, 'title', errors);
  const purpose = readText(data.purpose, '趣旨', SURVEY_LIMITS.purpose, 'purpose', errors, { multiline: true });

  const earliest = nextBusinessDay(today);
  let dueOn = addBusinessDays(today, DEFAULT_DUE_BUSINESS_DAYS);
  if (!absent(data.dueOn)) {
    if (typeof data.dueOn !== 'string' || !isValidIsoDate(data.dueOn))
      errors.dueOn = '回答期限（dueOn）は日付（例：2026-12-14）で入力してください。';
    else if (data.dueOn < earliest) errors.dueOn = `回答期限は翌営業日（${earliest}）以降にしてください。`;
    else dueOn = data.dueOn;
  }

  const audience = readAudience(data.audience);
  if ('error' in audience) errors.audience = audience.error;

  let requiresWardApproval = true;
  if (data.requiresWardApproval !== undefined && data.requiresWardApproval !== null) {
    if (typeof data.requiresWardApproval !== 'boolean')
      errors.requiresWardApproval = '区役所の課の承認の要否（requiresWardApproval）は true か false です。';
    else requiresWardApproval = data.requiresWardApproval;
  }

  const questions: SurveyQuestion[] = [];
  if (!Array.isArray(data.questions) || data.questions.length === 0) errors.questions = '質問（questions）を 1 問以上指定してください。';
  else if (data.questions.length > SURVEY_LIMITS.questions)
    errors.questions = `質問は ${SURVEY_LIMITS.questions} 問までです（${data.questions.length} 問）。`;
  else {
    const keys = new Set<string>();
    data.questions.forEach((item, index) => {
      const question = readQuestion(item, index, errors, keys);
      if (question) questions.push(question);
    });
  }

  let manualId: string | null = null;
  if (!absent(data.manualId)) {
    if (typeof data.manualId !== 'string' || !ID.test(data.manualId)) errors.manualId = 'マニュアル（manualId）は ID で指定してください。';
    else manualId = data.manualId;
  }

  const draftUrl = readDraftUrl(data.draftUrl, manualId, errors);

  if (Object.keys(errors).length > 0 || title === undefined || purpose === undefined || 'error' in audience) return { errors };
  return {
    request: {
      title,
      purpose,
      dueOn,
      audience: audience.audience,
      requiresWardApproval,
      questions,
      manualId,
      ...(draftUrl ? { draftUrl } : {}),
    },
  };
}

/** The draft of a 意見照会 on a manual: an https link (a card and the tab open it), only with the manual's id. */
function readDraftUrl(value: unknown, manualId: string | null, errors: SurveyErrors): string | undefined {
  if (absent(value)) return undefined;
  const text = typeof value === 'string' ? value.trim() : '';
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || text.length > SURVEY_LIMITS.draftUrl || CONTROL_CHARACTERS.test(text) || /\s/.test(text))
    errors.draftUrl = `案のリンク（draftUrl）は https:// で始まる ${SURVEY_LIMITS.draftUrl} 字以内の URL で入力してください。`;
  else if (!manualId) errors.draftUrl = '案のリンクは、意見を聞くマニュアル（manualId）と一緒に指定してください。';
  else return text;
  return undefined;
}
