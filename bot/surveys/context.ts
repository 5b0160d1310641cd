import type { Department, Person } from '../directory/model';
import type { Locale } from '../platform/i18n';
import { personConversation, reachablePeople } from '../platform/outbox/messages';
import { membersOf } from '../platform/ward-delivery';
import type { StoreSession } from '../store/ports';
import type { Survey } from './model';
import { surveyOutboxKey } from './outbox-keys';
import type { Names } from './table';

/** A card already queued for a section (or HQ), so later steps update it in place. */
export interface QueuedCard {
  key: string;
  conversationKey: string;
  /** Whose chat it is in (a person's card); absent for a channel. */
  personId?: string;
}

/** What the survey's cards and messages need to know about the directory and what was sent. */
export interface SurveyContext extends Names {
  senderDepartment: Department | undefined;
  /** People with a personal chat with the bot (the others cannot be reached one by one). */
  reachable: Set<string>;
  /** The cards already queued for the sections loaded (each step loads only the sections it touches). */
  sectionCards: Map<string, QueuedCard[]>;
  /** HQ's card, once queued. */
  senderCard: QueuedCard | undefined;
  tabUrl: string;
}

type ContextSession = Pick<StoreSession, 'people' | 'departments' | 'outbox' | 'conversations'>;

/** The cards already queued for these sections (and HQ's, unless left out), read from the outbox. */
async function queuedCards(
  tx: ContextSession,
  survey: Survey,
  sectionIds: readonly string[],
  people: Iterable<Person>,
  withSenderCard: boolean,
  /** A person's chat whose card is not wanted (the one pressed: the turn's answer redraws it). */
  except?: string,
): Promise<Pick<SurveyContext, 'sectionCards' | 'senderCard'>> {
  const queuedCard = async (key: string): Promise<QueuedCard | undefined> => {
    const message = await tx.outbox.get(key);
    if (!message) return undefined;
    const { conversationKey } = message;
    return { key, conversationKey, personId: conversationKey.startsWith('person:') ? conversationKey.slice('person:'.length) : undefined };
  };
  const everyone = [...people];
  const sectionCards = new Map<string, QueuedCard[]>();
  for (const sectionId of sectionIds) {
    // A section got its card in its channel or in its people's chats, never both.
    const inChannel = await queuedCard(surveyOutboxKey.sectionCard(survey.id, sectionId));
    const queued: QueuedCard[] = inChannel ? [inChannel] : [];
    if (!inChannel)
      for (const person of membersOf(everyone, sectionId).filter((p) => personConversation(p.id) !== except)) {
        const card = await queuedCard(surveyOutboxKey.sectionCard(survey.id, sectionId, person.id));
        if (card) queued.push(card);
      }
    sectionCards.set(sectionId, queued);
  }
  const sender = withSenderCard ? await queuedCard(surveyOutboxKey.sender(survey.id)) : undefined;
  return { sectionCards, senderCard: sender ? { key: sender.key, conversationKey: sender.conversationKey } : undefined };
}

/**
 * The directory, reachability and queued cards. `sectionIds` limits the card lookup (all sections
 * when absent): each lookup reads a whole queued card.
 */
export async function loadSurveyContext(
  tx: ContextSession,
  survey: Survey,
  tabUrl: string,
  sectionIds: readonly string[] = survey.sectionIds,
): Promise<SurveyContext> {
  const [peopleList, departmentList, reachable] = await Promise.all([
    tx.people.list(),
    tx.departments.list(),
    reachablePeople(tx.conversations),
  ]);
  const departments = new Map(departmentList.map((d) => [d.id, d]));
  return {
    departments,
    people: new Map(peopleList.map((p) => [p.id, p])),
    senderDepartment: departments.get(survey.senderDepartmentId),
    reachable,
    ...(await queuedCards(tx, survey, sectionIds, peopleList, true)),
    tabUrl,
  };
}

/**
 * The context of one section's answer step, the flow's most frequent: that section's people and
 * cards, not the whole directory. HQ's queued card, the sender and every department only when HQ's
 * card is redrawn (it names the sections still to answer); who can be reached in personal chat
 * only when someone is told (`reach`: an approval request, a 差戻し, HQ's card).
 */
export async function loadSectionContext(
  tx: ContextSession,
  survey: Survey,
  tabUrl: string,
  sectionId: string,
  options: { senderCard: boolean; reach: boolean; pressedIn?: string },
): Promise<SurveyContext> {
  const [members, sender, departmentList, reachable] = await Promise.all([
    tx.people.list({ departmentId: sectionId }),
    options.senderCard ? tx.people.get(survey.senderId) : undefined,
    options.senderCard
      ? tx.departments.list()
      : Promise.all([tx.departments.get(sectionId), tx.departments.get(survey.senderDepartmentId)]).then((found) =>
          found.filter((d): d is Department => d !== undefined),
        ),
    options.reach || options.senderCard ? reachablePeople(tx.conversations) : new Set<string>(),
  ]);
  const departments = new Map(departmentList.map((d) => [d.id, d]));
  return {
    departments,
    people: new Map([...(sender ? [sender] : []), ...members].map((p) => [p.id, p])),
    senderDepartment: departments.get(survey.senderDepartmentId),
    reachable,
    ...(await queuedCards(tx, survey, [sectionId], members, options.senderCard, options.pressedIn)),
    tabUrl,
  };
}

export function localeOf(context: { people: Map<string, Person> }, personId: string | undefined): Locale {
  return (personId && context.people.get(personId)?.locale) || 'ja';
}

/** The tab's page of a survey (its table for HQ, the section's own answer for a ward). */
export function surveyUrl(tabUrl: string, id: string): string {
  return `${tabUrl}#/surveys/${encodeURIComponent(id)}`;
}

/** The tab's survey form (照会作成). */
export function newSurveyUrl(tabUrl: string): string {
  return `${tabUrl}#/surveys/new`;
}
