import type { IsoDate } from '../platform/fiscal-calendar';
import { cardMessage, channelConversation, personConversation, textMessage } from '../platform/outbox/messages';
import type { NewOutboxMessage } from '../platform/outbox/model';
import { escalationCard, sectionCard, type FollowUpKind } from './cards/section-cards';
import { approvalCard, senderCard } from './cards/sender-cards';
import { localeOf, namesOf, sectionManagers, sectionRefreshFor, sectionTargets, type NoticeContext } from './context';
import type { Notice } from './model';
import { noticeOutboxKey } from './outbox-keys';
import { kindName, noticeText } from './strings';

const summaryOf = (notice: Notice) => `${kindName('ja', notice.kind)} ${notice.id} ${notice.title}`.slice(0, 200);

/**
 * The sender's card: the first one goes to the HQ department's inquiry channel (else the
 * sender's personal chat, if the bot can reach them); later ones update it in place.
 */
export function senderCardEffects(notice: Notice, context: NoticeContext, today: IsoDate): NewOutboxMessage[] {
  const locale = context.senderDepartment?.inquiryChannelId ? 'ja' : localeOf(context, notice.senderId);
  const card = senderCard(notice, namesOf(context), today, locale);
  if (context.senderCard) {
    return [
      cardMessage(noticeOutboxKey.senderUpdate(notice.id, notice.updatedAt), context.senderCard.conversationKey, card, summaryOf(notice), {
        updateOf: context.senderCard.key,
      }),
    ];
  }
  const channelId = context.senderDepartment?.inquiryChannelId;
  if (channelId) return [cardMessage(noticeOutboxKey.sender(notice.id), channelConversation(channelId), card, summaryOf(notice))];
  if (context.reachable.has(notice.senderId))
    return [cardMessage(noticeOutboxKey.sender(notice.id), personConversation(notice.senderId), card, summaryOf(notice))];
  return [];
}

/** Sending (or re-sending after a 訂正): one card per reachable section, then the sender's card. */
export function deliveryEffects(notice: Notice, context: NoticeContext, today: IsoDate): NewOutboxMessage[] {
  const names = namesOf(context);
  const messages: NewOutboxMessage[] = [];
  for (const section of notice.sections) {
    if (section.status === 'unreachable') continue;
    const department = context.departments.get(section.departmentId);
    if (!department) continue;
    for (const target of sectionTargets(context, department)) {
      const card = sectionCard(notice, section.departmentId, names, localeOf(context, target.personId), {
        tabUrl: context.tabUrl,
        refreshFor: sectionRefreshFor(context, section.departmentId, target.conversationKey),
      });
      // Someone the app is installed for first: the sender hears, with the reason, if Teams refuses.
      const installing = target.personId !== undefined && context.installing?.has(target.personId);
      const report = installing && {
        reportUnreachableTo: {
          conversationKey: personConversation(notice.senderId),
          what: `${department.office} ${department.name} ${context.people.get(target.personId!)?.displayName ?? target.personId}（${notice.id}）`,
        },
      };
      messages.push(
        cardMessage(
          noticeOutboxKey.sectionCard(notice.id, notice.revision, section.departmentId, target.personId),
          target.conversationKey,
          card,
          summaryOf(notice),
          report || {},
        ),
      );
    }
  }
  return [...messages, ...senderCardEffects(notice, context, today)];
}

/**
 * Awaiting approval: the request goes to the sending department's approvers who can be
 * reached (never the author), or to its channel when none can; the sender's card says so.
 */
export function approvalEffects(notice: Notice, context: NoticeContext, today: IsoDate, sectionCount: number): NewOutboxMessage[] {
  const names = namesOf(context);
  const messages: NewOutboxMessage[] = [];
  const approvers = context.approvers.filter((a) => a.id !== notice.senderId && context.reachable.has(a.id));
  const summary = `${noticeText('ja', 'approval.header')} ${notice.id}`;
  for (const approver of approvers) {
    messages.push(
      cardMessage(
        noticeOutboxKey.approval(notice.id, notice.updatedAt, approver.id),
        personConversation(approver.id),
        approvalCard(notice, names, sectionCount, approver.locale),
        summary,
      ),
    );
  }
  const channelId = context.senderDepartment?.inquiryChannelId;
  if (approvers.length === 0 && channelId)
    messages.push(
      cardMessage(
        noticeOutboxKey.approval(notice.id, notice.updatedAt),
        channelConversation(channelId),
        approvalCard(notice, names, sectionCount, 'ja'),
        summary,
      ),
    );
  return [...messages, ...senderCardEffects(notice, context, today)];
}

