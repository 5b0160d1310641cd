import type { CheckInCycle, Initiative } from '../../../checkins/model';
import type { Department, DepartmentKind, Person, Role } from '../../../directory/model';
import { DuplicateRecordError, type DepartmentStore, type PeopleStore } from '../../ports';
import { byFields } from '../../sort-order';
import { jsonRecord, SharePointList } from '../sharepoint-list';
import type { SharePointSite } from '../sharepoint-site';
import type { ExpiringCache } from '../../kit/expiring-cache';
import type { UndoLog } from '../../kit/undo-log';

/** How long another instance's directory change may take to be seen here. */
export const DIRECTORY_CACHE_MS = 60_000;

/** How long another instance's change to a check-in cycle (opened, closed) may take to be seen here. */
export const CYCLE_CACHE_MS = 10_000;

/**
 * Small lists read on almost every turn, read once a while and shared by every session of one
 * store: the directory (who is acting) and the initiatives and cycles a check-in card is about.
 */
export interface DirectoryCache {
  departments: ExpiringCache<Department[]>;
  people: ExpiringCache<Person[]>;
  initiatives: ExpiringCache<Initiative[]>;
  checkInCycles: ExpiringCache<CheckInCycle[]>;
}

export class SharePointDepartmentStore implements DepartmentStore {
  private readonly items: SharePointList<Department>;

  constructor(
    site: SharePointSite,
    private readonly cache: DirectoryCache,
    undo?: UndoLog,
  ) {
    this.items = new SharePointList(
      site,
      'departments',
      jsonRecord(
        (d) => d.id,
        (d) => ({ Title: d.name, Office: d.office, Kind: d.kind, Categories: (d.categories ?? []).join('、') }),
      ),
      undo,
    );
  }

  async upsert(department: Department) {
    await this.items.upsert(department);
    this.cache.departments.invalidate();
  }

  async get(id: string) {
    return (await this.all()).find((d) => d.id === id);
  }

  async list(filter: { kind?: DepartmentKind } = {}) {
    return (await this.all()).filter((d) => !filter.kind || d.kind === filter.kind);
  }

  private all() {
    return this.cache.departments.get(async () =>
      (await this.items.query())
        .map((s) => s.record)
        .sort(
          byFields(
            (d) => d.kind,
            (d) => d.office,
            (d) => d.name,
            (d) => d.id,
          ),
        ),
    );
  }
}

export class SharePointPeopleStore implements PeopleStore {
  private readonly items: SharePointList<Person>;

  constructor(
    site: SharePointSite,
    private readonly cache: DirectoryCache,
    undo?: UndoLog,
  ) {
    this.items = new SharePointList(
      site,
      'people',
      jsonRecord(
        (p) => p.id,
        (p) => ({
          Title: p.displayName,
          DepartmentId: p.departmentId,
          EntraObjectId: p.entraObjectId.toLowerCase(),
          Email: p.email,
          Roles: p.roles.join(', '),
        }),
      ),
      undo,
    );
  }

  async upsert(person: Person) {
    // The Entra object id identifies who signs in: two people with one id would let one act as
    // the other, so this check reads SharePoint itself, never the snapshot.
    const [holder] = await this.items.query({ EntraObjectId: person.entraObjectId.toLowerCase() });
    if (holder && holder.record.id !== person.id)
      throw new DuplicateRecordError(`Entra オブジェクト ID ${person.entraObjectId} は ${holder.record.id} のものです`);
    await this.items.upsert(person);
    this.cache.people.invalidate();
  }

  async get(id: string) {
    return (await this.all()).find((p) => p.id === id);
  }

  async findByEntraObjectId(entraObjectId: string) {
    const wanted = entraObjectId.toLowerCase();
    return (await this.all()).find((p) => p.entraObjectId.toLowerCase() === wanted);
  }

  async list(filter: { departmentId?: string; role?: Role } = {}) {
    return (await this.all()).filter(
      (p) => (!filter.departmentId || p.departmentId === filter.departmentId) && (!filter.role || p.roles.includes(filter.role)),
    );
  }

  private all() {
    return this.cache.people.get(async () => (await this.items.query()).map((s) => s.record).sort(byFields((p) => p.id)));
  }
}
