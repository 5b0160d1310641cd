import type { CardActionHandler } from '../../platform/bot-turn';
import { cardActionHandler } from '../../platform/card-action';
import { typedText } from '../../platform/typed-text';
import { inquiryActions } from '../card-actions';
import { doneCard } from '../cards/asker-cards';
import { approvalCard } from '../cards/hq-cards';
import { loadInquiryContext, namesOf } from '../context';
import { INQUIRY_LIMITS } from '../model';
import { applyInquiryEvent } from '../workflow';
import { accessInquiry } from './access';
import type { InquiryHandlerDeps } from './deps';

/** 承認: the answer goes to the asker (and to every ward if shared). Nobody approves their own draft. */
export function approveAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.approve, async (turn, data) => {
    const access = await accessInquiry(turn, data, deps, 'inquiry.approve');
    if ('message' in access) return access;
    // An approval card is about one draft: pressing it after the draft changed (or was decided) does nothing.
    if (access.inquiry.status !== 'awaitingApproval' || data.draftedAt !== access.inquiry.draft?.draftedAt) {
      return { message: `${access.inquiry.number} の承認依頼は既に処理されたか、回答案が変わっています。` };
    }
    const result = await applyInquiryEvent(deps, access.inquiry.number, { type: 'approve', by: access.actor.person.id });
    if ('error' in result) return { message: result.error };
    return {
      card: doneCard(
        `${result.inquiry.number} を承認しました。`,
        result.inquiry.rulingId
          ? `回答を質問者に送り、判断事例 ${result.inquiry.rulingId} として全区に共有します。`
          : '回答を質問者に送ります。',
      ),
    };
  });
}

/** 差戻し: back to the responder with a comment (required). */
export function returnAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.return, async (turn, data, inputs) => {
    const access = await accessInquiry(turn, data, deps, 'inquiry.return');
    if ('message' in access) return access;
    const { inquiry } = access;
    if (inquiry.status !== 'awaitingApproval' || data.draftedAt !== inquiry.draft?.draftedAt)
      return { message: `${inquiry.number} の承認依頼は既に処理されたか、回答案が変わっています。` };
    const comment = typedText(inputs.comment).trim();
    if (!comment || [...comment].length > INQUIRY_LIMITS.comment) {
      const context = await loadInquiryContext(deps.store, inquiry, deps.tabUrl);
      const error = comment ? `差戻しの理由は ${INQUIRY_LIMITS.comment} 字以内にしてください。` : '差し戻すときは理由を入力してください。';
      return { card: approvalCard(inquiry, namesOf(inquiry, context), turn.today, error) };
    }
    const result = await applyInquiryEvent(deps, inquiry.number, { type: 'return', by: access.actor.person.id, comment });
    if ('error' in result) return { message: result.error };
    return { card: doneCard(`${inquiry.number} を差し戻しました。`, `理由：${comment}`) };
  });
}
