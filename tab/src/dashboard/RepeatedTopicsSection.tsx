import { Link, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Fragment } from 'react';
import type { RepeatedTopicsFigure } from '../api';
import { hrefOf } from '../route';
import { translate, type Locale } from '../strings';
import { DataTable, type Column } from './DataTable';

type Topic = RepeatedTopicsFigure['topics'][number];
type Count = RepeatedTopicsFigure['byCategory'][number];

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/**
 * 繰り返し寄せられる照会: topics several inquiries asked without a shared ruling (candidates for a
 * new 判断事例 or a manual fix), by 分野 and department, with what was counted over what.
 */
export function RepeatedTopicsSection({
  figure,
  locale,
  fileSuffix,
}: {
  figure: RepeatedTopicsFigure;
  locale: Locale;
  fileSuffix: string;
}) {
  const styles = useStyles();
  const { basis } = figure;
  const topicColumns: Column<Topic>[] = [
    { header: translate(locale, 'repeatedTopics'), value: (t) => t.subject },
    { header: translate(locale, 'repeatedCategory'), value: (t) => t.category, short: true },
    { header: translate(locale, 'repeatedDepartment'), value: (t) => t.department, short: true },
    {
      header: translate(locale, 'repeatedInquiries'),
      value: (t) => t.inquiries.join(' '),
      render: (t) =>
        t.inquiries.map((number, i) => (
          <Fragment key={number}>
            {i > 0 && ' '}
            <Link href={hrefOf({ view: 'inquiries', number })}>{number}</Link>
          </Fragment>
        )),
    },
    { header: translate(locale, 'repeatedCount'), value: (t) => t.inquiries.length, numeric: true },
    { header: translate(locale, 'repeatedWards'), value: (t) => t.wards, numeric: true },
    { header: translate(locale, 'repeatedAnswered'), value: (t) => t.answered, numeric: true },
  ];
  const countColumns = (key: 'repeatedCategory' | 'repeatedDepartment'): Column<Count>[] => [
    { header: translate(locale, key), value: (c) => c.key },
    { header: translate(locale, 'repeatedTopicsColumn'), value: (c) => c.topics, numeric: true },
    { header: translate(locale, 'repeatedInquiries'), value: (c) => c.inquiries, numeric: true },
  ];
  return (
    <section className={styles.section} aria-labelledby="dashboard-repeated">
      <Text as="h3" id="dashboard-repeated" size={500} weight="semibold">
        {translate(locale, 'repeatedTitle')}
      </Text>
      <Text data-testid="repeated-basis">
        {translate(locale, 'repeatedBasis', {
          compared: String(basis.inquiriesCompared),
          min: String(basis.minSimilarity),
          found: String(basis.topicsFound),
          open: String(figure.topics.length),
          inTopics: String(basis.inquiriesInTopics),
          settled: String(basis.topicsWithRuling),
        })}
      </Text>
      {figure.topics.length === 0 ? (
        <Text>{translate(locale, 'repeatedNone')}</Text>
      ) : (
        <>
          <DataTable
            caption={translate(locale, 'repeatedTitle')}
            columns={topicColumns}
            rows={figure.topics}
            rowKey={(t) => t.inquiries[0]}
            fileName={`dashboard-repeated-topics-${fileSuffix}`}
            locale={locale}
            testId="repeated-topics-table"
          />
          <DataTable
            caption={translate(locale, 'repeatedByCategory')}
            columns={countColumns('repeatedCategory')}
            rows={figure.byCategory}
            rowKey={(c) => c.key}
            fileName={`dashboard-repeated-by-category-${fileSuffix}`}
            locale={locale}
          />
          <DataTable
            caption={translate(locale, 'repeatedByDepartment')}
            columns={countColumns('repeatedDepartment')}
            rows={figure.byDepartment}
            rowKey={(c) => c.key}
            fileName={`dashboard-repeated-by-department-${fileSuffix}`}
            locale={locale}
          />
        </>
      )}
    </section>
  );
}
