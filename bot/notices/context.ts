import type { Department, Person } from '../directory/model';
import type { Locale } from '../platform/i18n';
import { deliverablePeople, personConversation } from '../platform/outbox/messages';
import { membersOf } from '../platform/ward-delivery';
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
  /** People the bot can write to: with a personal chat, or (TEAMS_APP_CATALOG_ID) being installed for. */
  reachable: Set<string>;
  /** Of those, the people without a chat yet, reached after the app is installed for them (TEAMS_APP_CATALOG_ID). */
  installing?: Set<string>;
  /** The sending department's approvers. */
  approvers: Person[];
  /** Teams user ids of the members of the sections the notice goes to (who have talked to the bot): their views of the channel card refresh. */
  teamsUserIds?: Map<string, string>;
  /** The cards of the current revision already queued for each section. */
  sectionCards: Map<string, QueuedCard[]>;
  /** The sender's status card, once queued. */
  senderCard: QueuedCard | undefined;
  tabUrl: string;
}

type ContextSession = Pick<StoreSession, 'people' | 'departments' | 'outbox' | 'conversations'>;

export async function loadNoticeContext(tx: ContextSession, notice: Notice, tabUrl: string, installsApp = false): Promise<NoticeContext> {
  const [peopleList, departmentList] = await Promise.all([tx.people.list(), tx.departments.list()]);
  const { reachable, installing } = await deliverablePeople(tx.conversations, peopleList, installsApp);
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
    installing,
    teamsUserIds: await teamsUserIdsOf(
      tx,
      peopleList.filter((p) => notice.sections.some((s) => s.departmentId === p.departmentId)),
    ),
    approvers: peopleList.filter((p) => p.departmentId === notice.senderDepartmentId && p.roles.includes('approver')),
    sectionCards,
    senderCard: sender ? { key: sender.key, conversationKey: sender.conversationKey } : undefined,
    tabUrl,
  };
}

// How a section is reached is shared with 照会 (bot/platform/ward-delivery.ts); this flow's files keep importing it from here.
export { sectionManagers, sectionTargets } from '../platform/ward-delivery';

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

/** The Teams user id (29:…) each person's conversation with the bot gave; the others are left out. */
async function teamsUserIdsOf(tx: Pick<StoreSession, 'conversations'>, people: Person[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const p of people) {
    const user = (await tx.conversations.get(personConversation(p.id)))?.user as { id?: unknown } | undefined;
    if (typeof user?.id === 'string' && user.id) ids.set(p.id, user.id);
  }
  return ids;
}

/** Who gets their own view of a section's card posted in a channel: the section's members the bot knows. */
export function sectionRefreshFor(context: NoticeContext, sectionId: string, conversationKey: string): string[] | undefined {
  if (!conversationKey.startsWith('channel:')) return undefined;
  return [...context.people.values()]
    .filter((p) => p.departmentId === sectionId)
    .flatMap((p) => (context.teamsUserIds?.get(p.id) ? [context.teamsUserIds.get(p.id)!] : []));
}
