import {
  Badge,
  Link,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { surveyApi, type Me, type SurveyFilter, type SurveyListItem } from '../api';
import { ListFilterBar, useFilterChoices } from '../ListFilters';
import { ProgressBadges } from '../ProgressBadges';
import { hrefOf } from '../route';
import { translate, type Locale, type StringKey } from '../strings';
import { AnswerStatusBadge, isOpinionSurvey } from './parts';
import { canWriteToWards } from '../hq-writers';
import { ListHeading } from '../ListHeading';
import { useFilteredList } from '../useFilteredList';
import { tabDate } from '../../../shared/tab-dates';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  table: { tableLayout: 'auto' },
  nowrap: { whiteSpace: 'nowrap' },
  title: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});

/**
 * 全区照会・意見照会: HQ's surveys with each one's 回答 x/y and 期限超過; a ward section sees
 * those asking it with its own status. The server decides which.
 */
export function SurveysView({ me, locale }: { me: Me; locale: Locale }) {
  const styles = useStyles();
  const [filter, setFilter] = useState<SurveyFilter>({});
  const { categories, years, learn } = useFilterChoices();
  const { items, error } = useFilteredList(filter, surveyApi.list, learn);

  return (
    <section className={styles.section} aria-labelledby="surveys-title">
      <ListHeading
        titleId="surveys-title"
        title={translate(locale, 'surveysTitle')}
        intro={translate(locale, 'surveysIntro')}
        create={
          canWriteToWards(me)
            ? { href: hrefOf({ view: 'surveys', compose: true }), label: translate(locale, 'surveyCreateButton') }
            : undefined
        }
      />
      <ListFilterBar
        locale={locale}
        filter={{ category: filter.category, fiscalYear: filter.fiscalYear, openOnly: filter.unanswered }}
        onChange={(next) => setFilter({ category: next.category, fiscalYear: next.fiscalYear, unanswered: next.openOnly })}
        categories={categories}
        years={years}
        openOnlyLabel={translate(locale, 'unansweredOnly')}
      />
      {error && <Text role="alert">{translate(locale, 'error', { message: error })}</Text>}
      {!items && !error && <Text>{translate(locale, 'loading')}</Text>}
      {items && (
        <>
          <Text as="p" aria-live="polite">
            {translate(locale, 'noticeCount', { count: String(items.length) })}
          </Text>
          {items.length === 0 ? <Text as="p">{translate(locale, 'noSurveys')}</Text> : <SurveyTable items={items} locale={locale} />}
        </>
      )}
    </section>
  );
}

const COLUMNS: StringKey[] = ['noticeNumber', 'noticeTitle', 'surveySender', 'surveyDueOn', 'surveyProgress', 'noticeState'];

function SurveyTable({ items, locale }: { items: SurveyListItem[]; locale: Locale }) {
  const styles = useStyles();
  return (
    <Table className={styles.table} aria-labelledby="surveys-title" size="small" data-testid="survey-list">
      <TableHeader>
        <TableRow>
          {COLUMNS.map((key) => (
            <TableHeaderCell key={key}>{translate(locale, key)}</TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((item) => (
          <TableRow key={item.id}>
            <TableCell className={styles.nowrap}>
              <Link href={hrefOf({ view: 'surveys', id: item.id })}>{item.id}</Link>
            </TableCell>
            <TableCell>
              <span className={styles.title}>
                {item.title}
                {isOpinionSurvey(item) && (
                  <Badge appearance="tint" color="brand">
                    {translate(locale, 'opinionSurvey')}
                  </Badge>
                )}
              </span>
            </TableCell>
            <TableCell>{item.senderDepartmentName}</TableCell>
            <TableCell className={styles.nowrap}>{tabDate(item.dueOn, locale)}</TableCell>
            <TableCell>
              {item.answered !== undefined ? (
                <ProgressBadges
                  done={item.answered}
                  total={item.total}
                  overdue={item.overdue}
                  unreachable={item.unreachable}
                  ofKey="surveyAnsweredOf"
                  locale={locale}
                />
              ) : item.myStatus ? (
                <span className={styles.title}>
                  <AnswerStatusBadge status={item.myStatus} locale={locale} />
                  {item.overdue && <Badge color="danger">{translate(locale, 'overdue')}</Badge>}
                </span>
              ) : (
                '—'
              )}
            </TableCell>
            <TableCell className={styles.nowrap}>
              <Badge appearance="tint" color={item.status === 'open' ? 'success' : 'subtle'}>
                {translate(locale, item.status === 'open' ? 'surveyOpen' : 'surveyCancelled')}
              </Badge>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
