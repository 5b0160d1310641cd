import type { Department, Person } from '../directory/model';
import type { StoreSession } from '../store/ports';
import type { InquiryNames } from './cards/inquiry-facts';
import type { Inquiry } from './model';
import { inquiryOutboxKey } from './outbox-keys';
import { personConversation, reachablePeople } from '../platform/outbox/messages';

/** What the inquiry's cards and messages need to know about the people and departments involved. */
export interface InquiryContext {
  asker: Person | undefined;
  askerDepartment: Department | undefined;
  department: Department | undefined;
  /** The department's approvers (係長・課長). */
  approvers: Person[];
  /** The people who answer for the department (responders and approvers). */
  responders: Person[];
  /** Every ward office section's notice channel, once each. */
  wardNoticeChannels: string[];
  people: Map<string, Person>;
  /** The tab's base URL, for links to rulings. */
  tabUrl: string;
  /** Whether the thread card / the asker's status card were queued (demo and migrated inquiries have none). */
  threadStarted: boolean;
  statusCardSent: boolean;
  /** People with a personal chat with the bot (the others are reached in the department's thread). */
  reachable: Set<string>;
  /**
   * The Teams user ids (from their conversations with the bot) of the responders and approvers:
   * their clients refresh the thread card into their own view (user-specific views).
   */
  refreshUserIds?: string[];
}

export async function loadInquiryContext(
  tx: Pick<StoreSession, 'people' | 'departments' | 'outbox' | 'conversations'>,
  inquiry: Inquiry,
  tabUrl: string,
): Promise<InquiryContext> {
  const people = new Map((await tx.people.list()).map((p) => [p.id, p]));
  const departments = await tx.departments.list();
  const byId = new Map(departments.map((d) => [d.id, d]));
  const members = [...people.values()].filter((p) => p.departmentId === inquiry.targetDepartmentId);
  return {
    asker: people.get(inquiry.askerId),
    askerDepartment: byId.get(inquiry.askerDepartmentId),
    department: byId.get(inquiry.targetDepartmentId),
    approvers: members.filter((p) => p.roles.includes('approver')),
    responders: members.filter((p) => p.roles.includes('responder') || p.roles.includes('approver')),
    wardNoticeChannels: [
      ...new Set(departments.filter((d) => d.kind === 'ward' && d.noticeChannelId).map((d) => d.noticeChannelId as string)),
    ],
    people,
    tabUrl,
    threadStarted: (await tx.outbox.get(inquiryOutboxKey.thread(inquiry.number))) !== undefined,
    statusCardSent: (await tx.outbox.get(inquiryOutboxKey.askerStatus(inquiry.number))) !== undefined,
    reachable: await reachablePeople(tx.conversations),
    refreshUserIds: await teamsUserIds(
      tx,
      members.filter((p) => p.roles.includes('responder') || p.roles.includes('approver')),
    ),
  };
}

/** The Teams user id (29:…) each person's conversation with the bot gave; people the bot has not heard from are left out. */
async function teamsUserIds(tx: Pick<StoreSession, 'conversations'>, people: Person[]): Promise<string[]> {
  const ids: string[] = [];
  for (const p of people) {
    const user = (await tx.conversations.get(personConversation(p.id)))?.user as { id?: unknown } | undefined;
    if (typeof user?.id === 'string' && user.id) ids.push(user.id);
  }
  return ids;
}

export function namesOf(inquiry: Inquiry, context: InquiryContext): InquiryNames {
  const name = (id: string | null | undefined) => (id ? (context.people.get(id)?.displayName ?? id) : null);
  const department = (d: Department | undefined, fallback: string) => (d ? `${d.office} ${d.name}` : fallback);
  return {
    asker: name(inquiry.askerId) ?? inquiry.askerId,
    askerDepartment: department(context.askerDepartment, inquiry.askerDepartmentId),
    targetDepartment: department(context.department, inquiry.targetDepartmentId),
    assignee: name(inquiry.assigneeId),
    drafter: name(inquiry.answer?.answeredBy ?? inquiry.draft?.draftedBy),
    approver: name(inquiry.answer?.approvedBy),
  };
}

export function rulingUrl(context: InquiryContext, rulingId: string): string {
  return `${context.tabUrl}#/rulings/${encodeURIComponent(rulingId)}`;
}
