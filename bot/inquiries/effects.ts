import type { IsoDate } from '../platform/fiscal-calendar';
import { cardMessage, channelConversation, personConversation, textMessage } from '../platform/outbox/messages';
import type { NewOutboxMessage } from '../platform/outbox/model';
import { answerCard, askerStatusCard, clarificationRequestCard } from './cards/asker-cards';
import { approvalCard, deadlineCard, returnedCard, rulingNoticeCard } from './cards/hq-cards';
import { threadCard } from './cards/thread-card';
import { namesOf, rulingUrl, type InquiryContext } from './context';
import type { Inquiry } from './model';
import { inquiryOutboxKey } from './outbox-keys';
import type { InquiryEvent } from './rules/lifecycle';
import { inquiryText } from './strings';
import type { Locale } from '../platform/i18n';

const person = personConversation;
const channel = channelConversation;

/** Cards in a channel are in Japanese (the city's language); a card to one person is in theirs. */
const CHANNEL_LOCALE: Locale = 'ja';
const localeOf = (context: InquiryContext, personId: string | null | undefined): Locale =>
  (personId && context.people.get(personId)?.locale) || 'ja';

/** Where the department's thread lives: its Q&A channel, or (not bound yet) nowhere. */
function threadConversation(context: InquiryContext): string | undefined {
  return context.department?.inquiryChannelId ? channel(context.department.inquiryChannelId) : undefined;
}

/** A new inquiry: the thread in the department's channel, and the asker's status card. */
export function submissionEffects(inquiry: Inquiry, context: InquiryContext, today: IsoDate): NewOutboxMessage[] {
  const names = namesOf(inquiry, context);
  const messages: NewOutboxMessage[] = [];
  const thread = threadConversation(context);
  const summary = (locale: Locale) => inquiryText(locale, 'summary.inquiry', { number: inquiry.number, subject: inquiry.subject });
  if (thread)
    messages.push(
      cardMessage(
        inquiryOutboxKey.thread(inquiry.number),
        thread,
        threadCard(inquiry, names, today, { kind: 'view' }, context.department?.approvalRequired, {
          viewer: 'everyone',
          refreshFor: context.refreshUserIds,
        }),
        summary(CHANNEL_LOCALE),
      ),
    );
  else {
    // No channel bound: the department's people get the card in personal chat, so nothing waits unseen.
    for (const p of context.responders)
      messages.push(
        cardMessage(
          inquiryOutboxKey.toPerson(inquiry.number, 'unbound', p.id),
          person(p.id),
          threadCard(inquiry, names, today, { kind: 'view' }, context.department?.approvalRequired, {
            viewer: 'everyone',
            locale: p.locale,
          }),
          summary(p.locale),
        ),
      );
  }
  const askerLocale = localeOf(context, inquiry.askerId);
  messages.push(
    cardMessage(
      inquiryOutboxKey.askerStatus(inquiry.number),
      person(inquiry.askerId),
      askerStatusCard(inquiry, names, today, askerLocale),
      summary(askerLocale),
    ),
  );
  return messages;
}

/**
 * What one lifecycle step sends, all through the outbox in the step's transaction: the thread
 * card and the asker's status card show the new state; then what the step itself causes.
 */
