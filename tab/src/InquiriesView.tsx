import {
  Badge,
  Field,
  Link,
  Radio,
  RadioGroup,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
  type BadgeProps,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { inquiryApi, type InquiryList, type InquiryQueueItem, type InquiryScope, type Me } from './api';
import { hrefOf } from './route';
import { INQUIRY_STATUS_LABELS, translate, type Locale, type StringKey } from './strings';
import { tabDate } from '../../shared/tab-dates';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  controls: { display: 'flex', gap: tokens.spacingHorizontalXL, alignItems: 'flex-end', flexWrap: 'wrap' },
  // Fluent's tables split the width evenly; let the 件名 column take what the short ones leave.
  table: { tableLayout: 'auto' },
  badges: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap', whiteSpace: 'nowrap' },
  nowrap: { whiteSpace: 'nowrap' },
  days: { textAlign: 'end' },
});

/** 照会: the caller's 疑義照会 as a queue, most urgent deadline first (the server sorts). */
export function InquiriesView({ me, locale }: { me: Me; locale: Locale }) {
  const styles = useStyles();
  // undefined until the user picks one: the server knows each person's default scope.
  const [requested, setRequested] = useState<InquiryScope | undefined>();
  const [showFinished, setShowFinished] = useState(false);
  const [list, setList] = useState<InquiryList | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let current = true;
    inquiryApi.list(requested, showFinished ? 'all' : 'open').then(
      (result) => current && (setList(result), setError(undefined)),
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [requested, showFinished]);

  const canSeeAll = me.roles.includes('pmo') || me.roles.includes('admin');
  return (
    <section className={styles.section} aria-labelledby="inquiries-title">
      <Text as="h2" id="inquiries-title" size={500} weight="semibold">
        {translate(locale, 'inquiriesTitle')}
      </Text>
      <div className={styles.controls}>
        <ScopePicker locale={locale} value={requested ?? list?.scope} canSeeAll={canSeeAll} onChange={setRequested} />
        <Switch label={translate(locale, 'showFinished')} checked={showFinished} onChange={(_, data) => setShowFinished(data.checked)} />
      </div>
      {error && <Text role="alert">{translate(locale, 'error', { message: error })}</Text>}
      {!list && !error && <Text>{translate(locale, 'loading')}</Text>}
      {list && (
        <>
          <Text as="p" aria-live="polite">
            {translate(locale, 'inquiryCount', { count: String(list.items.length) })}
          </Text>
          {list.items.length === 0 ? (
            <Text as="p">{translate(locale, 'noInquiries')}</Text>
          ) : (
            <InquiryTable items={list.items} locale={locale} />
          )}
        </>
      )}
    </section>
  );
}

function ScopePicker(props: {
  locale: Locale;
  value: InquiryScope | undefined;
  canSeeAll: boolean;
  onChange: (scope: InquiryScope) => void;
}) {
  const scopes: [InquiryScope, StringKey][] = [
    ['mine', 'scopeMine'],
    ['department', 'scopeDepartment'],
    ...(props.canSeeAll ? ([['all', 'scopeAll']] as [InquiryScope, StringKey][]) : []),
  ];
  return (
    <Field label={translate(props.locale, 'inquiryScope')}>
      <RadioGroup layout="horizontal" value={props.value ?? ''} onChange={(_, data) => props.onChange(data.value as InquiryScope)}>
        {scopes.map(([scope, key]) => (
          <Radio key={scope} value={scope} label={translate(props.locale, key)} />
        ))}
      </RadioGroup>
    </Field>
  );
}

const COLUMNS: StringKey[] = [
  'inquiryNumber',
  'inquirySubject',
  'inquiryCategory',
  'inquiryStatus',
  'inquiryAsker',
  'inquiryTarget',
  'inquiryAssignee',
  'desiredAnswerDate',
  'ageBusinessDays',
  'daysLeft',
];

function InquiryTable({ items, locale }: { items: InquiryQueueItem[]; locale: Locale }) {
  const styles = useStyles();
  return (
    <Table className={styles.table} aria-labelledby="inquiries-title" size="small" data-testid="inquiry-list">
      <TableHeader>
        <TableRow>
          {COLUMNS.map((key) => (
            <TableHeaderCell key={key}>{translate(locale, key)}</TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((item) => (
          <InquiryLine key={item.number} item={item} locale={locale} />
        ))}
      </TableBody>
    </Table>
  );
}

function InquiryLine({ item, locale }: { item: InquiryQueueItem; locale: Locale }) {
  const styles = useStyles();
  return (
    <TableRow>
      <TableCell className={styles.nowrap}>
        <Link href={hrefOf({ view: 'inquiries', number: item.number })}>{item.number}</Link>
      </TableCell>
      <TableCell>
        {item.subject}
        {item.urgency === '至急' && (
          <>
            {' '}
            <Badge color="severe" appearance="tint">
              {translate(locale, 'urgent')}
            </Badge>
          </>
        )}
      </TableCell>
      <TableCell>{item.category}</TableCell>
      <TableCell>
        <StatusBadges item={item} locale={locale} />
      </TableCell>
      <TableCell>
        <span className={styles.nowrap}>{item.askerName}</span>
        <br />
        <Text size={200}>{item.askerDepartment}</Text>
      </TableCell>
      <TableCell>{item.targetDepartment}</TableCell>
      <TableCell className={styles.nowrap}>{item.assigneeName ?? translate(locale, 'unassigned')}</TableCell>
      <TableCell className={styles.nowrap}>{tabDate(item.desiredAnswerDate, locale)}</TableCell>
      <TableCell className={styles.days}>{item.ageBusinessDays}</TableCell>
      <TableCell className={styles.days}>{item.businessDaysLeft ?? '—'}</TableCell>
    </TableRow>
  );
}

/** Finished ones look settled (green or grey); work in progress is coloured by who has to act. */
const STATUS_COLORS: Record<InquiryQueueItem['status'], BadgeProps['color']> = {
  submitted: 'brand',
  claimed: 'informative',
  awaitingInfo: 'warning',
  drafted: 'informative',
  awaitingApproval: 'brand',
  returned: 'severe',
  answered: 'success',
  shared: 'success',
  withdrawn: 'subtle',
};

/** The status, and 期限超過 in red when the due date has passed; also used by the detail page. */
export function StatusBadges({ item, locale }: { item: InquiryQueueItem; locale: Locale }) {
  const styles = useStyles();
  return (
    <span className={styles.badges}>
      <Badge appearance="tint" color={STATUS_COLORS[item.status]}>
        {INQUIRY_STATUS_LABELS[item.status][locale]}
      </Badge>
      {item.overdue && <Badge color="danger">{translate(locale, 'overdue')}</Badge>}
    </span>
  );
}
