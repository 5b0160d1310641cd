import { adaptiveCard, attentionText, plainText, textBlock, type AdaptiveCard } from '../../platform/adaptive-card';
import type { IsoDate } from '../../platform/fiscal-calendar';
import { inquiryActions } from '../card-actions';
import { FINAL_STATUSES, INQUIRY_LIMITS, type Inquiry } from '../model';
import { clarificationSection, questionSection, type InquiryNames } from './inquiry-facts';

/** The asker's status card: updated in place as the inquiry moves, with 取り下げる while open. */
export function askerStatusCard(inquiry: Inquiry, names: InquiryNames, today: IsoDate): AdaptiveCard {
  const body = [
    textBlock('あなたの疑義照会', { isSubtle: true, size: 'Small' }),
    ...questionSection(inquiry, names, today),
    ...clarificationSection(inquiry),
  ];
  if (inquiry.answer) body.push(textBlock('回答', { weight: 'Bolder', spacing: 'Medium' }), textBlock(plainText(inquiry.answer.text)));
  const open = !FINAL_STATUSES.includes(inquiry.status);
  return adaptiveCard(
    body,
    open ? [inquiryActions.withdraw.button('取り下げる', { number: inquiry.number }, { associatedInputs: 'none' })] : [],
  );
}

/** The answer delivered to the asker. */
export function answerCard(inquiry: Inquiry, names: InquiryNames, rulingUrl?: string): AdaptiveCard {
  const who = [names.drafter ? `回答者：${names.drafter}` : '', names.approver ? `承認者：${names.approver}` : '']
    .filter(Boolean)
    .join('　');
  const body = [
    textBlock(plainText(`${inquiry.number} に回答がありました`), { size: 'Large', weight: 'Bolder', style: 'heading', color: 'Good' }),
    textBlock(plainText(`件名：${inquiry.subject}`), { weight: 'Bolder' }),
    textBlock(plainText(inquiry.answer?.text ?? '')),
    textBlock(plainText(`${names.targetDepartment}　${who}`), { isSubtle: true, size: 'Small' }),
  ];
  if (inquiry.rulingId)
    body.push(textBlock(plainText(`この回答は判断事例 ${inquiry.rulingId} として全区に共有されました。`), { color: 'Good' }));
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
  return adaptiveCard([
    textBlock(plainText(title), { weight: 'Bolder', color: 'Good' }),
    ...(detail ? [textBlock(plainText(detail))] : []),
  ]);
}