export function eventEffects(
  before: Inquiry,
  after: Inquiry,
  event: InquiryEvent,
  context: InquiryContext,
  today: IsoDate,
): NewOutboxMessage[] {
  const n = after.number;
  const names = namesOf(after, context);
  const thread = threadConversation(context);
  const version = after.updatedAt;
  const messages: NewOutboxMessage[] = [];
  const inThread = (what: string, text: string) => {
    if (thread)
      messages.push(textMessage(inquiryOutboxKey.threadNote(n, what), thread, text, { replyInThreadOf: inquiryOutboxKey.thread(n) }));
  };
  // The cards show the new state: an update of the card sent before, or (an inquiry from
  // before this flow, e.g. demo data) a first card that later notes reply under.
  if (thread) {
    const card = threadCard(after, names, today, { kind: 'view' }, context.department?.approvalRequired, {
      viewer: 'everyone',
      refreshFor: context.refreshUserIds,
    });
    messages.push(
      context.threadStarted
        ? cardMessage(
            inquiryOutboxKey.threadUpdate(n, version),
            thread,
            card,
            inquiryText(CHANNEL_LOCALE, 'summary.update', { number: n }),
            {
              updateOf: inquiryOutboxKey.thread(n),
            },
          )
        : cardMessage(
            inquiryOutboxKey.thread(n),
            thread,
            card,
            inquiryText(CHANNEL_LOCALE, 'summary.inquiry', { number: n, subject: after.subject }),
          ),
    );
  }
  const askerLocale = localeOf(context, after.askerId);
  const status = askerStatusCard(after, names, today, askerLocale);
  messages.push(
    context.statusCardSent
      ? cardMessage(
          inquiryOutboxKey.statusUpdate(n, version),
          person(after.askerId),
          status,
          inquiryText(askerLocale, 'summary.update', { number: n }),
          { updateOf: inquiryOutboxKey.askerStatus(n) },
        )
      : cardMessage(
          inquiryOutboxKey.askerStatus(n),
          person(after.askerId),
          status,
          inquiryText(askerLocale, 'summary.inquiry', { number: n, subject: after.subject }),
        ),
  );

  switch (event.type) {
    case 'claim':
      inThread(`claimed:${version}`, inquiryText(CHANNEL_LOCALE, 'note.claimed', { name: names.assignee ?? '' }));
      break;
    case 'requestInfo': {
      const index = after.clarifications.length - 1;
      const askedBy = context.people.get(event.by)?.displayName ?? event.by;
      messages.push(
        cardMessage(
          inquiryOutboxKey.toPerson(n, `clarify:${index}`, after.askerId),
          person(after.askerId),
          clarificationRequestCard(after, event.question, askedBy, askerLocale),
          inquiryText(askerLocale, 'summary.clarify', { number: n }),
        ),
      );
      inThread(`clarify:${index}`, inquiryText(CHANNEL_LOCALE, 'note.clarify', { name: askedBy, question: event.question }));
      break;
    }
    case 'provideInfo':
      inThread(
        `clarify:${after.clarifications.length - 1}:reply`,
        inquiryText(CHANNEL_LOCALE, 'note.clarifyReply', { name: names.asker, reply: event.reply }),
      );
      break;
    case 'submitAnswer':
      if (after.status === 'awaitingApproval') {
        const approvers = context.approvers.filter((a) => a.id !== event.by);
        const reachable = approvers.filter((a) => context.reachable.has(a.id));
        for (const approver of reachable) {
          messages.push(
            cardMessage(
              inquiryOutboxKey.toPerson(n, `approval:${after.draft?.draftedAt}`, approver.id),
              person(approver.id),
              approvalCard(after, names, today, approver.locale),
              inquiryText(approver.locale, 'approval.summary', { number: n }),
            ),
          );
        }
        inThread(
          `approval:${version}`,
          inquiryText(CHANNEL_LOCALE, 'note.approval', {
            names:
              approvers.map((a) => a.displayName).join(inquiryText(CHANNEL_LOCALE, 'listSeparator')) ||
              inquiryText(CHANNEL_LOCALE, 'note.noApprover'),
          }),
        );
        // Approvers who never opened the bot decide in the department's thread instead.
        if (reachable.length === 0 && thread) {
          messages.push(
            cardMessage(
              inquiryOutboxKey.threadNote(n, `approval-card:${after.draft?.draftedAt}`),
              thread,
              approvalCard(after, names, today, CHANNEL_LOCALE),
              inquiryText(CHANNEL_LOCALE, 'approval.summary', { number: n }),
              { replyInThreadOf: inquiryOutboxKey.thread(n) },
            ),
          );
        }
      }
      break;
    case 'return': {
      const approverName = context.people.get(event.by)?.displayName ?? event.by;
      const drafter = before.draft?.draftedBy;
      if (drafter && context.reachable.has(drafter))
        messages.push(
          cardMessage(
            inquiryOutboxKey.toPerson(n, `returned:${version}`, drafter),
            person(drafter),
            returnedCard(after, approverName, localeOf(context, drafter)),
            inquiryText(localeOf(context, drafter), 'returned.summary', { number: n }),
          ),
        );
      inThread(`returned:${version}`, inquiryText(CHANNEL_LOCALE, 'note.returned', { name: approverName, comment: event.comment }));
      break;
    }
    case 'withdraw':
      inThread(`withdrawn:${version}`, inquiryText(CHANNEL_LOCALE, 'note.withdrawn', { reason: event.reason }));
      break;
    case 'restore':
      inThread(`restored:${version}`, inquiryText(CHANNEL_LOCALE, 'note.restored'));
      break;
    case 'release':
      inThread(
        `released:${version}`,
        inquiryText(CHANNEL_LOCALE, 'note.released', { name: context.people.get(event.by)?.displayName ?? event.by }),
      );
      break;
    case 'reassign': {
      const nameOf = (id: string) => context.people.get(id)?.displayName ?? id;
      const by = nameOf(event.by);
      const from = before.assigneeId ? inquiryText(CHANNEL_LOCALE, 'note.reassignedFrom', { name: nameOf(before.assigneeId) }) : '';
      inThread(`reassigned:${version}`, inquiryText(CHANNEL_LOCALE, 'note.reassigned', { by, from, to: nameOf(event.to) }));
      // The new responder hears it in personal chat (when the bot can reach them), with the card to act on.
      const locale = localeOf(context, event.to);
      if (context.reachable.has(event.to) && event.to !== event.by)
        messages.push(
          cardMessage(
            inquiryOutboxKey.toPerson(n, `assigned:${version}`, event.to),
            person(event.to),
            threadCard(after, names, today, { kind: 'view' }, context.department?.approvalRequired, {
              viewer: 'everyone',
              header: inquiryText(locale, 'assigned.header', { by }),
              locale,
            }),
            inquiryText(locale, 'assigned.summary', { number: n }),
          ),
        );
      break;
    }
    default:
      break;
  }

  if (after.answer && !before.answer) messages.push(...deliveryEffects(after, context));
  return messages;
}

