import type { IsoDate } from '../platform/fiscal-calendar';
import { formatDate } from '../platform/fiscal-calendar';
import { cardMessage, channelConversation, personConversation, textMessage } from '../platform/outbox/messages';
import type { NewOutboxMessage } from '../platform/outbox/model';
import { sectionManagers, sectionTargets } from '../platform/ward-delivery';
import { answerCard } from './cards/answer-card';
import { escalationCard, reminderCard } from './cards/follow-up-cards';
import { senderCard } from './cards/sender-card';
import { personName } from './cards/survey-facts';
import { localeOf, type SurveyContext } from './context';
import type { Survey, SurveyAnswer } from './model';
import { surveyOutboxKey } from './outbox-keys';
import { sectionsWithoutAnswer, type FollowUpKind } from './rules/follow-up';
import { answerCount } from './rules/sections';
import { surveyText } from './strings';
import { sectionName } from './table';

/**
 * What each step of the 照会 flow sends, as outbox messages (values; the workflow queues them in
 * the step's transaction). Channel cards are in Japanese, a person's card in their language.
 */

const summaryOf = (survey: Survey) => `${surveyText('ja', 'card.header')} ${survey.id} ${survey.title}`.slice(0, 200);

/** HQ's card: the first goes to the department's inquiry channel (else the sender's chat); later ones update it in place. */
export function senderCardEffects(
  survey: Survey,
  answers: SurveyAnswer[],
  context: SurveyContext,
  today: IsoDate,
  stamp: string,
): NewOutboxMessage[] {
  const channelId = context.senderDepartment?.inquiryChannelId;
  const locale = channelId ? 'ja' : localeOf(context, survey.senderId);
  const card = senderCard(survey, answers, context, today, locale, { tabUrl: context.tabUrl });
  if (context.senderCard)
    return [
      cardMessage(surveyOutboxKey.senderUpdate(survey.id, stamp), context.senderCard.conversationKey, card, summaryOf(survey), {
        updateOf: context.senderCard.key,
      }),
    ];
  if (channelId) return [cardMessage(surveyOutboxKey.sender(survey.id), channelConversation(channelId), card, summaryOf(survey))];
  if (context.reachable.has(survey.senderId))
    return [cardMessage(surveyOutboxKey.sender(survey.id), personConversation(survey.senderId), card, summaryOf(survey))];
  return [];
}

/** Sending: one answer card per reachable section (its channel, or each of its people), then HQ's card. */
export function deliveryEffects(survey: Survey, answers: SurveyAnswer[], context: SurveyContext, today: IsoDate): NewOutboxMessage[] {
  const messages: NewOutboxMessage[] = [];
  for (const answer of answers) {
    if (answer.status === 'unreachable') continue;
    const department = context.departments.get(answer.departmentId);
    if (!department) continue;
    for (const target of sectionTargets(context, department)) {
      const card = answerCard(survey, answer, context, localeOf(context, target.personId), { today, tabUrl: context.tabUrl });
      messages.push(
        cardMessage(
          surveyOutboxKey.sectionCard(survey.id, answer.departmentId, target.personId),
          target.conversationKey,
          card,
          summaryOf(survey),
        ),
      );
    }
  }
  return [...messages, ...senderCardEffects(survey, answers, context, today, 'sent')];
}

/** Every card of one section, redrawn in place; `pressedIn` (a person's chat) is left out: the turn's answer redrew it. */
function sectionCardUpdates(
  survey: Survey,
  answer: SurveyAnswer,
  context: SurveyContext,
  today: IsoDate,
  stamp: string,
  pressedIn?: string,
): NewOutboxMessage[] {
  const cards = (context.sectionCards.get(answer.departmentId) ?? []).filter((card) => card.conversationKey !== pressedIn);
  return cards.map((queued) =>
    cardMessage(
      surveyOutboxKey.sectionCardUpdate(queued.key, stamp),
      queued.conversationKey,
      answerCard(survey, answer, context, localeOf(context, queued.personId), { today, tabUrl: context.tabUrl }),
      summaryOf(survey),
      { updateOf: queued.key },
    ),
  );
}

/** The stamp of HQ's card for a count of answers received: the set of sections that answered only grows, so the count names it. */
export const answeredStamp = (answers: SurveyAnswer[]) => `n${answerCount(answers).answered}`;

/**
 * A section's answer changed: its cards follow in place; HQ's card is redrawn when `hqAnswers`
 * is given (an answer reached HQ; the workflow leaves it out in a burst, see refreshSenderCards);
 * the section's approvers hear of an approval request, the author of a 差戻し.
 */
