import { Badge, Link, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import { DetailHeader, FactList, SectionHeading } from './DetailParts';
import { inquiryApi, type InquiryDetail as Detail } from './api';
import { StatusBadges } from './InquiriesView';
import { InquirySteps } from './InquirySteps';
import { hrefOf } from './route';
import { INQUIRY_STATUS_LABELS, inParentheses, joinList, translate, type Locale } from './strings';
import { useApiData, WhenLoaded } from './useApiData';
import { tabDate, tabTimestamp } from '../../shared/tab-dates';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '860px' },
  block: { whiteSpace: 'pre-wrap', lineHeight: tokens.lineHeightBase400 },
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  clarifications: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
});

/**
 * One inquiry: the question, the back-and-forth with the asker, and the department's answer,
 * with the steps the caller may take on it (取り下げる, 担当を外す, 担当変更); a step redraws it.
 */
export function InquiryDetail({ number, locale }: { number: string; locale: Locale }) {
  const styles = useStyles();
  const state = useApiData(() => inquiryApi.detail(number));
  const [changed, setChanged] = useState<Detail | undefined>();
  const [announcement, setAnnouncement] = useState('');
  return (
    <WhenLoaded state={state} locale={locale}>
      {(loaded) => {
        const detail = changed ?? loaded;
        return (
          <article className={styles.page} aria-labelledby="inquiry-title">
            <DetailHeader
              back={{ href: hrefOf({ view: 'inquiries' }), label: translate(locale, 'backToInquiries') }}
              titleId="inquiry-title"
              title={detail.inquiry.subject}
            >
              <Badge appearance="outline">{detail.inquiry.number}</Badge>
              <StatusBadges item={detail.item} locale={locale} />
              {detail.inquiry.urgency === '至急' && (
                <Badge color="severe" appearance="tint">
                  {translate(locale, 'urgent')}
                </Badge>
              )}
              <Text>{detail.inquiry.category}</Text>
            </DetailHeader>
            <Text role="status" aria-live="polite">
              {announcement}
            </Text>
            <InquirySteps
              detail={detail}
              locale={locale}
              onChanged={(next, message) => {
                setChanged(next);
                setAnnouncement(message);
              }}
            />
            <Facts detail={detail} locale={locale} />
            <SectionHeading>{translate(locale, 'inquiryBody')}</SectionHeading>
            <Text className={styles.block}>{detail.inquiry.body}</Text>
            <SectionHeading>{translate(locale, 'legalBasis')}</SectionHeading>
            <Text>{detail.inquiry.legalBasis || '—'}</Text>
            {detail.inquiry.clarifications.length > 0 && <Clarifications detail={detail} locale={locale} />}
            <Answer detail={detail} locale={locale} />
            <Draft detail={detail} locale={locale} />
            <SimilarCases number={detail.inquiry.number} locale={locale} />
          </article>
        );
      }}
    </WhenLoaded>
  );
}

/** Who asked whom, who has it, and the dates that matter, as a description list. */
function Facts({ detail, locale }: { detail: Detail; locale: Locale }) {
  const { item } = detail;
  const rows: [string, ReactNode][] = [
    [translate(locale, 'inquiryAsker'), `${item.askerName}${inParentheses(locale, item.askerDepartment)}`],
    [translate(locale, 'inquiryTarget'), item.targetDepartment],
    [translate(locale, 'inquiryAssignee'), item.assigneeName ?? translate(locale, 'unassigned')],
    [translate(locale, 'desiredAnswerDate'), tabDate(item.desiredAnswerDate, locale)],
    [translate(locale, 'dueOn'), tabDate(item.dueOn, locale)],
    [translate(locale, 'ageBusinessDays'), String(item.ageBusinessDays)],
    [translate(locale, 'daysLeft'), item.businessDaysLeft === null ? '—' : String(item.businessDaysLeft)],
    ...(detail.inquiry.withdrawal
      ? [[translate(locale, 'withdrawalReason'), detail.inquiry.withdrawal.reason] as [string, ReactNode]]
      : []),
  ];
  return <FactList rows={rows} />;
}