/** 差戻し: the sender's card shows the reason, and the author hears of it in personal chat. */
export function returnEffects(notice: Notice, context: NoticeContext, today: IsoDate): NewOutboxMessage[] {
  const messages = senderCardEffects(notice, context, today);
  if (context.reachable.has(notice.senderId) && context.senderCard?.conversationKey !== personConversation(notice.senderId)) {
    const locale = localeOf(context, notice.senderId);
    const text = `${noticeText(locale, 'done.returned', { id: notice.id })} ${noticeText(locale, 'sender.returned', { name: namesOf(context).person(notice.returnedBy ?? ''), comment: notice.returnComment ?? '' })}`;
    messages.push(
      textMessage(noticeOutboxKey.returned(notice.id, notice.updatedAt, notice.senderId), personConversation(notice.senderId), text),
    );
  }
  return messages;
}

/** A section confirmed: each of its cards shows who and when, in place; the sender's count moves. */
export function confirmationEffects(notice: Notice, context: NoticeContext, sectionId: string, today: IsoDate): NewOutboxMessage[] {
  const names = namesOf(context);
  const messages = (context.sectionCards.get(sectionId) ?? []).map((queued) =>
    cardMessage(
      noticeOutboxKey.sectionCardUpdate(queued.key, notice.updatedAt),
      queued.conversationKey,
      sectionCard(notice, sectionId, names, localeOf(context, queued.personId), {
        tabUrl: context.tabUrl,
        refreshFor: sectionRefreshFor(context, sectionId, queued.conversationKey),
      }),
      summaryOf(notice),
      {
        updateOf: queued.key,
      },
    ),
  );
  return [...messages, ...senderCardEffects(notice, context, today)];
}

/**
 * Follow-up of unconfirmed sections: a reminder (the notice card with the deadline called out)
 * where the section's card went; once overdue, the section's managers (課長) are told too, in
 * personal chat, or in the section's channel when none can be reached there.
 */
export function followUpEffects(
  notice: Notice,
  context: NoticeContext,
  plan: { kind: FollowUpKind; sections: string[] },
): NewOutboxMessage[] {
  const names = namesOf(context);
  const messages: NewOutboxMessage[] = [];
  const summary = `${noticeText('ja', plan.kind === 'overdue' ? 'escalation.title' : 'card.confirmBy')} ${notice.id}`;
  for (const sectionId of plan.sections) {
    const department = context.departments.get(sectionId);
    if (!department) continue;
    for (const target of sectionTargets(context, department)) {
      const card = sectionCard(notice, sectionId, names, localeOf(context, target.personId), {
        tabUrl: context.tabUrl,
        reminder: plan.kind,
      });
      messages.push(
        cardMessage(
          noticeOutboxKey.reminder(notice.id, notice.revision, plan.kind, sectionId, target.personId),
          target.conversationKey,
          card,
          summary,
        ),
      );
    }
    if (plan.kind !== 'overdue') continue;
    const managers = sectionManagers(context, sectionId);
    for (const manager of managers) {
      messages.push(
        cardMessage(
          noticeOutboxKey.escalation(notice.id, notice.revision, sectionId, manager.id),
          personConversation(manager.id),
          escalationCard(notice, sectionId, names, manager.locale),
          summary,
        ),
      );
    }
    if (managers.length === 0 && department.noticeChannelId) {
      messages.push(
        cardMessage(
          noticeOutboxKey.escalation(notice.id, notice.revision, sectionId),
          channelConversation(department.noticeChannelId),
          escalationCard(notice, sectionId, names, 'ja'),
          summary,
        ),
      );
    }
  }
  return messages;
}
