import { Button, Checkbox, Input, Select, Switch, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { surveyApi, type Me, type QuestionType, type SurveyDraft, type SurveyQuestion } from '../api';
import { AudienceFields, audienceOf, EMPTY_AUDIENCE, useWardSections, type AudienceValues } from '../AudienceFields';
import { hrefOf } from '../route';
import { QUESTION_TYPE_KEYS, SURVEY_FIELD_KEYS, translate, type Locale } from '../strings';
import { canWriteToWards } from '../hq-writers';
import { FormFoot, useServerForm, type FieldRenderer } from '../ServerForm';

/** The server's limit (SURVEY_LIMITS.questions): the form offers no more. */
const MAX_QUESTIONS = 20;
const QUESTION_TYPES = Object.keys(QUESTION_TYPE_KEYS) as QuestionType[];

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '820px' },
  question: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    margin: 0,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'flex-end' },
  narrow: { width: '140px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  error: { color: tokens.colorPaletteRedForeground1 },
});

interface QuestionValues {
  key: string;
  label: string;
  type: QuestionType;
  required: boolean;
  unit: string;
  min: string;
  max: string;
  /** One choice a line. */
  choices: string;
}

interface Values extends AudienceValues {
  title: string;
  purpose: string;
  dueOn: string;
  requiresWardApproval: boolean;
  manualId: string;
  draftUrl: string;
  questions: QuestionValues[];
}

const newQuestion = (key: string): QuestionValues => ({
  key,
  label: '',
  type: 'number',
  required: true,
  unit: '',
  min: '',
  max: '',
  choices: '',
});

/** q1, q2 … the first key not in use, so removing and adding never makes two the same. */
const freeKey = (questions: QuestionValues[]) => {
  for (let n = 1; ; n += 1) if (!questions.some((q) => q.key === `q${n}`)) return `q${n}`;
};

/** A figure as typed: a number when it reads as one, otherwise the text itself, so the server names the field. */
const figure = (text: string): number | string | undefined => {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
};

function questionOf(q: QuestionValues): SurveyQuestion {
  const base = { key: q.key.trim(), label: q.label, type: q.type, required: q.required };
  if (q.type === 'number') {
    const [min, max] = [figure(q.min), figure(q.max)];
    return {
      ...base,
      ...(q.unit.trim() ? { unit: q.unit.trim() } : {}),
      ...(min !== undefined ? { min: min as number } : {}),
      ...(max !== undefined ? { max: max as number } : {}),
    };
  }
  if (q.type === 'choice')
    return {
      ...base,
      choices: q.choices
        .split(/\r?\n/)
        .map((c) => c.trim())
        .filter(Boolean),
    };
  return base;
}

function draftOf(values: Values, requestId: string): SurveyDraft {
  return {
    title: values.title,
    purpose: values.purpose,
    dueOn: values.dueOn,
    audience: audienceOf(values),
    requiresWardApproval: values.requiresWardApproval,
    questions: values.questions.map(questionOf),
    ...(values.manualId.trim() ? { manualId: values.manualId.trim() } : {}),
    ...(values.draftUrl.trim() ? { draftUrl: values.draftUrl.trim() } : {}),
    requestId,
  };
}

/** A field the server refused, named in the tab's own English words (a question's by its number). */
const englishMessage = (locale: Locale) => (name: string) => {
  const question = /^questions\[(\d+)\]\.?(\w*)$/.exec(name);
  const key = SURVEY_FIELD_KEYS[question ? question[2] || 'questions' : name];
  const field = key ? translate(locale, key).toLowerCase() : name;
  return question
    ? translate(locale, 'questionFieldInvalid', { n: String(Number(question[1]) + 1), field })
    : translate(locale, 'fieldInvalid', { field });
};

/**
 * 照会の作成: the form builder for POST /api/surveys. 件名, 趣旨, 回答期限, 宛先, 組織としての回答
 * (on unless turned off), up to 20 questions, and for a 意見照会 the manual and its draft's link.
 * The server checks every field and names the bad ones; each message shows under its input.
 */
