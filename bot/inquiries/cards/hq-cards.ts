import { UNASSIGNED_WORD } from '../../../shared/inquiry-words';
import { adaptiveCard, attentionText, plainText, textBlock, type AdaptiveCard } from '../../platform/adaptive-card';
import type { IsoDate } from '../../platform/fiscal-calendar';
import { inquiryActions } from '../card-actions';
import { INQUIRY_LIMITS, type Inquiry } from '../model';
import { dueText, questionSection, type InquiryNames } from './inquiry-facts';

/** To the department's approvers: the question and the draft, 承認 or 差戻し with a comment. */
export function approvalCard(inquiry: Inquiry, names: InquiryNames, today: IsoDate, error?: string): AdaptiveCard {
  const draft = inquiry.draft;
  const body = [
    textBlock('回答の承認依頼', { size: 'Large', weight: 'Bolder', style: 'heading' }),
    ...questionSection(inquiry, names, today),
    textBlock(plainText(`回答案（${names.drafter ?? ''}）`), { weight: 'Bolder', spacing: 'Medium' }),
    textBlock(plainText(draft?.text ?? '')),
    textBlock(
      draft?.shareWithAllWards ? plainText(`全区共有：する（判断事例「${draft.ruling?.title ?? inquiry.subject}」）`) : '全区共有：しない',
      { isSubtle: true },
    ),
    {
      type: 'Input.Text',
      id: 'comment',
      label: '差戻しの理由（差し戻すときは必須）',
      isMultiline: true,
      maxLength: INQUIRY_LIMITS.comment,
    },
  ];
  if (error) body.push(attentionText(error));
  const ref = { number: inquiry.number, draftedAt: draft?.draftedAt ?? '' };
  return adaptiveCard(body, [
    inquiryActions.approve.button('承認', ref, { style: 'positive', associatedInputs: 'none' }),
    inquiryActions.return.button('差戻し', ref, { style: 'destructive' }),
  ]);
}

/** To the responder: the approver returned the draft. */
export function returnedCard(inquiry: Inquiry, approverName: string): AdaptiveCard {
  return adaptiveCard([
    textBlock(plainText(`${inquiry.number} の回答案が差し戻されました`), { size: 'Medium', weight: 'Bolder', color: 'Warning' }),
    textBlock(plainText(`件名：${inquiry.subject}`)),
    textBlock(plainText(`${approverName}：${inquiry.returnComment ?? ''}`)),
    textBlock('所管課のチャネルのスレッドで「回答する」から修正してください。', { isSubtle: true }),
  ]);
}

/** Deadline cards: a reminder in the thread the day before, and an escalation to approvers once overdue. */
export function deadlineCard(inquiry: Inquiry, names: InquiryNames, today: IsoDate, kind: 'reminder' | 'escalation'): AdaptiveCard {
  const title = kind === 'reminder' ? `回答期限が近づいています：${inquiry.number}` : `回答期限を過ぎています：${inquiry.number}`;
  return adaptiveCard([
    textBlock(plainText(title), { weight: 'Bolder', color: kind === 'reminder' ? 'Warning' : 'Attention' }),
    textBlock(plainText(`${inquiry.subject}（${names.askerDepartment}）`)),
    textBlock(
      plainText(`希望回答日：${dueText(inquiry, today)}　状態：${names.assignee ? `担当 ${names.assignee}` : UNASSIGNED_WORD.ja}`),
      {
        isSubtle: true,
      },
    ),
  ]);
}

/** To every ward's notice channel: a new shared ruling. */
export function rulingNoticeCard(
  inquiry: Inquiry,
  rulingId: string,
  rulingTitle: string,
  departmentName: string,
  rulingUrl?: string,
): AdaptiveCard {
  return adaptiveCard(
    [
      textBlock('新しい判断事例が共有されました', { size: 'Medium', weight: 'Bolder', style: 'heading' }),
      textBlock(plainText(`${rulingId}　${rulingTitle}`), { weight: 'Bolder' }),
      textBlock(plainText(`${departmentName} が ${inquiry.number} への回答を全区共有としました。同じ取扱いをしてください。`)),
    ],
    rulingUrl ? [{ type: 'Action.OpenUrl', title: '判断事例を開く', url: rulingUrl }] : [],
  );
}