export function answerEffects(
  survey: Survey,
  after: SurveyAnswer,
  hqAnswers: SurveyAnswer[] | null,
  context: SurveyContext,
  today: IsoDate,
  pressedIn?: string,
): NewOutboxMessage[] {
  const stamp = `a:${after.updatedAt}`;
  const messages = sectionCardUpdates(survey, after, context, today, stamp, pressedIn);
  if (hqAnswers) messages.push(...senderCardEffects(survey, hqAnswers, context, today, answeredStamp(hqAnswers)));
  const section = sectionName(context, after.departmentId);
  if (after.status === 'awaitingApproval') {
    const approvers = sectionManagers(context, after.departmentId).filter((p) => p.id !== after.answeredBy);
    for (const approver of approvers)
      messages.push(
        textMessage(
          surveyOutboxKey.approvalRequest(survey.id, after.departmentId, after.updatedAt, approver.id),
          personConversation(approver.id),
          surveyText(approver.locale, 'approvalRequest.text', {
            id: survey.id,
            title: survey.title,
            section,
            name: personName(context, after.answeredBy),
          }),
        ),
      );
  }
  if (after.status === 'returned' && after.answeredBy && context.reachable.has(after.answeredBy))
    messages.push(
      textMessage(
        surveyOutboxKey.returned(survey.id, after.departmentId, after.updatedAt, after.answeredBy),
        personConversation(after.answeredBy),
        surveyText(localeOf(context, after.answeredBy), 'returnedNote.text', {
          id: survey.id,
          title: survey.title,
          name: personName(context, after.returnedBy),
          comment: after.returnComment ?? '',
        }),
      ),
    );
  return messages;
}

/**
 * The survey itself changed (延長 or 取消): every section's cards are redrawn in place, the
 * sections still owing an answer are told in a message of their own, and HQ's card follows.
 */
export function surveyChangeEffects(
  survey: Survey,
  answers: SurveyAnswer[],
  context: SurveyContext,
  today: IsoDate,
  change: 'extended' | 'cancelled',
): NewOutboxMessage[] {
  const stamp = `s:${survey.updatedAt}`;
  const messages = answers.flatMap((a) => sectionCardUpdates(survey, a, context, today, stamp));
  const told = change === 'extended' ? new Set(sectionsWithoutAnswer(answers)) : new Set(answers.map((a) => a.departmentId));
  for (const answer of answers) {
    const department = context.departments.get(answer.departmentId);
    if (!told.has(answer.departmentId) || !department) continue;
    for (const target of sectionTargets(context, department)) {
      const locale = localeOf(context, target.personId);
      const text =
        change === 'extended'
          ? surveyText(locale, 'extended.text', { id: survey.id, title: survey.title, date: formatDate(survey.dueOn, locale) })
          : surveyText(locale, 'cancelled.text', { id: survey.id, title: survey.title });
      const what = change === 'extended' ? `extended:${survey.dueOn}` : 'cancelled';
      messages.push(
        textMessage(surveyOutboxKey.notice(survey.id, what, answer.departmentId, target.personId), target.conversationKey, text),
      );
    }
  }
  return [...messages, ...senderCardEffects(survey, answers, context, today, stamp)];
}

/**
 * Follow-up of sections without a sent answer: a reminder where the section's card went; once
 * overdue, the section's managers (課長) are told too, in personal chat, or in the section's
 * channel when none can be reached there.
 */
export function followUpEffects(
  survey: Survey,
  context: SurveyContext,
  plan: { kind: FollowUpKind; sections: string[] },
): NewOutboxMessage[] {
  const messages: NewOutboxMessage[] = [];
  const summary = `${surveyText('ja', plan.kind === 'overdue' ? 'escalation.title' : 'card.dueOn')} ${survey.id}`;
  for (const sectionId of plan.sections) {
    const department = context.departments.get(sectionId);
    if (!department) continue;
    for (const target of sectionTargets(context, department))
      messages.push(
        cardMessage(
          surveyOutboxKey.reminder(survey.id, survey.dueOn, plan.kind, sectionId, target.personId),
          target.conversationKey,
          reminderCard(survey, sectionId, plan.kind, context, localeOf(context, target.personId), context.tabUrl),
          summary,
        ),
      );
    if (plan.kind !== 'overdue') continue;
    const managers = sectionManagers(context, sectionId);
    for (const manager of managers)
      messages.push(
        cardMessage(
          surveyOutboxKey.escalation(survey.id, survey.dueOn, sectionId, manager.id),
          personConversation(manager.id),
          escalationCard(survey, sectionId, context, manager.locale, context.tabUrl),
          summary,
        ),
      );
    if (managers.length === 0 && department.noticeChannelId)
      messages.push(
        cardMessage(
          surveyOutboxKey.escalation(survey.id, survey.dueOn, sectionId),
          channelConversation(department.noticeChannelId),
          escalationCard(survey, sectionId, context, 'ja', context.tabUrl),
          summary,
        ),
      );
  }
  return messages;
}
