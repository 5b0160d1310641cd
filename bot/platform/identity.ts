import type { Department, Person, Role } from '../directory/model';
import type { StoreSession } from '../store/ports';

/**
 * Who is acting. Every turn and every API request resolves one from the caller's Entra ID
 * object id (Teams: activity.from.aadObjectId; tab: the validated token's oid) and nothing
 * the client sends beyond that identity is trusted.
 */
export interface Actor {
  person: Person;
  department: Department;
  roles: ReadonlySet<Role>;
  /**
   * The tab's verified Entra token, kept only for the on-behalf-of exchange (reading SharePoint
   * as this person); never logged or stored.
   */
  signInToken?: string;
}

export type ActorResolution = { kind: 'known'; actor: Actor } | { kind: 'unknown'; reason: string };

export async function resolveActorByEntraId(
  store: Pick<StoreSession, 'people' | 'departments'>,
  entraObjectId: string | undefined,
): Promise<ActorResolution> {
  if (typeof entraObjectId !== 'string' || !entraObjectId)
    return { kind: 'unknown', reason: 'Entra ID のオブジェクト ID がありません (no Entra object id)' };
  const person = await store.people.findByEntraObjectId(entraObjectId);
  if (!person) return { kind: 'unknown', reason: '職員名簿に登録されていません (not in the staff directory)' };
  return actorOf(store, person);
}

export async function resolveActorByPersonId(
  store: Pick<StoreSession, 'people' | 'departments'>,
  personId: string,
): Promise<ActorResolution> {
  const person = await store.people.get(personId);
  if (!person) return { kind: 'unknown', reason: '職員名簿に登録されていません (not in the staff directory)' };
  return actorOf(store, person);
}

async function actorOf(store: Pick<StoreSession, 'departments'>, person: Person): Promise<ActorResolution> {
  const department = await store.departments.get(person.departmentId);
  if (!department) return { kind: 'unknown', reason: `所属 ${person.departmentId} が部署一覧にありません (department missing)` };
  return { kind: 'known', actor: { person, department, roles: new Set(person.roles) } };
}
