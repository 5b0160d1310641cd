import { UNASSIGNED_WORD } from '../../../shared/inquiry-words';
import { adaptiveCard, plainText, textBlock, type AdaptiveCard, type CardElement } from '../../platform/adaptive-card';
import { formatDate } from '../../platform/fiscal-calendar';
import type { InquiryQueueItem } from '../rules/queue';

/** Rows shown in chat; the tab's 照会 view has them all. */
export const QUEUE_CARD_ROWS = 20;

/**
 * 「照会一覧」 as one table, a row per open inquiry: its number and subject, the other side (for
 * a ward clerk the HQ department asked, for HQ the ward section asking, with who took it), the
 * status in the tab's words, the due date and how far off or past it is. Only the days cell of
 * an overdue row is red, with the word 超過, so colour is never the only sign.
 */
export function queueCard(title: string, items: InquiryQueueItem[], viewer: 'asker' | 'hq'): AdaptiveCard {
  const body: CardElement[] = [
    textBlock(plainText(`${title}（${items.length} 件）`), { size: 'Large', weight: 'Bolder', style: 'heading' }),
  ];
  if (items.length === 0) return adaptiveCard([...body, textBlock('対応中の照会はありません。', { isSubtle: true })]);
  const cell = (...blocks: CardElement[]) => ({ type: 'TableCell', items: blocks });
  const header = ['照会', viewer === 'hq' ? '質問元' : '宛先', '状態', '希望回答日', '期限まで'].map((text) =>
    cell(textBlock(text, { weight: 'Bolder', size: 'Small' })),
  );
  const rows = items.slice(0, QUEUE_CARD_ROWS).map((item) => ({
    type: 'TableRow',
    cells: [
      cell(
        textBlock(item.number, { weight: 'Bolder', spacing: 'None' }),
        textBlock(plainText(item.subject), { size: 'Small', spacing: 'None' }),
      ),
      cell(textBlock(plainText(viewer === 'hq' ? item.askerDepartment : item.targetDepartment), { size: 'Small' })),
      cell(
        textBlock(item.statusName, { size: 'Small' }),
        ...(viewer === 'hq'
          ? [
              textBlock(plainText(item.assigneeName ? `担当 ${item.assigneeName}` : UNASSIGNED_WORD.ja), {
                size: 'Small',
                isSubtle: true,
                spacing: 'None',
              }),
            ]
          : []),
      ),
      cell(textBlock(formatDate(item.dueOn), { size: 'Small' })),
      cell(textBlock(daysToDue(item), { size: 'Small', ...(item.overdue ? { color: 'Attention', weight: 'Bolder' } : {}) })),
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
    body.push(textBlock(`ほか ${items.length - QUEUE_CARD_ROWS} 件はタブの「照会」で確認できます。`, { isSubtle: true }));
  return adaptiveCard(body);
}

/** 「3日超過」, 「本日期限」 or 「あと2日」, in business days as every deadline of the flow. */
export function daysToDue(item: Pick<InquiryQueueItem, 'businessDaysLeft' | 'overdue'>): string {
  const left = item.businessDaysLeft ?? 0;
  if (item.overdue) return `${Math.max(1, -left)}営業日超過`;
  return left === 0 ? '本日期限' : `あと${left}営業日`;
}
