/**
 * Who the bot can reach now, by the groups the flows write to: initiative owners (check-ins),
 * HQ responders and approvers (疑義照会, お知らせ approval), and ward sections (お知らせ, 照会:
 * through their notice channel or a member's personal chat). A person is reachable with a
 * personal chat with the bot; `npm run cli -- reach` installs the app for the others.
 */
import type { Department, Person } from '../../directory/model';
import type { InstallRequest } from './model';

export interface ReachGroup {
  total: number;
  reachable: number;
  /** Ids of the people (or sections) not reachable now. */
  unreachable: string[];
}

export interface ReachReport {
  owners: ReachGroup;
  responders: ReachGroup;
  approvers: ReachGroup;
  wardSections: ReachGroup;
  /** Installations that would make the unreachable people reachable (one per person, each once). */
  installations: InstallRequest[];
}

function group(ids: string[], isReachable: (id: string) => boolean): ReachGroup {
  const unique = [...new Set(ids)].sort();
  const unreachable = unique.filter((id) => !isReachable(id));
  return { total: unique.length, reachable: unique.length - unreachable.length, unreachable };
}

/** Pure: the directory, the initiatives and the people with a personal chat in; the report out. */
export function reachReport(input: {
  people: Person[];
  departments: Department[];
  /** The initiatives' owners (check-ins). */
  initiatives: { ownerId: string | null }[];
  withChat: Set<string>;
}): ReachReport {
  const { people, departments, withChat } = input;
  const hq = new Set(departments.filter((d) => d.kind === 'hq').map((d) => d.id));
  const hqPeople = people.filter((p) => hq.has(p.departmentId));
  const reachable = (id: string) => withChat.has(id);
  const owners = group(
    input.initiatives.flatMap((i) => (i.ownerId ? [i.ownerId] : [])),
    reachable,
  );
  const responders = group(
    hqPeople.filter((p) => p.roles.includes('responder')).map((p) => p.id),
    reachable,
  );
  const approvers = group(
    hqPeople.filter((p) => p.roles.includes('approver')).map((p) => p.id),
    reachable,
  );
  const wards = departments.filter((d) => d.kind === 'ward');
  const sectionReachable = (id: string) => {
    const section = wards.find((d) => d.id === id);
    return Boolean(section?.noticeChannelId) || people.some((p) => p.departmentId === id && withChat.has(p.id));
  };
  const wardSections = group(
    wards.map((d) => d.id),
    sectionReachable,
  );
  // Everyone the groups need who has no chat: the owners, HQ's responders and approvers, and the members of unreachable sections.
  const needed = new Set([
    ...owners.unreachable,
    ...responders.unreachable,
    ...approvers.unreachable,
    ...people.filter((p) => wardSections.unreachable.includes(p.departmentId)).map((p) => p.id),
  ]);
  const byId = new Map(people.map((p) => [p.id, p]));
  const installations: InstallRequest[] = [...needed].sort().flatMap((id) => {
    const person = byId.get(id);
    return person?.entraObjectId ? [{ kind: 'person' as const, personId: id, entraObjectId: person.entraObjectId }] : [];
  });
  return { owners, responders, approvers, wardSections, installations };
}