/** 質問者への確認: HQ's questions to the asker and the asker's replies, oldest first. */
function Clarifications({ detail, locale }: { detail: Detail; locale: Locale }) {
  const styles = useStyles();
  const nameOf = (id: string) => detail.names[id] ?? id;
  return (
    <>
      <SectionHeading>{translate(locale, 'clarifications')}</SectionHeading>
      <ol className={styles.clarifications}>
        {detail.inquiry.clarifications.map((c) => (
          <li key={c.askedAt}>
            <Text weight="semibold" block>
              {translate(locale, 'clarificationQuestion', { name: nameOf(c.askedBy), at: tabTimestamp(c.askedAt, locale) })}
            </Text>
            <Text className={styles.block} block>
              {c.question}
            </Text>
            {c.reply === null ? (
              <Text italic block>
                {translate(locale, 'noReplyYet')}
              </Text>
            ) : (
              <>
                <Text weight="semibold" block>
                  {translate(locale, 'clarificationReply', { at: c.repliedAt ? tabTimestamp(c.repliedAt, locale) : '—' })}
                </Text>
                <Text className={styles.block} block>
                  {c.reply}
                </Text>
              </>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}

/** The delivered answer with who answered and who approved it, and the ruling it became. */
function Answer({ detail, locale }: { detail: Detail; locale: Locale }) {
  const styles = useStyles();
  const { answer, rulingId } = detail.inquiry;
  const nameOf = (id: string) => detail.names[id] ?? id;
  return (
    <section aria-labelledby="inquiry-answer">
      <SectionHeading id="inquiry-answer">{translate(locale, 'answer')}</SectionHeading>
      {answer ? (
        <div className={styles.stack}>
          <Text className={styles.block}>{answer.text}</Text>
          <FactList
            rows={[
              [translate(locale, 'answeredBy'), nameOf(answer.answeredBy)],
              [translate(locale, 'approvedBy'), answer.approvedBy ? nameOf(answer.approvedBy) : translate(locale, 'noApprovalNeeded')],
              [translate(locale, 'answeredAt'), tabTimestamp(answer.answeredAt, locale)],
            ]}
          />
          {answer.citation && (
            <Text role="note" data-testid="inquiry-citation">
              <Link
                href={hrefOf(
                  answer.citation.kind === 'ruling'
                    ? { view: 'rulings', rulingId: answer.citation.id }
                    : { view: 'inquiries', number: answer.citation.id },
                )}
              >
                {translate(locale, answer.citation.kind === 'ruling' ? 'citationRuling' : 'citationInquiry', {
                  id: answer.citation.id,
                  title: answer.citation.title,
                })}
              </Link>
            </Text>
          )}
          {rulingId && (
            <Text role="note">
              <Link href={hrefOf({ view: 'rulings', rulingId })}>{translate(locale, 'sharedAsRuling', { id: rulingId })}</Link>
            </Text>
          )}
        </div>
      ) : (
        <Text>{translate(locale, 'noAnswerYet')}</Text>
      )}
    </section>
  );
}

/**
 * 同様の照会・判断事例: rulings, then earlier inquiries of any ward the viewer may open, each
 * with its status and answer, so the same question gets the same answer.
 */
function SimilarCases({ number, locale }: { number: string; locale: Locale }) {
  const styles = useStyles();
  const state = useApiData(() => inquiryApi.similar(number));
  return (
    <section aria-labelledby="inquiry-similar">
      <SectionHeading id="inquiry-similar">{translate(locale, 'similarTitle')}</SectionHeading>
      <WhenLoaded state={state} locale={locale}>
        {({ cases }) =>
          cases.length === 0 ? (
            <Text>{translate(locale, 'similarNone')}</Text>
          ) : (
            <ul className={styles.clarifications} data-testid="inquiry-similar">
              {cases.map((c) => (
                <li key={`${c.kind}:${c.id}`}>
                  <Text weight="semibold" block>
                    <Link href={hrefOf(c.kind === 'ruling' ? { view: 'rulings', rulingId: c.id } : { view: 'inquiries', number: c.id })}>
                      {translate(locale, c.kind === 'ruling' ? 'similarRuling' : 'similarInquiry')} {c.id} {c.title}
                    </Link>
                  </Text>
                  <Text size={200} block>
                    {joinList(locale, [
                      ...(c.askerDepartment ? [c.askerDepartment] : []),
                      c.category,
                      c.status === 'current'
                        ? translate(locale, 'statusCurrent')
                        : c.status === 'superseded'
                          ? translate(locale, 'statusSuperseded')
                          : INQUIRY_STATUS_LABELS[c.status][locale],
                    ])}
                  </Text>
                  <Text className={styles.block} block>
                    {c.answer ? excerpt(c.answer) : translate(locale, 'similarNoAnswer')}
                  </Text>
                </li>
              ))}
            </ul>
          )
        }
      </WhenLoaded>
    </section>
  );
}

/** A long answer cut to its start: the whole one is a click away. */
function excerpt(text: string): string {
  const chars = [...text];
  return chars.length > 200 ? `${chars.slice(0, 200).join('')}…` : text;
}

/** The draft and the approver's comment; the server sends them only to the answering department. */
function Draft({ detail, locale }: { detail: Detail; locale: Locale }) {
  const styles = useStyles();
  const { draft, returnComment, answer } = detail.inquiry;
  if (answer || (!draft && !returnComment)) return null;
  return (
    <>
      {draft && (
        <>
          <SectionHeading>{translate(locale, 'draftAnswer')}</SectionHeading>
          <Text size={200}>
            {translate(locale, 'draftedBy', {
              name: detail.names[draft.draftedBy] ?? draft.draftedBy,
              at: tabTimestamp(draft.draftedAt, locale),
            })}
          </Text>
          <Text className={styles.block}>{draft.text}</Text>
        </>
      )}
      {returnComment && (
        <>
          <SectionHeading>{translate(locale, 'returnComment')}</SectionHeading>
          <Text className={styles.block}>{returnComment}</Text>
        </>
      )}
    </>
  );
}
