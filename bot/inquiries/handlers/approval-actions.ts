import type { CardActionHandler } from '../../platform/bot-turn';
import { cardActionHandler } from '../../platform/card-action';
import { typedText } from '../../platform/typed-text';
import { inquiryActions } from '../card-actions';
import { doneCard } from '../cards/asker-cards';
import { approvalCard } from '../cards/hq-cards';
import { loadInquiryContext, namesOf } from '../context';
import { INQUIRY_LIMITS } from '../model';
import { inquiryText, refusalText } from '../strings';
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
      return { message: inquiryText(turn.locale, 'approval.stale', { number: access.inquiry.number }) };
    }
    const result = await applyInquiryEvent(deps, access.inquiry.number, { type: 'approve', by: access.actor.person.id });
    if ('error' in result) return { message: refusalText(turn.locale, result.error) };
    return {
      card: doneCard(
        inquiryText(turn.locale, 'approval.done', { number: result.inquiry.number }),
        result.inquiry.rulingId
          ? inquiryText(turn.locale, 'approval.doneShared', { id: result.inquiry.rulingId })
          : inquiryText(turn.locale, 'approval.doneSend'),
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
      return { message: inquiryText(turn.locale, 'approval.stale', { number: inquiry.number }) };
    const comment = typedText(inputs.comment).trim();
    if (!comment || [...comment].length > INQUIRY_LIMITS.comment) {
      const context = await loadInquiryContext(deps.store, inquiry, deps.tabUrl);
      const error = comment
        ? inquiryText(turn.locale, 'approval.commentTooLong', { max: INQUIRY_LIMITS.comment })
        : inquiryText(turn.locale, 'approval.commentMissing');
      return { card: approvalCard(inquiry, namesOf(inquiry, context), turn.today, turn.locale, error) };
    }
    const result = await applyInquiryEvent(deps, inquiry.number, { type: 'return', by: access.actor.person.id, comment });
    if ('error' in result) return { message: refusalText(turn.locale, result.error) };
    return {
      card: doneCard(
        inquiryText(turn.locale, 'approval.returnDone', { number: inquiry.number }),
        inquiryText(turn.locale, 'approval.returnReason', { comment }),
      ),
    };
  });
}
