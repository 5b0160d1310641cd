import { UNASSIGNED_WORD } from '../../../shared/inquiry-words';
import { adaptiveCard, attentionText, plainText, textBlock, type AdaptiveCard } from '../../platform/adaptive-card';
import type { IsoDate } from '../../platform/fiscal-calendar';
import type { Locale } from '../../platform/i18n';
import { inquiryActions } from '../card-actions';
import { INQUIRY_LIMITS, type Inquiry } from '../model';
import { inquiryText } from '../strings';
import { dueText, questionSection, type InquiryNames } from './inquiry-facts';
import { citationLine } from './similar-cases-section';

/** To the department's approvers: the question and the draft, 承認 or 差戻し with a comment. */
export function approvalCard(inquiry: Inquiry, names: InquiryNames, today: IsoDate, locale: Locale, error?: string): AdaptiveCard {
  const draft = inquiry.draft;
  const body = [
    textBlock(inquiryText(locale, 'approval.title'), { size: 'Large', weight: 'Bolder', style: 'heading' }),
    ...questionSection(inquiry, names, today, locale),
    textBlock(plainText(inquiryText(locale, 'approval.draft', { name: names.drafter ?? '' })), { weight: 'Bolder', spacing: 'Medium' }),
    textBlock(plainText(draft?.text ?? '')),
    textBlock(
      draft?.shareWithAllWards
        ? plainText(inquiryText(locale, 'approval.shareYes', { title: draft.ruling?.title ?? inquiry.subject }))
        : inquiryText(locale, 'approval.shareNo'),
      { isSubtle: true },
    ),
    ...(draft?.citation ? [textBlock(plainText(citationLine(draft.citation, locale)), { isSubtle: true })] : []),
    {
      type: 'Input.Text',
      id: 'comment',
      label: inquiryText(locale, 'approval.comment'),
      isMultiline: true,
      maxLength: INQUIRY_LIMITS.comment,
    },
  ];
  if (error) body.push(attentionText(error));
  const ref = { number: inquiry.number, draftedAt: draft?.draftedAt ?? '' };
  return adaptiveCard(body, [
    inquiryActions.approve.button(inquiryText(locale, 'approval.approve'), ref, { style: 'positive', associatedInputs: 'none' }),
    inquiryActions.return.button(inquiryText(locale, 'approval.return'), ref, { style: 'destructive' }),
  ]);
}

/** To the responder: the approver returned the draft. */
export function returnedCard(inquiry: Inquiry, approverName: string, locale: Locale): AdaptiveCard {
  return adaptiveCard([
    textBlock(plainText(inquiryText(locale, 'returned.title', { number: inquiry.number })), {
      size: 'Medium',
      weight: 'Bolder',
      color: 'Warning',
    }),
    textBlock(plainText(inquiryText(locale, 'subjectLine', { subject: inquiry.subject }))),
    textBlock(plainText(inquiryText(locale, 'saidBy', { name: approverName, text: inquiry.returnComment ?? '' }))),
    textBlock(inquiryText(locale, 'returned.hint'), { isSubtle: true }),
  ]);
}

/** Deadline cards: a reminder in the thread the day before, and an escalation to approvers once overdue. */
export function deadlineCard(
  inquiry: Inquiry,
  names: InquiryNames,
  today: IsoDate,
  kind: 'reminder' | 'escalation',
  locale: Locale,
): AdaptiveCard {
  const title = inquiryText(locale, kind === 'reminder' ? 'deadline.reminder' : 'deadline.escalation', { number: inquiry.number });
  const state = names.assignee ? inquiryText(locale, 'deadline.assignee', { name: names.assignee }) : UNASSIGNED_WORD[locale];
  return adaptiveCard([
    textBlock(plainText(title), { weight: 'Bolder', color: kind === 'reminder' ? 'Warning' : 'Attention' }),
    textBlock(plainText(inquiryText(locale, 'deadline.subject', { subject: inquiry.subject, department: names.askerDepartment }))),
    textBlock(plainText(inquiryText(locale, 'deadline.facts', { due: dueText(inquiry, today, locale), state })), { isSubtle: true }),
  ]);
}

/** To every ward's notice channel: a new shared ruling. */
export function rulingNoticeCard(
  inquiry: Inquiry,
  rulingId: string,
  rulingTitle: string,
  departmentName: string,
  locale: Locale,
  rulingUrl?: string,
): AdaptiveCard {
  return adaptiveCard(
    [
      textBlock(inquiryText(locale, 'ruling.title'), { size: 'Medium', weight: 'Bolder', style: 'heading' }),
      textBlock(plainText(inquiryText(locale, 'ruling.line', { id: rulingId, title: rulingTitle })), { weight: 'Bolder' }),
      textBlock(plainText(inquiryText(locale, 'ruling.body', { department: departmentName, number: inquiry.number }))),
    ],
    rulingUrl ? [{ type: 'Action.OpenUrl', title: inquiryText(locale, 'openRuling'), url: rulingUrl }] : [],
  );
}