export function SurveyCompose({ me, locale }: { me: Me; locale: Locale }) {
  const styles = useStyles();
  const [values, setValues] = useState<Values>(() => ({
    title: '',
    purpose: '',
    dueOn: '',
    requiresWardApproval: true,
    manualId: '',
    draftUrl: '',
    ...EMPTY_AUDIENCE,
    questions: [newQuestion('q1')],
  }));
  const { errors, failure, setFailure, message, field, busy, submit } = useServerForm(locale, englishMessage(locale));
  const departments = useWardSections(setFailure);
  // One id per form: pressing 送信 twice (or retrying after a lost answer) makes one survey.
  const requestId = useMemo(() => crypto.randomUUID(), []);

  if (!canWriteToWards(me)) return <Text role="alert">{translate(locale, 'surveyCreateForbidden')}</Text>;

  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const setQuestion = (index: number, change: Partial<QuestionValues>) =>
    setValues((v) => ({ ...v, questions: v.questions.map((q, i) => (i === index ? { ...q, ...change } : q)) }));

  const send = submit(
    () => surveyApi.create(draftOf(values, requestId)),
    (survey) => hrefOf({ view: 'surveys', id: survey.id }),
  );

  return (
    <form className={styles.form} aria-labelledby="survey-compose-title" onSubmit={send} noValidate>
      <Text as="h2" id="survey-compose-title" size={600} weight="semibold">
        {translate(locale, 'surveyComposeTitle')}
      </Text>
      <Text as="p">{translate(locale, 'surveyComposeIntro')}</Text>
      {field('title', translate(locale, 'noticeTitle'), <Input value={values.title} onChange={(_, d) => set('title', d.value)} />)}
      {field(
        'purpose',
        translate(locale, 'surveyPurpose'),
        <Textarea value={values.purpose} onChange={(_, d) => set('purpose', d.value)} rows={5} resize="vertical" />,
        translate(locale, 'noticeBodyHint'),
      )}
      {field(
        'dueOn',
        translate(locale, 'surveyDueOn'),
        <Input type="date" value={values.dueOn} onChange={(_, d) => set('dueOn', d.value)} />,
        translate(locale, 'surveyDueOnHint'),
      )}
      <AudienceFields
        locale={locale}
        values={values}
        onChange={(audience) => setValues((v) => ({ ...v, ...audience }))}
        departments={departments}
        messages={{ audience: message('audience'), category: message('category') }}
      />
      {field(
        'requiresWardApproval',
        translate(locale, 'requiresWardApproval'),
        <Switch
          checked={values.requiresWardApproval}
          onChange={(_, d) => set('requiresWardApproval', d.checked)}
          label={translate(locale, values.requiresWardApproval ? 'wardApprovalOn' : 'wardApprovalOff')}
        />,
      )}
      <Text as="h3" weight="semibold">
        {translate(locale, 'surveyQuestions')}
      </Text>
      <Text as="p">{translate(locale, 'surveyQuestionsHint', { max: String(MAX_QUESTIONS) })}</Text>
      {errors.questions && (
        <Text role="alert" className={styles.error}>
          {message('questions')}
        </Text>
      )}
      {values.questions.map((q, index) => (
        <QuestionEditor
          key={index}
          index={index}
          question={q}
          locale={locale}
          field={field}
          message={message(`questions[${index}]`)}
          onChange={(change) => setQuestion(index, change)}
          onRemove={
            values.questions.length > 1
              ? () =>
                  set(
                    'questions',
                    values.questions.filter((_, i) => i !== index),
                  )
              : undefined
          }
        />
      ))}
      <div className={styles.actions}>
        <Button
          disabled={values.questions.length >= MAX_QUESTIONS}
          onClick={() => set('questions', [...values.questions, newQuestion(freeKey(values.questions))])}
        >
          {translate(locale, 'addQuestion')}
        </Button>
        <Text>{translate(locale, 'questionCount', { count: String(values.questions.length), max: String(MAX_QUESTIONS) })}</Text>
      </div>
      {field(
        'manualId',
        translate(locale, 'surveyManualId'),
        <Input value={values.manualId} onChange={(_, d) => set('manualId', d.value)} />,
        translate(locale, 'surveyManualHint'),
      )}
      {field(
        'draftUrl',
        translate(locale, 'surveyDraftUrl'),
        <Input type="url" value={values.draftUrl} onChange={(_, d) => set('draftUrl', d.value)} placeholder="https://" />,
      )}
      <FormFoot failure={failure} busy={busy} cancelHref={hrefOf({ view: 'surveys' })} locale={locale} />
    </form>
  );
}

