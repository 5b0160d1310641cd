import { INQUIRY_STATUS_WORDS } from '../../../shared/inquiry-words';
import { factSet, plainText, textBlock, type CardElement } from '../../platform/adaptive-card';
import { businessDaysBetween, formatDate, type IsoDate } from '../../platform/fiscal-calendar';
import type { Locale } from '../../platform/i18n';
import { FINAL_STATUSES, type Inquiry, type Urgency } from '../model';
import { businessDaysText, inquiryText } from '../strings';

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
export function dueText(inquiry: Inquiry, today: IsoDate, locale: Locale): string {
  const date = formatDate(inquiry.dueOn, locale);
  if (FINAL_STATUSES.includes(inquiry.status)) return date;
  const left = businessDaysBetween(today, inquiry.dueOn);
  return left >= 0
    ? businessDaysText(locale, 'due.left', { date, days: left })
    : businessDaysText(locale, 'due.over', { date, days: -left });
}

export const urgencyWord = (urgency: Urgency, locale: Locale) => inquiryText(locale, `urgency.${urgency}`);

/** The question as every card shows it; all user text escaped. */
export function questionSection(inquiry: Inquiry, names: InquiryNames, today: IsoDate, locale: Locale): CardElement[] {
  const text = (key: Parameters<typeof inquiryText>[1], params?: Record<string, string>) => inquiryText(locale, key, params);
  const facts = [
    { title: text('fact.asker'), value: text('fact.askerValue', { name: names.asker, department: names.askerDepartment }) },
    { title: text('fact.target'), value: names.targetDepartment },
    ...(inquiry.category ? [{ title: text('fact.category'), value: inquiry.category }] : []),
    ...(inquiry.legalBasis ? [{ title: text('fact.legalBasis'), value: inquiry.legalBasis }] : []),
    { title: text('fact.due'), value: dueText(inquiry, today, locale) },
    { title: text('fact.urgency'), value: urgencyWord(inquiry.urgency, locale) },
    { title: text('fact.status'), value: statusLine(inquiry, names, locale) },
  ];
  return [
    textBlock(plainText(text('card.title', { number: inquiry.number, subject: inquiry.subject })), {
      size: 'Medium',
      weight: 'Bolder',
      style: 'heading',
      wrap: true,
    }),
    textBlock(plainText(inquiry.body)),
    factSet(facts.map((f) => ({ title: f.title, value: plainText(f.value) }))),
  ];
}

export function statusLine(inquiry: Inquiry, names: InquiryNames, locale: Locale): string {
  const parts: string[] = [INQUIRY_STATUS_WORDS[inquiry.status][locale]];
  if (names.assignee && inquiry.status !== 'submitted') parts.push(inquiryText(locale, 'status.assignee', { name: names.assignee }));
  if (inquiry.answer) {
    parts.push(inquiryText(locale, 'status.answeredBy', { name: names.drafter ?? '' }));
    if (names.approver) parts.push(inquiryText(locale, 'status.approvedBy', { name: names.approver }));
  }
  return parts.join(inquiryText(locale, 'status.separator'));
}

/** The Q&A with the asker so far (質問者に確認). */
export function clarificationSection(inquiry: Inquiry, locale: Locale): CardElement[] {
  if (inquiry.clarifications.length === 0) return [];
  return [
    textBlock(inquiryText(locale, 'clarify.heading'), { weight: 'Bolder', spacing: 'Medium' }),
    ...inquiry.clarifications.flatMap((c) => [
      textBlock(plainText(inquiryText(locale, 'clarify.question', { text: c.question })), { spacing: 'Small' }),
      textBlock(
        plainText(c.reply === null ? inquiryText(locale, 'clarify.waiting') : inquiryText(locale, 'clarify.reply', { text: c.reply })),
        { isSubtle: c.reply === null, spacing: 'None' },
      ),
    ]),
  ];
}
