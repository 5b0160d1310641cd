import {
  Badge,
  Button,
  Field,
  Link,
  Select,
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
import { ListFilterBar, useFilterChoices, useFilterSelectClass } from '../ListFilters';
import { noticeApi, type Me, type NoticeDetail, type NoticeFilter, type NoticeKind, type NoticeListItem } from '../api';
import { hrefOf } from '../route';
import { NOTICE_KIND_KEYS, translate, type Locale, type StringKey } from '../strings';
import { ConfirmationBadges, kindName, NoticeStatusBadge } from './parts';
import { canWriteToWards } from '../hq-writers';
import { ListHeading } from '../ListHeading';
import { useFilteredList } from '../useFilteredList';
import { tabDate } from '../../../shared/tab-dates';

const NOTICE_KINDS = Object.keys(NOTICE_KIND_KEYS) as NoticeKind[];

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  table: { tableLayout: 'auto' },
  nowrap: { whiteSpace: 'nowrap' },
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, alignItems: 'flex-start' },
});

/**
 * お知らせ: HQ's notices with each one's 確認 x/y. HQ sees its department's, a ward section its
 * own (and confirms here: the row updates); the server decides which.
 */
export function NoticesView({ me, locale }: { me: Me; locale: Locale }) {
  const styles = useStyles();
  const [filter, setFilter] = useState<NoticeFilter>({});
  const { categories, years, learn } = useFilterChoices();
  const { items, setItems, error } = useFilteredList(filter, noticeApi.list, learn);
  const [announcement, setAnnouncement] = useState('');
  const selectClass = useFilterSelectClass();

  const onConfirmed = (detail: NoticeDetail) => {
    setItems((list) => list?.map((item) => (item.id === detail.id ? withConfirmation(item, detail, me) : item)));
    setAnnouncement(translate(locale, 'confirmedNotice', { id: detail.id }));
  };

  return (
    <section className={styles.section} aria-labelledby="notices-title">
      <ListHeading
        titleId="notices-title"
        title={translate(locale, 'noticesTitle')}
        intro={translate(locale, 'noticesIntro')}
        create={
          canWriteToWards(me) ? { href: hrefOf({ view: 'notices', compose: true }), label: translate(locale, 'composeButton') } : undefined
        }
      />
      <ListFilterBar
        locale={locale}
        filter={{ category: filter.category, fiscalYear: filter.fiscalYear, openOnly: filter.unconfirmed }}
        onChange={(next) =>
          setFilter((f) => ({ kind: f.kind, category: next.category, fiscalYear: next.fiscalYear, unconfirmed: next.openOnly }))
        }
        categories={categories}
        years={years}
        openOnlyLabel={translate(locale, 'unconfirmedOnly')}
      >
        <Field label={translate(locale, 'noticeKind')}>
          <Select
            className={selectClass}
            value={filter.kind ?? ''}
            onChange={(_, d) => setFilter((f) => ({ ...f, kind: (d.value || undefined) as NoticeKind | undefined }))}
          >
            <option value="">{translate(locale, 'allKinds')}</option>
            {NOTICE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kindName(kind, locale)}
              </option>
            ))}
          </Select>
        </Field>
      </ListFilterBar>
      {error && <Text role="alert">{translate(locale, 'error', { message: error })}</Text>}
      {!items && !error && <Text>{translate(locale, 'loading')}</Text>}
      <Text role="status" aria-live="polite">
        {announcement}
      </Text>
      {items && (
        <>
          <Text as="p" aria-live="polite">
            {translate(locale, 'noticeCount', { count: String(items.length) })}
          </Text>
          {items.length === 0 ? (
            <Text as="p">{translate(locale, 'noNotices')}</Text>
          ) : (
            <NoticeTable items={items} me={me} locale={locale} onConfirmed={onConfirmed} />
          )}
        </>
      )}
    </section>
  );
}

