import { addBusinessDays, japanDateOf, type IsoDate } from '../platform/fiscal-calendar';
import type { Store } from '../store/ports';
import { deadlineCard } from './cards/hq-cards';
import { loadInquiryContext, namesOf } from './inquiry-context';
import { FINAL_STATUSES, type Inquiry } from './model';
import { inquiryKey } from './outbox-keys';
import { cardMessage, channelConversation, personConversation } from '../platform/outbox/messages';
import type { NewOutboxMessage } from '../platform/outbox/model';

/** Which open inquiries need a reminder (due the next business day or today) and which are overdue. */
export function planDeadlineWork(today: IsoDate, inquiries: Inquiry[]): { remind: Inquiry[]; escalate: Inquiry[] } {
  const open = inquiries.filter((i) => !FINAL_STATUSES.includes(i.status));
  return {
    remind: open.filter((i) => today <= i.dueOn && addBusinessDays(i.dueOn, -1) <= today),
    escalate: open.filter((i) => today > i.dueOn),
  };
}


/**
 * The day before the due date a reminder goes into the department's thread (or to its people
 * when no channel is bound); once overdue, the department's approvers are told. Keys make
 * each happen once per inquiry, so every instance may run this.
 */
export async function queueDeadlineMessages(store: Store, now: Date, tabUrl: string): Promise<number> {
  const today = japanDateOf(now);
  const plan = planDeadlineWork(today, await store.inquiries.list());
  let queued = 0;
  await store.transaction(async (tx) => {
    const reachable = new Set(await tx.conversations.listKeys());
    const queue = async (candidates: NewOutboxMessage[]) => {
      // Nobody the bot can reach yet: queue nothing, so the next pass tries again (and the
      // outbox never fills with messages that can only die).
      const deliverable = reachable.size === 0 ? [] : candidates.filter((m) => m.conversationKey.startsWith('channel:') || reachable.has(m.conversationKey));
      for (const message of deliverable) if (await tx.outbox.enqueue(message)) queued += 1;
      return deliverable.length;
    };
    for (const inquiry of plan.remind) {
      const context = await loadInquiryContext(tx, inquiry, tabUrl);
      const card = deadlineCard(inquiry, namesOf(inquiry, context), today, 'reminder');
      const summary = `回答期限が近づいています ${inquiry.number}`;
      const channelId = context.department?.inquiryChannelId;
      const thread = context.threadStarted ? inquiryKey.thread(inquiry.number) : undefined;
      await queue(
        channelId
          ? [cardMessage(inquiryKey.threadNote(inquiry.number, 'reminder'), channelConversation(channelId), card, summary, { replyInThreadOf: thread })]
          : context.responders.map((p) => cardMessage(inquiryKey.toPerson(inquiry.number, 'reminder', p.id), personConversation(p.id), card, summary)),
      );
    }
    for (const inquiry of plan.escalate) {
      const context = await loadInquiryContext(tx, inquiry, tabUrl);
      const card = deadlineCard(inquiry, namesOf(inquiry, context), today, 'escalation');
      const summary = `回答期限超過 ${inquiry.number}`;
      const toApprovers = context.approvers.map((a) => cardMessage(inquiryKey.toPerson(inquiry.number, 'escalation', a.id), personConversation(a.id), card, summary));
      const channelId = context.department?.inquiryChannelId;
      // Approvers who never opened the bot are told in the department's channel instead.
      if ((await queue(toApprovers)) === 0 && channelId) {
        await queue([cardMessage(inquiryKey.threadNote(inquiry.number, 'escalation'), channelConversation(channelId), card, summary, { replyInThreadOf: context.threadStarted ? inquiryKey.thread(inquiry.number) : undefined })]);
      }
    }
  });
  return queued;
}
