import type { BotTurn, CardActionHandler, CardActionResult } from '../../platform/bot-turn';
import { cardActionHandler } from '../../platform/card-action';
import { typedText } from '../../platform/typed-text';
import { inquiryActions } from '../card-actions';
import { askerStatusCard, clarificationRequestCard, doneCard, type AskerCardMode } from '../cards/asker-cards';
import { loadInquiryContext, namesOf } from '../context';
import { INQUIRY_LIMITS, type Inquiry } from '../model';
import { ALLOWED_FROM } from '../rules/lifecycle';
import { fieldError, inquiryText, refusalText } from '../strings';
import { applyInquiryEvent } from '../workflow';
import { accessInquiry } from './access';
import type { InquiryHandlerDeps } from './deps';

/** 所管課に返信する: the asker's reply to 質問者に確認 lands in the department's thread. */
export function replyAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.reply, async (turn, data, inputs) => {
    const access = await accessInquiry(turn, data, deps, 'inquiry.reply');
    if ('message' in access) return access;
    const { inquiry } = access;
    const reply = typedText(inputs.reply).trim();
    const open = inquiry.clarifications.at(-1);
    if (inquiry.status !== 'awaitingInfo' || !open)
      return { message: inquiryText(turn.locale, 'error.alreadyReplied', { number: inquiry.number }) };
    if (!reply || [...reply].length > INQUIRY_LIMITS.question) {
      const askedBy = (await deps.store.people.get(open.askedBy))?.displayName ?? open.askedBy;
      const error = reply
        ? fieldError(turn.locale, 'reply', `回答は ${INQUIRY_LIMITS.question} 字以内にしてください。`)
        : inquiryText(turn.locale, 'clarify.replyMissing');
      return {
        card: clarificationRequestCard(inquiry, open.question, askedBy, turn.locale, error, reply.slice(0, INQUIRY_LIMITS.question)),
      };
    }
    const result = await applyInquiryEvent(deps, inquiry.number, { type: 'provideInfo', by: access.actor.person.id, reply });
    if ('error' in result) return { message: refusalText(turn.locale, result.error) };
    return { card: doneCard(inquiryText(turn.locale, 'clarify.done', { number: inquiry.number }), reply) };
  });
}

/**
 * 取り下げる: the first press (no `confirm`) turns the status card into a confirmation asking
 * for the reason; 取り下げる（確定） with a reason withdraws and tells the department's thread.
 */
export function withdrawAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.withdraw, async (turn, data, inputs) => {
    const access = await accessInquiry(turn, data, deps, 'inquiry.withdraw');
    if ('message' in access) return access;
    const { inquiry } = access;
    if (!ALLOWED_FROM.withdraw.includes(inquiry.status)) return statusCardResult(deps, inquiry, turn);
    const reason = typedText(inputs.reason).trim();
    if (!data.confirm) return statusCardResult(deps, inquiry, turn, { kind: 'withdrawForm' });
    const max = INQUIRY_LIMITS.withdrawReason;
    if (!reason || [...reason].length > max) {
      const error = reason
        ? inquiryText(turn.locale, 'withdraw.reasonTooLong', { max })
        : inquiryText(turn.locale, 'withdraw.reasonMissing');
      return statusCardResult(deps, inquiry, turn, { kind: 'withdrawForm', error, value: [...reason].slice(0, max).join('') });
    }
    const result = await applyInquiryEvent(deps, inquiry.number, { type: 'withdraw', by: access.actor.person.id, reason });
    if ('error' in result) return { message: refusalText(turn.locale, result.error) };
    return statusCardResult(deps, result.inquiry, turn);
  });
}

/** キャンセル on the withdraw form: the status card as the store has it. */
export function statusAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.status, async (turn, data) => {
    const access = await accessInquiry(turn, data, deps, 'inquiry.view');
    if ('message' in access) return access;
    return statusCardResult(deps, access.inquiry, turn);
  });
}

/** 取下げを取り消す: back to the department's queue, while nobody had taken it on. */
export function restoreAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.restore, async (turn, data) => {
    const access = await accessInquiry(turn, data, deps, 'inquiry.restore');
    if ('message' in access) return access;
    const result = await applyInquiryEvent(deps, access.inquiry.number, { type: 'restore', by: access.actor.person.id });
    if ('error' in result) return { message: refusalText(turn.locale, result.error) };
    return statusCardResult(deps, result.inquiry, turn);
  });
}

async function statusCardResult(
  deps: InquiryHandlerDeps,
  inquiry: Inquiry,
  turn: Pick<BotTurn, 'today' | 'locale'>,
  mode?: AskerCardMode,
): Promise<CardActionResult> {
  const context = await loadInquiryContext(deps.store, inquiry, deps.tabUrl);
  return { card: askerStatusCard(inquiry, namesOf(inquiry, context), turn.today, turn.locale, mode) };
}