/** The list line after the caller's section confirmed, from the detail the server answered with. */
function withConfirmation(item: NoticeListItem, detail: NoticeDetail, me: Me): NoticeListItem {
  const mine = detail.sections.find((s) => s.departmentId === me.department.id);
  return {
    ...item,
    confirmed: detail.confirmed,
    total: detail.total,
    overdue: detail.overdue,
    ...(mine
      ? {
          mySection: { departmentId: mine.departmentId, status: mine.status, confirmedBy: mine.confirmedBy, confirmedAt: mine.confirmedAt },
        }
      : {}),
  };
}

const COLUMNS: StringKey[] = [
  'noticeNumber',
  'noticeKind',
  'noticeTitle',
  'noticeSender',
  'effectiveOn',
  'confirmBy',
  'confirmationStatus',
  'noticeState',
];

function NoticeTable(props: { items: NoticeListItem[]; me: Me; locale: Locale; onConfirmed: (detail: NoticeDetail) => void }) {
  const styles = useStyles();
  const { items, locale } = props;
  return (
    <Table className={styles.table} aria-labelledby="notices-title" size="small" data-testid="notice-list">
      <TableHeader>
        <TableRow>
          {COLUMNS.map((key) => (
            <TableHeaderCell key={key}>{translate(locale, key)}</TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((item) => (
          <NoticeLine key={item.id} {...props} item={item} />
        ))}
      </TableBody>
    </Table>
  );
}

function NoticeLine({ item, locale, onConfirmed }: { item: NoticeListItem; locale: Locale; onConfirmed: (detail: NoticeDetail) => void }) {
  const styles = useStyles();
  return (
    <TableRow>
      <TableCell className={styles.nowrap}>
        <Link href={hrefOf({ view: 'notices', id: item.id })}>{item.id}</Link>
      </TableCell>
      <TableCell className={styles.nowrap}>{kindName(item.kind, locale)}</TableCell>
      <TableCell>{item.title}</TableCell>
      <TableCell>{item.senderDepartmentName}</TableCell>
      <TableCell className={styles.nowrap}>{tabDate(item.effectiveOn, locale)}</TableCell>
      <TableCell className={styles.nowrap}>{tabDate(item.confirmBy, locale)}</TableCell>
      <TableCell>
        <div className={styles.stack}>
          <ConfirmationBadges
            confirmed={item.confirmed}
            total={item.total}
            overdue={item.overdue}
            unreachable={item.unreachable}
            locale={locale}
          />
          {item.mySection && <MySection item={item} locale={locale} onConfirmed={onConfirmed} />}
        </div>
      </TableCell>
      <TableCell className={styles.nowrap}>
        <NoticeStatusBadge status={item.status} locale={locale} />
      </TableCell>
    </TableRow>
  );
}

/** A ward person's own section: confirmed, or the 確認しました button. */
function MySection({ item, locale, onConfirmed }: { item: NoticeListItem; locale: Locale; onConfirmed: (detail: NoticeDetail) => void }) {
  if (item.mySection?.status === 'confirmed') {
    return (
      <Badge appearance="filled" color="success">
        {translate(locale, 'mySectionConfirmed')}
      </Badge>
    );
  }
  if (item.status !== 'sent') return null;
  return <ConfirmButton id={item.id} title={item.title} locale={locale} onConfirmed={onConfirmed} />;
}

/** 確認しました: records the caller's section's confirmation (the server checks they belong to it). */
export function ConfirmButton({
  id,
  title,
  locale,
  onConfirmed,
}: {
  id: string;
  title: string;
  locale: Locale;
  onConfirmed: (detail: NoticeDetail) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  return (
    <>
      <Button
        appearance="primary"
        size="small"
        disabled={busy}
        aria-label={translate(locale, 'confirmButtonFor', { id, title })}
        onClick={() => {
          setBusy(true);
          setError(undefined);
          noticeApi.confirm(id).then(
            (detail) => onConfirmed(detail),
            (e: Error) => (setBusy(false), setError(e.message)),
          );
        }}
      >
        {busy ? translate(locale, 'confirming') : translate(locale, 'confirmButton')}
      </Button>
      {error && <Text role="alert">{translate(locale, 'error', { message: error })}</Text>}
    </>
  );
}
