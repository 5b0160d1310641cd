import { Text, makeStyles, tokens } from '@fluentui/react-components';
import type { SurveyDepartmentFigures, SurveyFigures, SurveyWardFigures } from '../api';
import { translate, type Locale, type StringKey } from '../strings';
import { numberText } from './charts';
import { DataTable, type Column } from './DataTable';
import { FigureCards, shareText } from './FigureCards';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/**
 * 効果検証 of 全区照会・意見照会 (docs/flows.md): surveys and sections answered, business days to an
 * answer, the on-time share with its denominator; per asking department and per ward office.
 */
export function SurveysSection({ figures, locale, fileSuffix }: { figures: SurveyFigures | null; locale: Locale; fileSuffix: string }) {
  const styles = useStyles();
  if (!figures)
    return (
      <section className={styles.section} aria-labelledby="dashboard-surveys">
        <Text as="h3" id="dashboard-surveys" size={500} weight="semibold">
          {translate(locale, 'surveysDashboardTitle')}
        </Text>
        <Text>{translate(locale, 'surveysNotStored')}</Text>
      </section>
    );
  const cards: [StringKey, string, string][] = [
    [
      'surveysSent',
      translate(locale, 'countUnit', { count: String(figures.surveys) }),
      translate(locale, 'sectionsAnsweredOf', { answered: String(figures.sectionsAnswered), asked: String(figures.sectionsAsked) }),
    ],
    [
      'daysToAnswerSurvey',
      translate(locale, 'medianDays', { days: numberText(figures.daysToAnswer.median) }),
      translate(locale, 'daysToAnswerOf', { count: String(figures.daysToAnswer.n) }),
    ],
    [
      'answeredOnTime',
      shareText(figures.answeredOnTime, figures.counted, figures.onTimeRate, locale),
      translate(locale, 'onTimeOfCounted', { whole: String(figures.counted), overdue: String(figures.openOverdue) }),
    ],
  ];
  const departmentColumns: Column<SurveyDepartmentFigures>[] = [
    { header: translate(locale, 'surveySender'), value: (d) => d.name },
    { header: translate(locale, 'surveysSentColumn'), value: (d) => d.surveys, numeric: true },
    { header: translate(locale, 'sectionsAskedColumn'), value: (d) => d.sectionsAsked, numeric: true },
    { header: translate(locale, 'sectionsAnsweredColumn'), value: (d) => d.sectionsAnswered, numeric: true },
  ];
  const wardColumns: Column<SurveyWardFigures>[] = [
    { header: translate(locale, 'wardColumn'), value: (w) => w.ward },
    { header: translate(locale, 'sectionsAskedColumn'), value: (w) => w.sectionsAsked, numeric: true },
    {
      header: translate(locale, 'answeredOnTimeColumn'),
      value: (w) => translate(locale, 'onTimeFraction', { part: String(w.answeredOnTime), whole: String(w.counted) }),
      short: true,
    },
    { header: translate(locale, 'onTimeRateColumn'), value: (w) => (w.counted === 0 ? null : w.onTimeRate), numeric: true },
    { header: translate(locale, 'answeredLateColumn'), value: (w) => w.answeredLate, numeric: true },
    { header: translate(locale, 'openOverdueColumn'), value: (w) => w.openOverdue, numeric: true },
    { header: translate(locale, 'daysToAnswerMedianColumn'), value: (w) => w.daysToAnswer.median, numeric: true },
  ];
  return (
    <section className={styles.section} aria-labelledby="dashboard-surveys">
      <Text as="h3" id="dashboard-surveys" size={500} weight="semibold">
        {translate(locale, 'surveysDashboardTitle')}
      </Text>
      <FigureCards cards={cards} locale={locale} testId="survey-figures" />
      <DataTable
        caption={translate(locale, 'surveysByDepartment')}
        columns={departmentColumns}
        rows={figures.byDepartment}
        rowKey={(d) => d.departmentId}
        fileName={`dashboard-surveys-${fileSuffix}`}
        locale={locale}
        testId="survey-department-table"
      />
      <DataTable
        caption={translate(locale, 'surveysByWard')}
        columns={wardColumns}
        rows={figures.byWard}
        rowKey={(w) => w.ward}
        fileName={`dashboard-survey-wards-${fileSuffix}`}
        locale={locale}
        testId="survey-ward-table"
      />
    </section>
  );
}
