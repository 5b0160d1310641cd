import { adaptiveCard, successText, attentionText, plainText, textBlock, type AdaptiveCard } from '../../platform/adaptive-card';
import type { IsoDate } from '../../platform/fiscal-calendar';
import { inquiryActions } from '../card-actions';
import { FINAL_STATUSES, INQUIRY_LIMITS, type Inquiry } from '../model';
import { canRestore } from '../rules/lifecycle';
import { inquiryText } from '../strings';
import { clarificationSection, questionSection, type InquiryNames } from './inquiry-facts';

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
  mode: AskerCardMode = { kind: 'view' },
): AdaptiveCard {
  const ref = { number: inquiry.number };
  const body = [
    textBlock('あなたの疑義照会', { isSubtle: true, size: 'Small' }),
    ...questionSection(inquiry, names, today),
    ...clarificationSection(inquiry),
  ];
  if (inquiry.answer) body.push(textBlock('回答', { weight: 'Bolder', spacing: 'Medium' }), textBlock(plainText(inquiry.answer.text)));
  if (inquiry.status === 'withdrawn' && inquiry.withdrawal)
    body.push(textBlock(plainText(inquiryText('ja', 'withdraw.reasonShown', { reason: inquiry.withdrawal.reason })), { isSubtle: true }));
  const open = !FINAL_STATUSES.includes(inquiry.status);
  if (open && mode.kind === 'withdrawForm') {
    body.push(
      textBlock(plainText(inquiryText('ja', 'withdraw.confirmTitle', { number: inquiry.number })), { weight: 'Bolder', spacing: 'Medium' }),
      textBlock(inquiryText('ja', 'withdraw.confirmHint'), { isSubtle: true }),
      {
        type: 'Input.Text',
        id: 'reason',
        label: inquiryText('ja', 'withdraw.reason'),
        isMultiline: true,
        isRequired: true,
        errorMessage: inquiryText('ja', 'withdraw.reasonMissing'),
        maxLength: INQUIRY_LIMITS.withdrawReason,
        value: mode.value ?? '',
      },
    );
    if (mode.error) body.push(attentionText(mode.error));
    return adaptiveCard(body, [
      inquiryActions.withdraw.button(inquiryText('ja', 'withdraw.confirm'), { ...ref, confirm: true }, { style: 'destructive' }),
      inquiryActions.status.button(inquiryText('ja', 'withdraw.cancel'), ref, { associatedInputs: 'none' }),
    ]);
  }
  if (open)
    return adaptiveCard(body, [inquiryActions.withdraw.button(inquiryText('ja', 'withdraw.button'), ref, { associatedInputs: 'none' })]);
  if (canRestore(inquiry)) {
    body.push(textBlock(inquiryText('ja', 'withdraw.undoHint'), { isSubtle: true }));
    return adaptiveCard(body, [inquiryActions.restore.button(inquiryText('ja', 'withdraw.undo'), ref, { associatedInputs: 'none' })]);
  }
  return adaptiveCard(body, []);
}

/** The answer delivered to the asker. */
export function answerCard(inquiry: Inquiry, names: InquiryNames, rulingUrl?: string): AdaptiveCard {
  const who = [names.drafter ? `回答者：${names.drafter}` : '', names.approver ? `承認者：${names.approver}` : '']
    .filter(Boolean)
    .join('　');
  const body = [
    successText(plainText(`${inquiry.number} に回答がありました`), { size: 'Large', style: 'heading' }),
    textBlock(plainText(`件名：${inquiry.subject}`), { weight: 'Bolder' }),
    textBlock(plainText(inquiry.answer?.text ?? '')),
    textBlock(plainText(`${names.targetDepartment}　${who}`), { isSubtle: true, size: 'Small' }),
  ];
  if (inquiry.rulingId)
    body.push(successText(plainText(`この回答は判断事例 ${inquiry.rulingId} として全区に共有されました。`), { weight: 'Default' }));
  return adaptiveCard(body, rulingUrl && inquiry.rulingId ? [{ type: 'Action.OpenUrl', title: '判断事例を開く', url: rulingUrl }] : []);
}

/** 質問者に確認: HQ's question to the asker, answered in this card (the reply lands in the thread). */
export function clarificationRequestCard(
  inquiry: Inquiry,
  question: string,
  askedByName: string,
  error?: string,
  value?: string,
): AdaptiveCard {
  const body = [
    textBlock(plainText(`${inquiry.number} について所管課から確認があります`), { size: 'Medium', weight: 'Bolder', style: 'heading' }),
    textBlock(plainText(`件名：${inquiry.subject}`), { isSubtle: true }),
    textBlock(plainText(`${askedByName}：${question}`)),
    {
      type: 'Input.Text',
      id: 'reply',
      label: '回答',
      isMultiline: true,
      isRequired: true,
      errorMessage: '回答を入力してください。',
      maxLength: INQUIRY_LIMITS.question,
      value: value ?? '',
    },
  ];
  if (error) body.push(attentionText(error));
  return adaptiveCard(body, [
    inquiryActions.reply.button(
      '所管課に返信する',
      { number: inquiry.number, clarification: inquiry.clarifications.length - 1 },
      { style: 'positive' },
    ),
  ]);
}

/** A short card that replaces an action's card when it is done. */
export function doneCard(title: string, detail?: string): AdaptiveCard {
  return adaptiveCard([successText(plainText(title)), ...(detail ? [textBlock(plainText(detail))] : [])]);
}
