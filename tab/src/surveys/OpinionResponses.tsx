import { Badge, Button, Field, Link, Radio, RadioGroup, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { ApiError, surveyApi, type Me, type SurveyView } from '../api';
import { hrefOf } from '../route';
import { translate, type Locale } from '../strings';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    maxWidth: '820px',
  },
  text: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  meta: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
});

type Decision = 'adopt' | 'reject';

/** The policy's rule (survey.respond), mirrored so the forms appear only for whom the server will accept them. */
export const canRespond = (me: Me, survey: SurveyView) =>
  me.roles.includes('admin') ||
  (me.department.id === survey.senderDepartmentId && (me.roles.includes('responder') || me.roles.includes('approver')));

/** Each opinion HQ received: a section's sent answer to a text question. */
export function opinionsOf(survey: SurveyView) {
  const texts = survey.questions.filter((q) => q.type === 'text');
  return survey.sections.flatMap((section) =>
    texts.flatMap((question) => {
      const value = section.answers[question.key];
      return typeof value === 'string' && value.trim() !== '' ? [{ section, question, text: value }] : [];
    }),
  );
}

/**
 * 意見照会 on HQ's side: each opinion with 反映する / 反映しない and the reason, then
 * 意見照会結果を送る (a notice to every section asked, once every opinion has a response).
 */
export function OpinionResponses({
  survey,
  me,
  locale,
  onChange,
}: {
  survey: SurveyView;
  me: Me;
  locale: Locale;
  onChange: (next: SurveyView, message: string) => void;
}) {
  const styles = useStyles();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const opinions = opinionsOf(survey);
  if (opinions.length === 0) return null;
  const editable = canRespond(me, survey) && !survey.resultsNoticeId;
  const responseOf = (departmentId: string, questionKey: string) =>
    survey.responses?.find((r) => r.departmentId === departmentId && r.questionKey === questionKey);
  const waiting = opinions.filter((o) => !responseOf(o.section.departmentId, o.question.key)).length;
  const send = () => {
    setBusy(true);
    setError(undefined);
    surveyApi.sendResults(survey.id).then(
      (result) => {
        setBusy(false);
        onChange(result.survey, translate(locale, 'resultsSent', { id: result.noticeId }));
      },
      (e: Error) => (setBusy(false), setError(e.message)),
    );
  };
  return (
    <section className={styles.section} aria-labelledby="opinion-responses" data-testid="opinion-responses">
      <Text as="h3" id="opinion-responses" weight="semibold">
        {translate(locale, 'opinionResponsesTitle')}
      </Text>
      {opinions.map(({ section, question, text }) => {
        const response = responseOf(section.departmentId, question.key);
        return (
          <div
            key={`${section.departmentId}/${question.key}`}
            className={styles.item}
            data-opinion={`${section.departmentId}/${question.key}`}
          >
            <div className={styles.meta}>
              <Text weight="semibold">{section.name}</Text>
              <Text>{question.label}</Text>
              {response && (
                <Badge appearance="tint" color={response.decision === 'adopt' ? 'success' : 'warning'}>
                  {translate(locale, response.decision === 'adopt' ? 'decisionAdopt' : 'decisionReject')}
                </Badge>
              )}
            </div>
            <Text className={styles.text}>{text}</Text>
            {response?.reason && !editable && (
              <Text className={styles.text}>{translate(locale, 'responseReason', { reason: response.reason })}</Text>
            )}
            {editable && (
              <ResponseForm
                key={response ? `${response.decision}/${response.reason}` : 'new'}
                survey={survey}
                departmentId={section.departmentId}
                questionKey={question.key}
                initial={response ? { decision: response.decision, reason: response.reason } : undefined}
                locale={locale}
                onSaved={(next) => onChange(next, translate(locale, 'responseSaved', { section: section.name }))}
              />
            )}
          </div>
        );
      })}
      {survey.resultsNoticeId ? (
        <Text>
          {translate(locale, 'resultsSentAs')}{' '}
          <Link href={hrefOf({ view: 'notices', id: survey.resultsNoticeId })}>{survey.resultsNoticeId}</Link>
        </Text>
      ) : (
        canRespond(me, survey) && (
          <div className={styles.actions}>
            <Button appearance="primary" disabled={busy || waiting > 0} onClick={send}>
              {translate(locale, 'sendResults')}
            </Button>
            {waiting > 0 && <Text>{translate(locale, 'responsesWaiting', { count: String(waiting) })}</Text>}
          </div>
        )
      )}
      {error && <Text role="alert">{translate(locale, 'error', { message: error })}</Text>}
    </section>
  );
}

function ResponseForm(props: {
  survey: SurveyView;
  departmentId: string;
  questionKey: string;
  initial?: { decision: Decision; reason: string };
  locale: Locale;
  onSaved: (next: SurveyView) => void;
}) {
  const styles = useStyles();
  const { locale } = props;
  const [decision, setDecision] = useState<Decision | ''>(props.initial?.decision ?? '');
  const [reason, setReason] = useState(props.initial?.reason ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const message = (field: string) => (errors[field] ? (locale === 'ja' ? errors[field] : translate(locale, 'answerInvalid')) : undefined);
  const save = () => {
    setBusy(true);
    surveyApi.respond(props.survey.id, props.departmentId, { questionKey: props.questionKey, decision, reason }).then(
      (next) => {
        setBusy(false);
        setErrors({});
        props.onSaved(next);
      },
      (e: Error) => {
        setBusy(false);
        setErrors(e instanceof ApiError && Object.keys(e.fields).length > 0 ? e.fields : { reason: e.message });
      },
    );
  };
  return (
    <>
      <Field
        label={translate(locale, 'responseDecision')}
        validationState={errors.decision ? 'error' : 'none'}
        validationMessage={message('decision')}
      >
        <RadioGroup layout="horizontal" value={decision} onChange={(_, d) => setDecision(d.value as Decision)}>
          <Radio value="adopt" label={translate(locale, 'decisionAdopt')} />
          <Radio value="reject" label={translate(locale, 'decisionReject')} />
        </RadioGroup>
      </Field>
      <Field
        label={translate(locale, 'responseReasonLabel')}
        hint={translate(locale, 'responseReasonHint')}
        validationState={errors.reason || errors.questionKey ? 'error' : 'none'}
        validationMessage={message('reason') ?? message('questionKey')}
      >
        <Textarea value={reason} onChange={(_, d) => setReason(d.value)} resize="vertical" />
      </Field>
      <div className={styles.actions}>
        <Button disabled={busy} onClick={save}>
          {translate(locale, 'saveResponse')}
        </Button>
      </div>
    </>
  );
}
