import type { Department, Person } from '../directory/model';
import type { Locale } from '../platform/i18n';
import { channelConversation, personConversation, reachablePeople } from '../platform/outbox/messages';
import type { StoreSession } from '../store/ports';
import type { NoticeNames } from './cards/notice-facts';
import type { Notice } from './model';
import { noticeOutboxKey } from './outbox-keys';

/** A card already queued for a section (or the sender), so later steps update it in place. */
export interface QueuedCard {
  key: string;
  conversationKey: string;
  /** Whose chat it is in (a person's card); absent for a channel. */
  personId?: string;
}

/** What the notice's cards and messages need to know about the directory and what was sent. */
export interface NoticeContext {
  departments: Map<string, Department>;
  people: Map<string, Person>;
  senderDepartment: Department | undefined;
  /** People with a personal chat with the bot (the others cannot be reached one by one). */
  reachable: Set<string>;
  /** The sending department's approvers. */
  approvers: Person[];
  /** The cards of the current revision already queued for each section. */
  sectionCards: Map<string, QueuedCard[]>;
  /** The sender's status card, once queued. */
  senderCard: QueuedCard | undefined;
  tabUrl: string;
}

type ContextSession = Pick<StoreSession, 'people' | 'departments' | 'outbox' | 'conversations'>;

export async function loadNoticeContext(tx: ContextSession, notice: Notice, tabUrl: string): Promise<NoticeContext> {
  const [peopleList, departmentList, reachable] = await Promise.all([
    tx.people.list(),
    tx.departments.list(),
    reachablePeople(tx.conversations),
  ]);
  const people = new Map(peopleList.map((p) => [p.id, p]));
  const departments = new Map(departmentList.map((d) => [d.id, d]));
  const sectionCards = new Map<string, QueuedCard[]>();
  for (const section of notice.sections) {
    const candidates = [
      noticeOutboxKey.sectionCard(notice.id, notice.revision, section.departmentId),
      ...membersOf(peopleList, section.departmentId).map((p) =>
        noticeOutboxKey.sectionCard(notice.id, notice.revision, section.departmentId, p.id),
      ),
    ];
    const queued: QueuedCard[] = [];
    for (const key of candidates) {
      const message = await tx.outbox.get(key);
      if (message)
        queued.push({
          key,
          conversationKey: message.conversationKey,
          personId: message.conversationKey.startsWith('person:') ? message.conversationKey.slice('person:'.length) : undefined,
        });
    }
    sectionCards.set(section.departmentId, queued);
  }
  const sender = await tx.outbox.get(noticeOutboxKey.sender(notice.id));
  return {
    departments,
    people,
    senderDepartment: departments.get(notice.senderDepartmentId),
    reachable,
    approvers: peopleList.filter((p) => p.departmentId === notice.senderDepartmentId && p.roles.includes('approver')),
    sectionCards,
    senderCard: sender ? { key: sender.key, conversationKey: sender.conversationKey } : undefined,
    tabUrl,
  };
}

export function membersOf(people: Iterable<Person>, departmentId: string): Person[] {
  return [...people].filter((p) => p.departmentId === departmentId);
}

/**
 * How the bot reaches a ward section: its notice channel (the お知らせ先 binding), else each of
 * its people who have a personal chat with the bot; none of these means unreachable.
 */
export function sectionTargets(
  context: Pick<NoticeContext, 'people' | 'reachable'>,
  section: Department,
): { conversationKey: string; personId?: string }[] {
  if (section.noticeChannelId) return [{ conversationKey: channelConversation(section.noticeChannelId) }];
  return membersOf(context.people.values(), section.id)
    .filter((p) => context.reachable.has(p.id))
    .map((p) => ({ conversationKey: personConversation(p.id), personId: p.id }));
}

/** The ward section's managers (課長: its approvers) who can be told in personal chat. */
export function sectionManagers(context: Pick<NoticeContext, 'people' | 'reachable'>, sectionId: string): Person[] {
  return membersOf(context.people.values(), sectionId).filter((p) => p.roles.includes('approver') && context.reachable.has(p.id));
}

export function namesOf(context: Pick<NoticeContext, 'people' | 'departments'>): NoticeNames {
  return {
    department: (id) => {
      const d = context.departments.get(id);
      return d ? `${d.office} ${d.name}` : id;
    },
    person: (id) => context.people.get(id)?.displayName ?? id,
  };
}

export function localeOf(context: Pick<NoticeContext, 'people'>, personId: string | undefined): Locale {
  return (personId && context.people.get(personId)?.locale) || 'ja';
}