/** The answer reaches the thread and the asker; a shared one is announced to every ward. */
function deliveryEffects(inquiry: Inquiry, context: InquiryContext): NewOutboxMessage[] {
  const n = inquiry.number;
  const names = namesOf(inquiry, context);
  const thread = threadConversation(context);
  const url = inquiry.rulingId ? rulingUrl(context, inquiry.rulingId) : undefined;
  const messages: NewOutboxMessage[] = [];
  const signed = inquiryText(CHANNEL_LOCALE, 'note.answer', {
    text: inquiry.answer?.text ?? '',
    drafter: names.drafter ?? '',
    approver: names.approver ? inquiryText(CHANNEL_LOCALE, 'note.answerApprover', { name: names.approver }) : '',
  });
  if (thread)
    messages.push(textMessage(inquiryOutboxKey.threadNote(n, 'answer'), thread, signed, { replyInThreadOf: inquiryOutboxKey.thread(n) }));
  const askerLocale = localeOf(context, inquiry.askerId);
  messages.push(
    cardMessage(
      inquiryOutboxKey.toPerson(n, 'answer', inquiry.askerId),
      person(inquiry.askerId),
      answerCard(inquiry, names, askerLocale, url, context.tabUrl),
      inquiryText(askerLocale, 'summary.answered', { number: n }),
    ),
  );
  if (inquiry.rulingId) {
    const title = inquiry.draft?.ruling?.title || inquiry.subject;
    for (const channelId of context.wardNoticeChannels) {
      messages.push(
        cardMessage(
          inquiryOutboxKey.notice(n, channelId),
          channel(channelId),
          rulingNoticeCard(inquiry, inquiry.rulingId, title, names.targetDepartment, CHANNEL_LOCALE, url),
          inquiryText(CHANNEL_LOCALE, 'summary.ruling', { id: inquiry.rulingId }),
        ),
      );
    }
  }
  return messages;
}

/** The day before the due date: a reminder in the department's thread, or to its people when no channel is bound. */
export function reminderEffects(inquiry: Inquiry, context: InquiryContext, today: IsoDate): NewOutboxMessage[] {
  const n = inquiry.number;
  const card = (locale: Locale) => deadlineCard(inquiry, namesOf(inquiry, context), today, 'reminder', locale);
  const summary = (locale: Locale) => inquiryText(locale, 'summary.reminder', { number: n });
  const channelId = context.department?.inquiryChannelId;
  if (!channelId)
    return context.responders.map((p) =>
      cardMessage(inquiryOutboxKey.toPerson(n, 'reminder', p.id), person(p.id), card(p.locale), summary(p.locale)),
    );
  return [
    cardMessage(inquiryOutboxKey.threadNote(n, 'reminder'), channel(channelId), card(CHANNEL_LOCALE), summary(CHANNEL_LOCALE), {
      replyInThreadOf: context.threadStarted ? inquiryOutboxKey.thread(n) : undefined,
    }),
  ];
}

/** Once overdue: the department's approvers are told, or (none reachable) its thread. */
export function escalationEffects(
  inquiry: Inquiry,
  context: InquiryContext,
  today: IsoDate,
): { toApprovers: NewOutboxMessage[]; inThread: NewOutboxMessage[] } {
  const n = inquiry.number;
  const card = (locale: Locale) => deadlineCard(inquiry, namesOf(inquiry, context), today, 'escalation', locale);
  const summary = (locale: Locale) => inquiryText(locale, 'summary.escalation', { number: n });
  const channelId = context.department?.inquiryChannelId;
  return {
    toApprovers: context.approvers.map((a) =>
      cardMessage(inquiryOutboxKey.toPerson(n, 'escalation', a.id), person(a.id), card(a.locale), summary(a.locale)),
    ),
    inThread: channelId
      ? [
          cardMessage(inquiryOutboxKey.threadNote(n, 'escalation'), channel(channelId), card(CHANNEL_LOCALE), summary(CHANNEL_LOCALE), {
            replyInThreadOf: context.threadStarted ? inquiryOutboxKey.thread(n) : undefined,
          }),
        ]
      : [],
  };
}
