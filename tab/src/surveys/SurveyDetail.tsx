import { Badge, Button, Link, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import { surveyApi, type Me, type SurveyExportChoice, type SurveyQuestion, type SurveyView } from '../api';
import { tabDate, tabTimestamp } from '../../../shared/tab-dates';
import { useApiRecord } from '../useApiData';
import { DetailHeader, FactList, SectionHeading } from '../DetailParts';
import { ProgressBadges } from '../ProgressBadges';
import { hrefOf } from '../route';
import { translate, type Locale, type StringKey } from '../strings';
import { AnswerStatusBadge, formatNumber, isOpinionSurvey, surveyOverdue } from './parts';
import { OpinionResponses } from './OpinionResponses';
import { SectionAnswer } from './SectionAnswer';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  block: { whiteSpace: 'pre-wrap', lineHeight: tokens.lineHeightBase400, overflowWrap: 'anywhere', maxWidth: '900px' },
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  table: {
    borderCollapse: 'collapse',
    minWidth: '100%',
    '& th, & td': {
      padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
      textAlign: 'start',
      verticalAlign: 'top',
    },
    '& thead th': { fontWeight: tokens.fontWeightSemibold, borderBottom: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}` },
    '& tbody th': { fontWeight: tokens.fontWeightRegular, whiteSpace: 'nowrap' },
    '& tfoot th, & tfoot td': {
      borderTop: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
      fontWeight: tokens.fontWeightSemibold,
    },
  },
  nowrap: { whiteSpace: 'nowrap' },
  number: { textAlign: 'end', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  cellText: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxWidth: '28em', display: 'block' },
  caption: { captionSide: 'top', textAlign: 'start', fontWeight: tokens.fontWeightSemibold, paddingBottom: tokens.spacingVerticalXS },
  totals: { margin: 0, padding: 0, listStyle: 'none', whiteSpace: 'nowrap' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
});

/**
 * One 照会. HQ's side (the asking department, the PMO, administrators): one row per ward
 * section, a column per question, the status and who answered and approved, totals, and the
 * downloads. A ward person: the questions and their own section's answer form.
 */
export function SurveyDetail({ id, me, locale }: { id: string; me: Me; locale: Locale }) {
  const styles = useStyles();
  const [state, replace] = useApiRecord(id, surveyApi.detail);
  const [announcement, setAnnouncement] = useState('');

  if (state.kind === 'loading') return <Text>{translate(locale, 'loading')}</Text>;
  if (state.kind === 'error') return <Text role="alert">{translate(locale, 'error', { message: state.message })}</Text>;
  const survey = state.data;
  // The server gives totals to HQ's side only.
  const hqSide = survey.totals !== undefined;
  const own = hqSide ? undefined : survey.sections.find((s) => s.departmentId === me.department.id);
  return (
    <article className={styles.page} aria-labelledby="survey-title">
      <DetailHeader
        back={{ href: hrefOf({ view: 'surveys' }), label: translate(locale, 'backToSurveys') }}
        titleId="survey-title"
        title={survey.title}
      >
        <Badge appearance="outline">{survey.id}</Badge>
        {isOpinionSurvey(survey) && (
          <Badge appearance="tint" color="brand">
            {translate(locale, 'opinionSurvey')}
          </Badge>
        )}
        {survey.status === 'cancelled' && <Badge color="subtle">{translate(locale, 'surveyCancelled')}</Badge>}
        {hqSide && survey.answered !== undefined && survey.total !== undefined && (
          <ProgressBadges
            done={survey.answered}
            total={survey.total}
            overdue={surveyOverdue(survey)}
            ofKey="surveyAnsweredOf"
            locale={locale}
          />
        )}
      </DetailHeader>
      <Text role="status" aria-live="polite">
        {announcement}
      </Text>
      <Facts survey={survey} locale={locale} />
      <SectionHeading>{translate(locale, 'surveyPurpose')}</SectionHeading>
      <Text className={styles.block} data-testid="survey-purpose">
        {survey.purpose}
      </Text>
      {hqSide && <Exports survey={survey} locale={locale} />}
      {hqSide && <AnswerTable survey={survey} locale={locale} />}
      {hqSide && (
        <OpinionResponses
          survey={survey}
          me={me}
          locale={locale}
          onChange={(next, message) => {
            replace(next);
            setAnnouncement(message);
          }}
        />
      )}
      {own && (
        <SectionAnswer
          survey={survey}
          section={own}
          me={me}
          locale={locale}
          onSaved={(next, message) => {
            replace(next);
            setAnnouncement(message);
          }}
        />
      )}
    </article>
  );
}

function Facts({ survey, locale }: { survey: SurveyView; locale: Locale }) {
  const rows: [string, ReactNode][] = [
    [translate(locale, 'surveySender'), survey.senderDepartmentName],
    [translate(locale, 'surveyDueOn'), tabDate(survey.dueOn, locale)],
    [translate(locale, 'requiresWardApproval'), translate(locale, survey.requiresWardApproval ? 'wardApprovalOn' : 'wardApprovalOff')],
    [translate(locale, 'sentAt'), tabTimestamp(survey.createdAt, locale)],
  ];
  if (survey.manualId)
    rows.push([
      translate(locale, 'surveyManualId'),
      <Link key="m" href={hrefOf({ view: 'manuals' })}>
        {survey.manualId}
      </Link>,
    ]);
  if (survey.draftUrl)
    rows.push([
      translate(locale, 'surveyDraftUrl'),
      <Link key="d" href={survey.draftUrl} target="_blank" rel="noopener noreferrer">
        {survey.draftUrl}
      </Link>,
    ]);
  return <FactList rows={rows} />;
}

const EXPORTS: [StringKey, SurveyExportChoice][] = [
  ['exportXlsx', { format: 'xlsx' }],
  ['exportCsvUtf8', { format: 'csv', encoding: 'utf-8' }],
  ['exportCsvShiftJis', { format: 'csv', encoding: 'shift_jis' }],
];

/** The downloads: fetched with the caller's sign-in, then saved through a link to the Blob. */
function Exports({ survey, locale }: { survey: SurveyView; locale: Locale }) {
  const styles = useStyles();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const download = (choice: SurveyExportChoice) => {
    setBusy(true);
    setError(undefined);
    surveyApi.export(survey.id, choice).then(
      ({ blob, fileName }) => {
        setBusy(false);
        const url = URL.createObjectURL(blob);
        const link = document.createElement('a');
        link.href = url;
        link.download = fileName;
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      },
      (e: Error) => (setBusy(false), setError(e.message)),
    );
  };
  return (
    <section aria-labelledby="survey-exports">
      <SectionHeading id="survey-exports">{translate(locale, 'exportTitle')}</SectionHeading>
      <div className={styles.actions}>
        {EXPORTS.map(([key, choice]) => (
          <Button key={key} disabled={busy} onClick={() => download(choice)}>
            {translate(locale, key)}
          </Button>
        ))}
      </div>
      {error && <Text role="alert">{translate(locale, 'error', { message: error })}</Text>}
    </section>
  );
}

/** A cell: numbers right-aligned with the unit, text as typed (never HTML). */
function AnswerCell({ question, value, locale }: { question: SurveyQuestion; value: string | number | undefined; locale: Locale }) {
  const styles = useStyles();
  if (value === undefined || value === '') return <td>—</td>;
  if (question.type === 'number' && typeof value === 'number')
    return (
      <td className={styles.number}>
        {formatNumber(value, locale)}
        {question.unit ? ` ${question.unit}` : ''}
      </td>
    );
  return (
    <td>
      <span className={styles.cellText}>{String(value)}</span>
    </td>
  );
}

/** HQ's one table: a row per ward section, a column per question, status and who answered and approved, totals below. */
function AnswerTable({ survey, locale }: { survey: SurveyView; locale: Locale }) {
  const styles = useStyles();
  return (
    <section aria-labelledby="survey-table">
      <SectionHeading id="survey-table">{translate(locale, 'surveyTableTitle')}</SectionHeading>
      <div className={styles.scroll} role="region" aria-labelledby="survey-table" tabIndex={0}>
        <table className={styles.table} data-testid="survey-table">
          <caption className={styles.caption}>
            {translate(locale, 'surveyTableCaption', {
              done: String(survey.answered ?? 0),
              total: String(survey.total ?? survey.sections.length),
            })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{translate(locale, 'matrixSection')}</th>
              <th scope="col">{translate(locale, 'matrixStatus')}</th>
              <th scope="col">{translate(locale, 'answeredByColumn')}</th>
              <th scope="col">{translate(locale, 'approvedByColumn')}</th>
              <th scope="col">{translate(locale, 'answeredAtColumn')}</th>
              {survey.questions.map((q) => (
                <th scope="col" key={q.key} data-question={q.key}>
                  {q.unit ? translate(locale, 'labelWithUnit', { label: q.label, unit: q.unit }) : q.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {survey.sections.map((section) => (
              <tr key={section.departmentId} data-section={section.departmentId}>
                <th scope="row">{section.name}</th>
                <td className={styles.nowrap}>
                  <AnswerStatusBadge status={section.status} locale={locale} />
                </td>
                <td className={styles.nowrap}>{section.answeredByName ?? '—'}</td>
                <td className={styles.nowrap}>{section.approvedByName ?? '—'}</td>
                <td className={styles.nowrap}>{section.answeredAt ? tabTimestamp(section.answeredAt, locale) : '—'}</td>
                {survey.questions.map((q) => (
                  <AnswerCell key={q.key} question={q} value={section.answers[q.key]} locale={locale} />
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot data-testid="survey-totals">
            <tr>
              <th scope="row" colSpan={5}>
                {translate(locale, 'totalsRow')}
              </th>
              {survey.questions.map((q) => (
                <td key={q.key} data-question={q.key}>
                  <Totals question={q} survey={survey} locale={locale} />
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

/** 合計・平均・最小・最大 of a number question, the count of each choice; nothing for text and dates. */
function Totals({ question, survey, locale }: { question: SurveyQuestion; survey: SurveyView; locale: Locale }) {
  const styles = useStyles();
  const totals = survey.totals?.[question.key];
  if (!totals) return <>—</>;
  if ('counts' in totals)
    return (
      <ul className={styles.totals}>
        {Object.entries(totals.counts).map(([choice, count]) => (
          <li key={choice}>{translate(locale, 'choiceCount', { choice, count: String(count) })}</li>
        ))}
      </ul>
    );
  const figures: [StringKey, number | null][] = [
    ['totalSum', totals.sum],
    ['totalMean', totals.mean],
    ['totalMin', totals.min],
    ['totalMax', totals.max],
  ];
  return (
    <ul className={styles.totals}>
      {figures.map(([key, value]) => (
        <li key={key}>
          {translate(locale, key)} {formatNumber(value, locale)}
        </li>
      ))}
    </ul>
  );
}
