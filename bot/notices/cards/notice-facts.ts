import { factSet, plainText, textBlock, type CardElement } from '../../platform/adaptive-card';
import { formatDate } from '../../platform/fiscal-calendar';
import type { Locale } from '../../platform/i18n';
import type { Notice } from '../model';
import { kindName, noticeText } from '../strings';

/** Display names the cards need, read from the directory by the caller (ids stand in for unknown ones). */
export interface NoticeNames {
  department(id: string): string;
  person(id: string): string;
}

/** 「令和8年12月8日 10:15」 (Japan time) for a stored ISO timestamp. */
export function formatTimestamp(iso: string, locale: Locale): string {
  const date = new Date(iso);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  const time = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
  return `${formatDate(day, locale)} ${time}`;
}

/** The notice as every card shows it: heading, title, the correction note, the text and its facts; user text escaped. */
export function noticeSection(
  notice: Notice,
  names: NoticeNames,
  locale: Locale,
  extraFacts: { title: string; value: string }[] = [],
): CardElement[] {
  const facts = [
    { title: noticeText(locale, 'card.from'), value: names.department(notice.senderDepartmentId) },
    ...extraFacts,
    ...(notice.effectiveOn ? [{ title: noticeText(locale, 'card.effectiveOn'), value: formatDate(notice.effectiveOn, locale) }] : []),
    { title: noticeText(locale, 'card.confirmBy'), value: formatDate(notice.confirmBy, locale) },
    ...(notice.rulingIds.length > 0 ? [{ title: noticeText(locale, 'card.rulings'), value: notice.rulingIds.join(', ') }] : []),
    ...(notice.supersedesRulingIds.length > 0
      ? [{ title: noticeText(locale, 'card.supersedes'), value: notice.supersedesRulingIds.join(', ') }]
      : []),
    ...(notice.manualIds.length > 0 ? [{ title: noticeText(locale, 'card.manuals'), value: notice.manualIds.join(', ') }] : []),
  ];
  return [
    textBlock(noticeText(locale, 'card.header', { kind: kindName(locale, notice.kind) }), { isSubtle: true, size: 'Small' }),
    textBlock(plainText(noticeText(locale, 'card.title', { id: notice.id, title: notice.title })), {
      size: 'Large',
      weight: 'Bolder',
      style: 'heading',
    }),
    ...(notice.revision > 1
      ? [textBlock(noticeText(locale, 'card.correction', { revision: notice.revision }), { color: 'Warning', weight: 'Bolder' })]
      : []),
    textBlock(plainText(notice.body)),
    factSet(facts.map((f) => ({ title: f.title, value: plainText(f.value) }))),
  ];
}

/** The tab's detail page of a notice. */
export function noticeUrl(tabUrl: string, id: string): string {
  return `${tabUrl}#/notices/${encodeURIComponent(id)}`;
}
