import { INQUIRY_STATUS_WORDS, UNASSIGNED_WORD } from '../../../shared/inquiry-words';
import { adaptiveCard, plainText, textBlock, type AdaptiveCard, type CardElement } from '../../platform/adaptive-card';
import { formatDate } from '../../platform/fiscal-calendar';
import type { Locale } from '../../platform/i18n';
import type { InquiryQueueItem } from '../rules/queue';
import { businessDaysText, inquiryText } from '../strings';

/** Rows shown in chat; the tab's 照会 view has them all. */
export const QUEUE_CARD_ROWS = 20;

/**
 * 「照会一覧」 as one table, a row per open inquiry: its number and subject, the other side (for
 * a ward clerk the HQ department asked, for HQ the ward section asking, with who took it), the
 * status in the tab's words, the due date and how far off or past it is. Only the days cell of
 * an overdue row is red, with the word 超過, so colour is never the only sign.
 */
export function queueCard(title: string, items: InquiryQueueItem[], viewer: 'asker' | 'hq', locale: Locale): AdaptiveCard {
  const body: CardElement[] = [
    textBlock(plainText(inquiryText(locale, 'queue.title', { title, count: items.length })), {
      size: 'Large',
      weight: 'Bolder',
      style: 'heading',
    }),
  ];
  if (items.length === 0) return adaptiveCard([...body, textBlock(inquiryText(locale, 'queue.empty'), { isSubtle: true })]);
  const cell = (...blocks: CardElement[]) => ({ type: 'TableCell', items: blocks });
  const columns = ['queue.number', viewer === 'hq' ? 'queue.from' : 'queue.to', 'queue.status', 'queue.due', 'queue.daysLeft'] as const;
  const header = columns.map((key) => cell(textBlock(inquiryText(locale, key), { weight: 'Bolder', size: 'Small' })));
  const rows = items.slice(0, QUEUE_CARD_ROWS).map((item) => ({
    type: 'TableRow',
    cells: [
      cell(
        textBlock(item.number, { weight: 'Bolder', spacing: 'None' }),
        textBlock(plainText(item.subject), { size: 'Small', spacing: 'None' }),
      ),
      cell(textBlock(plainText(viewer === 'hq' ? item.askerDepartment : item.targetDepartment), { size: 'Small' })),
      cell(
        textBlock(INQUIRY_STATUS_WORDS[item.status][locale], { size: 'Small' }),
        ...(viewer === 'hq'
          ? [
              textBlock(
                plainText(item.assigneeName ? inquiryText(locale, 'queue.assignee', { name: item.assigneeName }) : UNASSIGNED_WORD[locale]),
                { size: 'Small', isSubtle: true, spacing: 'None' },
              ),
            ]
          : []),
      ),
      cell(textBlock(formatDate(item.dueOn, locale), { size: 'Small' })),
      cell(textBlock(daysToDue(item, locale), { size: 'Small', ...(item.overdue ? { color: 'Attention', weight: 'Bolder' } : {}) })),
    ],
  }));
  body.push({
    type: 'Table',
    columns: [{ width: 3 }, { width: 2 }, { width: 2 }, { width: 2 }, { width: 2 }],
    firstRowAsHeader: true,
    showGridLines: false,
    rows: [{ type: 'TableRow', cells: header }, ...rows],
  });
  if (items.length > QUEUE_CARD_ROWS)
    body.push(textBlock(inquiryText(locale, 'queue.more', { count: items.length - QUEUE_CARD_ROWS }), { isSubtle: true }));
  return adaptiveCard(body);
}

/** 「3営業日超過」, 「本日期限」 or 「あと2営業日」, in business days as every deadline of the flow. */
export function daysToDue(item: Pick<InquiryQueueItem, 'businessDaysLeft' | 'overdue'>, locale: Locale): string {
  const left = item.businessDaysLeft ?? 0;
  if (item.overdue) return businessDaysText(locale, 'days.over', { days: Math.max(1, -left) });
  return left === 0 ? inquiryText(locale, 'days.today') : businessDaysText(locale, 'days.left', { days: left });
}
