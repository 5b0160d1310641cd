import { factSet, plainText, textBlock, type CardElement } from '../../platform/adaptive-card';
import { businessDaysBetween, formatDate, type IsoDate } from '../../platform/fiscal-calendar';
import { statusName } from '../rules/lifecycle';
import { FINAL_STATUSES, type Inquiry } from '../model';

/** Display names the cards need, read from the directory by the caller. */
export interface InquiryNames {
  asker: string;
  askerDepartment: string;
  targetDepartment: string;
  assignee: string | null;
  drafter: string | null;
  approver: string | null;
}

/** 希望回答日 with the business days left (or overdue). */
export function dueText(inquiry: Inquiry, today: IsoDate): string {
  const date = formatDate(inquiry.dueOn);
  if (FINAL_STATUSES.includes(inquiry.status)) return date;
  const left = businessDaysBetween(today, inquiry.dueOn);
  return left >= 0 ? `${date}（あと ${left} 営業日）` : `${date}（${-left} 営業日超過）`;
}

/** The question as every card shows it; all user text escaped. */
export function questionSection(inquiry: Inquiry, names: InquiryNames, today: IsoDate): CardElement[] {
  const facts = [
    { title: '質問者', value: `${names.asker}（${names.askerDepartment}）` },
    { title: '宛先', value: names.targetDepartment },
    ...(inquiry.category ? [{ title: '分野', value: inquiry.category }] : []),
    ...(inquiry.legalBasis ? [{ title: '根拠法令', value: inquiry.legalBasis }] : []),
    { title: '希望回答日', value: dueText(inquiry, today) },
    { title: '緊急度', value: inquiry.urgency },
    { title: '状態', value: statusLine(inquiry, names) },
  ];
  return [
    textBlock(plainText(`${inquiry.number}　${inquiry.subject}`), { size: 'Medium', weight: 'Bolder', style: 'heading', wrap: true }),
    textBlock(plainText(inquiry.body)),
    factSet(facts.map((f) => ({ title: f.title, value: plainText(f.value) }))),
  ];
}

export function statusLine(inquiry: Inquiry, names: InquiryNames): string {
  const parts = [statusName(inquiry.status)];
  if (names.assignee && inquiry.status !== 'submitted') parts.push(`担当：${names.assignee}`);
  if (inquiry.answer) {
    parts.push(`回答：${names.drafter ?? ''}`);
    if (names.approver) parts.push(`承認：${names.approver}`);
  }
  return parts.join('　');
}

/** The Q&A with the asker so far (質問者に確認). */
export function clarificationSection(inquiry: Inquiry): CardElement[] {
  if (inquiry.clarifications.length === 0) return [];
  return [
    textBlock('質問者への確認', { weight: 'Bolder', spacing: 'Medium' }),
    ...inquiry.clarifications.flatMap((c) => [
      textBlock(plainText(`Q：${c.question}`), { spacing: 'Small' }),
      textBlock(plainText(c.reply === null ? 'A：（回答待ち）' : `A：${c.reply}`), { isSubtle: c.reply === null, spacing: 'None' }),
    ]),
  ];
}
