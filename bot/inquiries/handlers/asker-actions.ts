import type { CardActionHandler } from '../../platform/bot-turn';
import { cardActionHandler } from '../../platform/card-action';
import { typedText } from '../../platform/typed-text';
import { inquiryActions } from '../card-actions';
import { askerStatusCard, clarificationRequestCard, doneCard } from '../cards/asker-cards';
import { loadInquiryContext, namesOf } from '../context';
import { INQUIRY_LIMITS } from '../model';
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
    if (inquiry.status !== 'awaitingInfo' || !open) return { message: `${inquiry.number} への確認には既に回答済みです。` };
    if (!reply || [...reply].length > INQUIRY_LIMITS.question) {
      const askedBy = (await deps.store.people.get(open.askedBy))?.displayName ?? open.askedBy;
      const error = reply ? `回答は ${INQUIRY_LIMITS.question} 字以内にしてください。` : '回答を入力してください。';
      return { card: clarificationRequestCard(inquiry, open.question, askedBy, error, reply.slice(0, INQUIRY_LIMITS.question)) };
    }
    const result = await applyInquiryEvent(deps, inquiry.number, { type: 'provideInfo', by: access.actor.person.id, reply });
    if ('error' in result) return { message: result.error };
    return { card: doneCard(`${inquiry.number} について所管課に返信しました。`, reply) };
  });
}

/** 取り下げる: the asker takes the question back while it is open. */
export function withdrawAction(deps: InquiryHandlerDeps): CardActionHandler {
  return cardActionHandler(inquiryActions.withdraw, async (turn, data) => {
    const access = await accessInquiry(turn, data, deps, 'inquiry.withdraw');
    if ('message' in access) return access;
    const result = await applyInquiryEvent(deps, access.inquiry.number, { type: 'withdraw', by: access.actor.person.id });
    if ('error' in result) return { message: result.error };
    const context = await loadInquiryContext(deps.store, result.inquiry, deps.tabUrl);
    return { card: askerStatusCard(result.inquiry, namesOf(result.inquiry, context), turn.today) };
  });
}
