/**
 * How the bot reaches a ward section, shared by the flows that write to wards (お知らせ, 照会):
 * the section's notice channel (the お知らせ先 binding), else each of its people who have a
 * personal chat with the bot. None of these means the section is unreachable.
 */
import type { Department, Person } from '../directory/model';
import { channelConversation, personConversation } from './outbox/messages';

export interface WardReach {
  people: Map<string, Person>;
  /** People with a personal chat with the bot (the others cannot be reached one by one). */
  reachable: Set<string>;
}

export function membersOf(people: Iterable<Person>, departmentId: string): Person[] {
  return [...people].filter((p) => p.departmentId === departmentId);
}

export function sectionTargets(context: WardReach, section: Department): { conversationKey: string; personId?: string }[] {
  if (section.noticeChannelId) return [{ conversationKey: channelConversation(section.noticeChannelId) }];
  return membersOf(context.people.values(), section.id)
    .filter((p) => context.reachable.has(p.id))
    .map((p) => ({ conversationKey: personConversation(p.id), personId: p.id }));
}

/** The ward section's managers (課長: its approvers) who can be told in personal chat. */
export function sectionManagers(context: WardReach, sectionId: string): Person[] {
  return membersOf(context.people.values(), sectionId).filter((p) => p.roles.includes('approver') && context.reachable.has(p.id));
}
