import type { Department, DepartmentKind, Person, Role } from '../../../directory/model';
import { DuplicateRecordError, type DepartmentStore, type PeopleStore } from '../../ports';
import { byFields } from '../../sort-order';
import { jsonRecord, SharePointList } from '../sharepoint-list';
import type { SharePointSite } from '../sharepoint-site';
import type { UndoLog } from '../undo-log';

export class SharePointDepartmentStore implements DepartmentStore {
  private readonly items: SharePointList<Department>;

  constructor(site: SharePointSite, undo?: UndoLog) {
    this.items = new SharePointList(site, 'departments', jsonRecord((d) => d.id, (d) => ({ Title: d.name, Office: d.office, Kind: d.kind })), undo);
  }

  async upsert(department: Department) {
    await this.items.upsert(department);
  }

  async get(id: string) {
    return (await this.items.find(id))?.record;
  }

  async list(filter: { kind?: DepartmentKind } = {}) {
    const departments = (await this.items.query({ Kind: filter.kind })).map((s) => s.record);
    return departments.sort(byFields((d) => d.kind, (d) => d.office, (d) => d.name, (d) => d.id));
  }
}

export class SharePointPeopleStore implements PeopleStore {
  private readonly items: SharePointList<Person>;

  constructor(site: SharePointSite, undo?: UndoLog) {
    this.items = new SharePointList(
      site,
      'people',
      jsonRecord(
        (p) => p.id,
        (p) => ({ Title: p.displayName, DepartmentId: p.departmentId, EntraObjectId: p.entraObjectId.toLowerCase(), Email: p.email, Roles: p.roles.join(', ') }),
      ),
      undo,
    );
  }

  async upsert(person: Person) {
    // The Entra object id identifies who signs in: two people with one id would let one act as the other.
    const holder = await this.findByEntraObjectId(person.entraObjectId);
    if (holder && holder.id !== person.id) throw new DuplicateRecordError(`Entra オブジェクト ID ${person.entraObjectId} は ${holder.id} のものです`);
    await this.items.upsert(person);
  }

  async get(id: string) {
    return (await this.items.find(id))?.record;
  }

  async findByEntraObjectId(entraObjectId: string) {
    return (await this.items.query({ EntraObjectId: entraObjectId.toLowerCase() }))[0]?.record;
  }

  async list(filter: { departmentId?: string; role?: Role } = {}) {
    const people = (await this.items.query({ DepartmentId: filter.departmentId })).map((s) => s.record);
    return people.filter((p) => !filter.role || p.roles.includes(filter.role)).sort(byFields((p) => p.id));
  }
}
