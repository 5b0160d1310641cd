import { Badge, Button, Field, Link, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import { noticeApi, type Me, type NoticeDetail as Detail } from '../api';
import { hrefOf } from '../route';
import { translate, type Locale } from '../strings';
import { ConfirmButton } from './NoticesView';
import { ConfirmationBadges, kindName, NoticeStatusBadge, SectionStatusBadge } from './parts';
import { tabDate, tabTimestamp } from '../../../shared/tab-dates';
import { useApiRecord } from '../useApiData';
import { DetailHeader, FactList, SectionHeading } from '../DetailParts';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '900px' },
  block: { whiteSpace: 'pre-wrap', lineHeight: tokens.lineHeightBase400, overflowWrap: 'anywhere' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  matrix: {
    borderCollapse: 'collapse',
    width: '100%',
    '& th, & td': {
      padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
      textAlign: 'start',
      verticalAlign: 'top',
    },
    '& thead th': { fontWeight: tokens.fontWeightSemibold, borderBottom: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}` },
    '& tbody th': { fontWeight: tokens.fontWeightRegular },
  },
  caption: { captionSide: 'top', textAlign: 'start', fontWeight: tokens.fontWeightSemibold, paddingBottom: tokens.spacingVerticalXS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
});

/**
 * One notice: what it says (as text, never HTML), what it changes, and the matrix of ward
 * sections × status (who confirmed, when). A ward person confirms here; an approver of the
 * sending department approves or returns a pending one (the server re-checks both).
 */
export function NoticeDetail({ id, me, locale }: { id: string; me: Me; locale: Locale }) {
  const styles = useStyles();
  const [state, replace] = useApiRecord(id, noticeApi.detail);
  const [announcement, setAnnouncement] = useState('');

  if (state.kind === 'loading') return <Text>{translate(locale, 'loading')}</Text>;
  if (state.kind === 'error') return <Text role="alert">{translate(locale, 'error', { message: state.message })}</Text>;
  const detail = state.data;
  const mine = detail.sections.find((s) => s.departmentId === me.department.id);
  const update = (next: Detail, message = '') => {
    replace(next);
    setAnnouncement(message);
  };
  return (
    <article className={styles.page} aria-labelledby="notice-title">
      <DetailHeader
        back={{ href: hrefOf({ view: 'notices' }), label: translate(locale, 'backToNotices') }}
        titleId="notice-title"
        title={detail.title}
      >
        <Badge appearance="outline">{detail.id}</Badge>
        <Badge appearance="tint">{kindName(detail.kind, locale)}</Badge>
        <NoticeStatusBadge status={detail.status} locale={locale} />
        {detail.status === 'sent' && (
          <ConfirmationBadges confirmed={detail.confirmed} total={detail.total} overdue={detail.overdue} locale={locale} />
        )}
        {detail.revision > 1 && <Text>{translate(locale, 'revisionN', { n: String(detail.revision) })}</Text>}
      </DetailHeader>
      <Text role="status" aria-live="polite">
        {announcement}
      </Text>
      {detail.status === 'sent' && mine && mine.status !== 'confirmed' && (
        <div className={styles.actions}>
          <ConfirmButton
            id={detail.id}
            title={detail.title}
            locale={locale}
            onConfirmed={(next) => update(next, translate(locale, 'confirmedNotice', { id: next.id }))}
          />
        </div>
      )}
      {detail.status === 'awaitingApproval' && canApprove(me, detail) && (
        <Approval detail={detail} locale={locale} onDone={(next) => update(next)} />
      )}
      <Facts detail={detail} locale={locale} />
      <SectionHeading>{translate(locale, 'noticeBody')}</SectionHeading>
      <Text className={styles.block} data-testid="notice-body">
        {detail.body}
      </Text>
      {detail.returnComment && detail.status === 'returned' && (
        <>
          <SectionHeading>{translate(locale, 'returnedWith')}</SectionHeading>
          <Text className={styles.block}>{detail.returnComment}</Text>
        </>
      )}
      <Links detail={detail} locale={locale} />
      {detail.status === 'sent' && <Matrix detail={detail} locale={locale} />}
      <History detail={detail} locale={locale} />
    </article>
  );
}

/** The policy's rule, mirrored so the buttons appear only for whom the server will accept them. */
const canApprove = (me: Me, detail: Detail) =>
  me.roles.includes('approver') && me.department.id === detail.senderDepartmentId && me.person.id !== detail.senderId;

function Facts({ detail, locale }: { detail: Detail; locale: Locale }) {
  const nameOf = (id: string) => detail.names[id] ?? id;
  const rows: [string, ReactNode][] = [
    [translate(locale, 'noticeKind'), kindName(detail.kind, locale)],
    [translate(locale, 'sentBy'), translate(locale, 'personInSection', { name: detail.senderName, section: detail.senderDepartmentName })],
    [translate(locale, 'effectiveOn'), tabDate(detail.effectiveOn, locale)],
    [translate(locale, 'confirmBy'), tabDate(detail.confirmBy, locale)],
    [translate(locale, 'sentAt'), detail.sentAt ? tabTimestamp(detail.sentAt, locale) : '—'],
    [translate(locale, 'approvedByLabel'), detail.approvedBy ? nameOf(detail.approvedBy) : '—'],
  ];
  return <FactList rows={rows} />;
}

/** Rulings (into the tab's ruling pages; those it supersedes marked), manuals and the 疑義照会 asked about it. */
function Links({ detail, locale }: { detail: Detail; locale: Locale }) {
  const styles = useStyles();
  return (
    <>
      {detail.rulingIds.length + detail.supersedesRulingIds.length > 0 && (
        <section aria-labelledby="notice-rulings">
          <SectionHeading id="notice-rulings">{translate(locale, 'linkedRulings')}</SectionHeading>
          <ul className={styles.list}>
            {[...new Set([...detail.rulingIds, ...detail.supersedesRulingIds])].map((rulingId) => (
              <li key={rulingId}>
                <Link href={hrefOf({ view: 'rulings', rulingId })}>{rulingId}</Link>
                {detail.supersedesRulingIds.includes(rulingId) && (
                  <>
                    {' '}
                    <Badge appearance="tint" color="warning">
                      {translate(locale, 'supersededMark')}
                    </Badge>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {detail.manualIds.length > 0 && (
        <section aria-labelledby="notice-manuals">
          <SectionHeading id="notice-manuals">{translate(locale, 'linkedManuals')}</SectionHeading>
          <ul className={styles.list}>
            {detail.manualIds.map((manualId) => (
              <li key={manualId}>
                <Link href={hrefOf({ view: 'manuals' })}>{manualId}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {detail.inquiries.length > 0 && (
        <section aria-labelledby="notice-inquiries">
          <SectionHeading id="notice-inquiries">{translate(locale, 'linkedInquiries')}</SectionHeading>
          <ul className={styles.list}>
            {detail.inquiries.map((inquiry) => (
              <li key={inquiry.number}>
                <Link href={hrefOf({ view: 'inquiries', number: inquiry.number })}>{inquiry.number}</Link> {inquiry.subject}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** The matrix: one row per ward section (its name as the row header), its status, who confirmed and when. */
function Matrix({ detail, locale }: { detail: Detail; locale: Locale }) {
  const styles = useStyles();
  return (
    <section aria-labelledby="notice-matrix">
      <SectionHeading id="notice-matrix">{translate(locale, 'matrixTitle')}</SectionHeading>
      <table className={styles.matrix} data-testid="notice-matrix">
        <caption className={styles.caption}>
          {translate(locale, 'matrixCaption', { confirmed: String(detail.confirmed), total: String(detail.total) })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{translate(locale, 'matrixSection')}</th>
            <th scope="col">{translate(locale, 'matrixStatus')}</th>
            <th scope="col">{translate(locale, 'matrixWho')}</th>
            <th scope="col">{translate(locale, 'matrixWhen')}</th>
          </tr>
        </thead>
        <tbody>
          {detail.sections.map((section) => (
            <tr key={section.departmentId} data-section={section.departmentId}>
              <th scope="row">{section.name}</th>
              <td>
                <SectionStatusBadge status={section.status} locale={locale} />
              </td>
              <td>{section.confirmedByName ?? '—'}</td>
              <td>{section.confirmedAt ? tabTimestamp(section.confirmedAt, locale) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** 訂正: each earlier revision with who corrected it, when, and how many sections had confirmed it. */
function History({ detail, locale }: { detail: Detail; locale: Locale }) {
  const styles = useStyles();
  if (detail.history.length === 0) return null;
  return (
    <section aria-labelledby="notice-history">
      <SectionHeading id="notice-history">{translate(locale, 'historyTitle')}</SectionHeading>
      <ol className={styles.list} data-testid="notice-history">
        {detail.history.map((revision) => (
          <li key={revision.revision}>
            <Text block>
              {translate(locale, 'historyEntry', {
                n: String(revision.revision),
                title: revision.title,
                name: detail.names[revision.correctedBy] ?? revision.correctedBy,
                at: tabTimestamp(revision.correctedAt, locale),
                confirmed: String(revision.sections.filter((s) => s.status === 'confirmed').length),
                total: String(revision.sections.length),
              })}
            </Text>
            <Text className={styles.block} size={200} block>
              {revision.body}
            </Text>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** 承認して送信 / 差し戻す (with the reason) for an approver of the sending department, not its author. */
function Approval({ detail, locale, onDone }: { detail: Detail; locale: Locale; onDone: (next: Detail) => void }) {
  const styles = useStyles();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; field?: string } | undefined>();
  const run = (step: () => Promise<Detail>) => {
    setBusy(true);
    setError(undefined);
    step().then(onDone, (e: Error & { fields?: Record<string, string> }) => {
      setBusy(false);
      setError({ message: e.message, field: e.fields?.comment });
    });
  };
  return (
    <section className={styles.panel} aria-labelledby="notice-approval">
      <SectionHeading id="notice-approval">{translate(locale, 'approvalTitle')}</SectionHeading>
      <Text>{translate(locale, 'approvalIntro')}</Text>
      <div className={styles.actions}>
        <Button appearance="primary" disabled={busy} onClick={() => run(() => noticeApi.approve(detail.id))}>
          {busy ? translate(locale, 'approving') : translate(locale, 'approveButton')}
        </Button>
      </div>
      <Field
        label={translate(locale, 'noticeReturnComment')}
        validationState={error?.field ? 'error' : 'none'}
        validationMessage={
          error?.field
            ? locale === 'ja'
              ? error.field
              : translate(locale, 'fieldInvalid', { field: translate(locale, 'noticeReturnComment') })
            : undefined
        }
      >
        <Textarea value={comment} onChange={(_, d) => setComment(d.value)} resize="vertical" />
      </Field>
      <div className={styles.actions}>
        <Button disabled={busy} onClick={() => run(() => noticeApi.return(detail.id, comment))}>
          {translate(locale, 'returnButton')}
        </Button>
      </div>
      {error && !error.field && <Text role="alert">{translate(locale, 'error', { message: error.message })}</Text>}
    </section>
  );
}