function QuestionEditor(props: {
  index: number;
  question: QuestionValues;
  locale: Locale;
  field: FieldRenderer;
  /** The server's message about the question as a whole. */
  message?: string;
  onChange: (change: Partial<QuestionValues>) => void;
  onRemove?: () => void;
}) {
  const styles = useStyles();
  const { index, question: q, locale, field, onChange } = props;
  const at = `questions[${index}]`;
  const n = String(index + 1);
  return (
    <fieldset className={styles.question} data-testid={`question-${index + 1}`}>
      <legend className={styles.legend}>{translate(locale, 'questionN', { n })}</legend>
      {field(
        `${at}.label`,
        translate(locale, 'questionLabel'),
        <Input value={q.label} onChange={(_, d) => onChange({ label: d.value })} />,
      )}
      <div className={styles.row}>
        {field(
          `${at}.type`,
          translate(locale, 'questionType'),
          <Select value={q.type} onChange={(_, d) => onChange({ type: d.value as QuestionType })}>
            {QUESTION_TYPES.map((type) => (
              <option key={type} value={type}>
                {translate(locale, QUESTION_TYPE_KEYS[type])}
              </option>
            ))}
          </Select>,
        )}
        {field(
          `${at}.key`,
          translate(locale, 'questionKey'),
          <Input className={styles.narrow} value={q.key} onChange={(_, d) => onChange({ key: d.value })} />,
          translate(locale, 'questionKeyHint'),
        )}
        <Checkbox
          checked={q.required}
          onChange={(_, d) => onChange({ required: d.checked === true })}
          label={translate(locale, 'questionRequired')}
        />
      </div>
      {q.type === 'number' && (
        <div className={styles.row}>
          {field(
            `${at}.unit`,
            translate(locale, 'questionUnit'),
            <Input className={styles.narrow} value={q.unit} onChange={(_, d) => onChange({ unit: d.value })} />,
          )}
          {field(
            `${at}.min`,
            translate(locale, 'questionMin'),
            <Input className={styles.narrow} inputMode="decimal" value={q.min} onChange={(_, d) => onChange({ min: d.value })} />,
          )}
          {field(
            `${at}.max`,
            translate(locale, 'questionMax'),
            <Input className={styles.narrow} inputMode="decimal" value={q.max} onChange={(_, d) => onChange({ max: d.value })} />,
          )}
        </div>
      )}
      {q.type === 'choice' &&
        field(
          `${at}.choices`,
          translate(locale, 'questionChoices'),
          <Textarea value={q.choices} onChange={(_, d) => onChange({ choices: d.value })} rows={4} resize="vertical" />,
          translate(locale, 'questionChoicesHint'),
        )}
      {props.message && (
        <Text role="alert" className={styles.error}>
          {props.message}
        </Text>
      )}
      {props.onRemove && (
        <div className={styles.actions}>
          <Button size="small" onClick={props.onRemove}>
            {translate(locale, 'removeQuestionN', { n })}
          </Button>
        </div>
      )}
    </fieldset>
  );
}
