import {
  adaptiveCard,
  successText,
  attentionText,
  openUrlAction,
  plainText,
  textBlock,
  type AdaptiveCard,
} from '../../platform/adaptive-card';
import type { IsoDate } from '../../platform/fiscal-calendar';
import type { Locale } from '../../platform/i18n';
import { inquiryActions } from '../card-actions';
import { FINAL_STATUSES, INQUIRY_LIMITS, type Inquiry } from '../model';
import { canRestore } from '../rules/lifecycle';
import { inquiryText } from '../strings';
import { clarificationSection, questionSection, type InquiryNames } from './inquiry-facts';
import { caseUrl, citationLine } from './similar-cases-section';

export type AskerCardMode = { kind: 'view' } | { kind: 'withdrawForm'; error?: string; value?: string };

/**
 * The asker's status card: updated in place as the inquiry moves. While open it offers
 * 取り下げる, which first asks for the reason (withdrawForm); a withdrawal made before anyone
 * took the inquiry on can be undone from here.
 */
export function askerStatusCard(
  inquiry: Inquiry,
  names: InquiryNames,
  today: IsoDate,
  locale: Locale,
  mode: AskerCardMode = { kind: 'view' },
): AdaptiveCard {
  const ref = { number: inquiry.number };
  const body = [
    textBlock(inquiryText(locale, 'card.yourInquiry'), { isSubtle: true, size: 'Small' }),
    ...questionSection(inquiry, names, today, locale),
    ...clarificationSection(inquiry, locale),
  ];
  if (inquiry.answer)
    body.push(
      textBlock(inquiryText(locale, 'answer.heading'), { weight: 'Bolder', spacing: 'Medium' }),
      textBlock(plainText(inquiry.answer.text)),
    );
  if (inquiry.answer?.citation) body.push(textBlock(plainText(citationLine(inquiry.answer.citation, locale)), { isSubtle: true }));
  if (inquiry.status === 'withdrawn' && inquiry.withdrawal)
    body.push(textBlock(plainText(inquiryText(locale, 'withdraw.reasonShown', { reason: inquiry.withdrawal.reason })), { isSubtle: true }));
  const open = !FINAL_STATUSES.includes(inquiry.status);
  if (open && mode.kind === 'withdrawForm') {
    body.push(
      textBlock(plainText(inquiryText(locale, 'withdraw.confirmTitle', { number: inquiry.number })), {
        weight: 'Bolder',
        spacing: 'Medium',
      }),
      textBlock(inquiryText(locale, 'withdraw.confirmHint'), { isSubtle: true }),
      {
        type: 'Input.Text',
        id: 'reason',
        label: inquiryText(locale, 'withdraw.reason'),
        isMultiline: true,
        isRequired: true,
        errorMessage: inquiryText(locale, 'withdraw.reasonMissing'),
        maxLength: INQUIRY_LIMITS.withdrawReason,
        value: mode.value ?? '',
      },
    );
    if (mode.error) body.push(attentionText(mode.error));
    return adaptiveCard(body, [
      inquiryActions.withdraw.button(inquiryText(locale, 'withdraw.confirm'), { ...ref, confirm: true }, { style: 'destructive' }),
      inquiryActions.status.button(inquiryText(locale, 'withdraw.cancel'), ref, { associatedInputs: 'none' }),
    ]);
  }
  if (open)
    return adaptiveCard(body, [inquiryActions.withdraw.button(inquiryText(locale, 'withdraw.button'), ref, { associatedInputs: 'none' })]);
  if (canRestore(inquiry)) {
    body.push(textBlock(inquiryText(locale, 'withdraw.undoHint'), { isSubtle: true }));
    return adaptiveCard(body, [inquiryActions.restore.button(inquiryText(locale, 'withdraw.undo'), ref, { associatedInputs: 'none' })]);
  }
  return adaptiveCard(body, []);
}

/** The answer delivered to the asker. */
export function answerCard(inquiry: Inquiry, names: InquiryNames, locale: Locale, rulingUrl?: string, tabUrl?: string): AdaptiveCard {
  const who = [
    names.drafter ? inquiryText(locale, 'answer.drafter', { name: names.drafter }) : '',
    names.approver ? inquiryText(locale, 'answer.approver', { name: names.approver }) : '',
  ]
    .filter(Boolean)
    .join(inquiryText(locale, 'status.separator'));
  const body = [
    successText(plainText(inquiryText(locale, 'answer.title', { number: inquiry.number })), { size: 'Large', style: 'heading' }),
    textBlock(plainText(inquiryText(locale, 'subjectLine', { subject: inquiry.subject })), { weight: 'Bolder' }),
    textBlock(plainText(inquiry.answer?.text ?? '')),
    textBlock(plainText(inquiryText(locale, 'answer.signature', { department: names.targetDepartment, who })), {
      isSubtle: true,
      size: 'Small',
    }),
  ];
  const citation = inquiry.answer?.citation;
  if (citation) {
    const what = inquiryText(locale, citation.kind === 'ruling' ? 'cite.whatRuling' : 'cite.whatInquiry', {
      id: citation.id,
      title: citation.title,
    });
    body.push(textBlock(plainText(inquiryText(locale, 'cite.toAsker', { what })), { weight: 'Bolder' }));
  }
  if (inquiry.rulingId)
    body.push(successText(plainText(inquiryText(locale, 'answer.shared', { id: inquiry.rulingId })), { weight: 'Default' }));
  return adaptiveCard(body, [
    ...(rulingUrl && inquiry.rulingId ? [openUrlAction(inquiryText(locale, 'openRuling'), rulingUrl)] : []),
    ...(citation && tabUrl ? [openUrlAction(inquiryText(locale, 'cite.open'), caseUrl(tabUrl, citation.kind, citation.id))] : []),
  ]);
}

/** 質問者に確認: HQ's question to the asker, answered in this card (the reply lands in the thread). */
export function clarificationRequestCard(
  inquiry: Inquiry,
  question: string,
  askedByName: string,
  locale: Locale,
  error?: string,
  value?: string,
): AdaptiveCard {
  const body = [
    textBlock(plainText(inquiryText(locale, 'clarify.title', { number: inquiry.number })), {
      size: 'Medium',
      weight: 'Bolder',
      style: 'heading',
    }),
    textBlock(plainText(inquiryText(locale, 'subjectLine', { subject: inquiry.subject })), { isSubtle: true }),
    textBlock(plainText(inquiryText(locale, 'saidBy', { name: askedByName, text: question }))),
    {
      type: 'Input.Text',
      id: 'reply',
      label: inquiryText(locale, 'clarify.replyLabel'),
      isMultiline: true,
      isRequired: true,
      errorMessage: inquiryText(locale, 'clarify.replyMissing'),
      maxLength: INQUIRY_LIMITS.question,
      value: value ?? '',
    },
  ];
  if (error) body.push(attentionText(error));
  return adaptiveCard(body, [
    inquiryActions.reply.button(
      inquiryText(locale, 'clarify.send'),
      { number: inquiry.number, clarification: inquiry.clarifications.length - 1 },
      { style: 'positive' },
    ),
  ]);
}

/** A short card that replaces an action's card when it is done. */
export function doneCard(title: string, detail?: string): AdaptiveCard {
  return adaptiveCard([successText(plainText(title)), ...(detail ? [textBlock(plainText(detail))] : [])]);
}
