import { Text, makeStyles, tokens } from '@fluentui/react-components';
import type { NoticeDepartmentFigures, NoticeFigures } from '../api';
import { translate, type Locale, type StringKey } from '../strings';
import { numberText } from './charts';
import { DataTable, type Column } from './DataTable';
import { FigureCards, shareText } from './FigureCards';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** 効果検証 of お知らせ: notices sent, business days to full confirmation, sections confirmed on time; per sending department. */
export function NoticesSection({ figures, locale, fileSuffix }: { figures: NoticeFigures; locale: Locale; fileSuffix: string }) {
  const styles = useStyles();
  const cards: [StringKey, string, string][] = [
    [
      'noticesSent',
      translate(locale, 'countUnit', { count: String(figures.sent) }),
      translate(locale, 'fullyConfirmedOf', { count: String(figures.fullyConfirmed) }),
    ],
    [
      'daysToFullConfirmation',
      translate(locale, 'medianDays', { days: numberText(figures.daysToFullConfirmation.median) }),
      translate(locale, 'daysToFullOf', { count: String(figures.daysToFullConfirmation.n) }),
    ],
    [
      'confirmedOnTime',
      shareText(figures.sectionsOnTime, figures.sectionsDecided, figures.onTimeRate, locale),
      translate(locale, 'onTimeOfDecided', { whole: String(figures.sectionsDecided) }),
    ],
  ];
  const columns: Column<NoticeDepartmentFigures>[] = [
    { header: translate(locale, 'noticeSender'), value: (d) => d.name },
    { header: translate(locale, 'noticesSentColumn'), value: (d) => d.sent, numeric: true },
    { header: translate(locale, 'fullyConfirmedColumn'), value: (d) => d.fullyConfirmed, numeric: true },
    { header: translate(locale, 'daysMedianColumn'), value: (d) => d.daysToFullConfirmation.median, numeric: true },
    {
      header: translate(locale, 'onTimeColumn'),
      value: (d) => translate(locale, 'onTimeFraction', { part: String(d.sectionsOnTime), whole: String(d.sectionsDecided) }),
      short: true,
    },
    { header: translate(locale, 'onTimeRateColumn'), value: (d) => (d.sectionsDecided === 0 ? null : d.onTimeRate), numeric: true },
  ];
  return (
    <section className={styles.section} aria-labelledby="dashboard-notices">
      <Text as="h3" id="dashboard-notices" size={500} weight="semibold">
        {translate(locale, 'noticesDashboardTitle')}
      </Text>
      <FigureCards cards={cards} locale={locale} testId="notice-figures" />
      <DataTable
        caption={translate(locale, 'noticesByDepartment')}
        columns={columns}
        rows={figures.byDepartment}
        rowKey={(d) => d.departmentId}
        fileName={`dashboard-notices-${fileSuffix}`}
        locale={locale}
        testId="notice-department-table"
      />
    </section>
  );
}
