import { Button, Field, Input, Radio, RadioGroup, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import { ApiError, surveyApi, type Me, type SurveyQuestion, type SurveySectionRow, type SurveyView } from '../api';
import { translate, type Locale } from '../strings';
import { AnswerStatusBadge } from './parts';

const useStyles = makeStyles({
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    maxWidth: '760px',
  },
  meta: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  block: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
});

/** Values as typed: the server reads 「１，２３４」 and 1,234 as numbers, so the text goes as it is. */
const textOf = (value: string | number | undefined) => (value === undefined ? '' : String(value));

/**
 * A ward section's own answer in the tab: 下書き保存, 承認依頼 (or 回答する without 組織としての
 * 回答), and for the section's approver 承認 / 差戻し. The server checks every value and the
 * caller's section; its message shows under each input and every value typed stays.
 */
export function SectionAnswer(props: {
  survey: SurveyView;
  section: SurveySectionRow;
  me: Me;
  locale: Locale;
  onSaved: (next: SurveyView, message: string) => void;
}) {
  const styles = useStyles();
  const { survey, section, me, locale } = props;
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(survey.questions.map((q) => [q.key, textOf(section.answers[q.key])])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [comment, setComment] = useState('');
  const open = survey.status === 'open';
  const approver = me.roles.includes('approver');

  const run = (step: () => Promise<SurveyView>, done: string) => {
    setBusy(true);
    setFailure(undefined);
    step().then(
      (next) => {
        setBusy(false);
        setErrors({});
        props.onSaved(next, done);
      },
      (e: Error) => {
        setBusy(false);
        const fields = e instanceof ApiError ? e.fields : {};
        setErrors(fields);
        setFailure(Object.keys(fields).length > 0 ? translate(locale, 'answerFailed') : translate(locale, 'error', { message: e.message }));
      },
    );
  };
  const answers = () => Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
  const message = (key: string) => {
    if (!errors[key]) return undefined;
    return locale === 'ja' ? errors[key] : translate(locale, 'answerInvalid');
  };

  return (
    <section className={styles.panel} aria-labelledby="section-answer">
      <Text as="h3" id="section-answer" weight="semibold">
        {translate(locale, 'ownAnswerTitle', { section: section.name })}
      </Text>
      <div className={styles.meta}>
        <AnswerStatusBadge status={section.status} locale={locale} />
        {section.approvedByName && <Text>{translate(locale, 'approvedByName', { name: section.approvedByName })}</Text>}
      </div>
      {section.status === 'returned' && section.returnComment && (
        <Text className={styles.block} role="note">
          {translate(locale, 'returnedBecause', { comment: section.returnComment })}
        </Text>
      )}
      {survey.questions.map((q) => (
        <QuestionInput
          key={q.key}
          question={q}
          value={values[q.key] ?? ''}
          onChange={(value) => setValues((v) => ({ ...v, [q.key]: value }))}
          message={message(q.key)}
          disabled={!open}
          locale={locale}
        />
      ))}
      {failure && <Text role="alert">{failure}</Text>}
      {open && (
        <div className={styles.actions}>
          <Button
            disabled={busy}
            onClick={() => run(() => surveyApi.answer(survey.id, section.departmentId, answers(), false), translate(locale, 'draftSaved'))}
          >
            {translate(locale, 'saveDraft')}
          </Button>
          <Button
            appearance="primary"
            disabled={busy}
            onClick={() =>
              run(
                () => surveyApi.answer(survey.id, section.departmentId, answers(), true),
                translate(locale, survey.requiresWardApproval ? 'approvalRequested' : 'answerSent'),
              )
            }
          >
            {translate(locale, survey.requiresWardApproval ? 'requestApproval' : 'sendAnswer')}
          </Button>
        </div>
      )}
      {open && approver && section.status === 'awaitingApproval' && (
        <div className={styles.actions}>
          <Button
            appearance="primary"
            disabled={busy}
            onClick={() => run(() => surveyApi.approve(survey.id, section.departmentId), translate(locale, 'answerApproved'))}
          >
            {translate(locale, 'approveAnswer')}
          </Button>
          <Field
            label={translate(locale, 'noticeReturnComment')}
            validationState={errors.comment ? 'error' : 'none'}
            validationMessage={errors.comment ? (locale === 'ja' ? errors.comment : translate(locale, 'answerInvalid')) : undefined}
          >
            <Textarea value={comment} onChange={(_, d) => setComment(d.value)} resize="vertical" />
          </Field>
          <Button
            disabled={busy}
            onClick={() => run(() => surveyApi.return(survey.id, section.departmentId, comment), translate(locale, 'answerReturned'))}
          >
            {translate(locale, 'returnButton')}
          </Button>
        </div>
      )}
    </section>
  );
}

function QuestionInput(props: {
  question: SurveyQuestion;
  value: string;
  onChange: (value: string) => void;
  message?: string;
  disabled: boolean;
  locale: Locale;
}) {
  const { question: q, value, onChange, message, disabled, locale } = props;
  const hint =
    q.type === 'number'
      ? [
          q.unit ? translate(locale, 'unitHint', { unit: q.unit }) : '',
          q.min !== undefined || q.max !== undefined
            ? translate(locale, 'rangeHint', {
                min: q.min === undefined ? '' : String(q.min),
                max: q.max === undefined ? '' : String(q.max),
              })
            : '',
        ]
          .filter(Boolean)
          .join(' ')
      : undefined;
  let input: ReactNode;
  if (q.type === 'choice')
    input = (
      <RadioGroup value={value} onChange={(_, d) => onChange(d.value)} disabled={disabled}>
        {(q.choices ?? []).map((c) => (
          <Radio key={c} value={c} label={c} />
        ))}
      </RadioGroup>
    );
  else if (q.type === 'text')
    input = <Textarea value={value} onChange={(_, d) => onChange(d.value)} disabled={disabled} resize="vertical" />;
  else if (q.type === 'date') input = <Input type="date" value={value} onChange={(_, d) => onChange(d.value)} disabled={disabled} />;
  else input = <Input value={value} inputMode="decimal" onChange={(_, d) => onChange(d.value)} disabled={disabled} />;
  return (
    <Field
      label={q.label}
      required={q.required}
      hint={hint || undefined}
      validationState={message ? 'error' : 'none'}
      validationMessage={message}
    >
      {input}
    </Field>
  );
}
