import type { Department, DepartmentKind, Person, Role } from '../../../directory/model';
import type { DepartmentStore, PeopleStore } from '../../ports';
import { DocumentTable } from '../document-table';
import type { SqliteExecutor } from '../executor';

export class SqliteDepartmentStore implements DepartmentStore {
  private readonly table: DocumentTable<Department>;

  constructor(exec: SqliteExecutor) {
    this.table = new DocumentTable(exec, {
      table: 'departments',
      keyColumns: ['id'],
      columns: { id: (d) => d.id, kind: (d) => d.kind, office: (d) => d.office, name: (d) => d.name },
    });
  }

  upsert(department: Department) {
    return this.table.upsert(department);
  }

  get(id: string) {
    return this.table.get(id);
  }

  list(filter: { kind?: DepartmentKind } = {}) {
    return this.table.list({ kind: filter.kind }, 'kind, office, name, id');
  }
}

export class SqlitePeopleStore implements PeopleStore {
  private readonly table: DocumentTable<Person>;

  constructor(exec: SqliteExecutor) {
    this.table = new DocumentTable(exec, {
      table: 'people',
      keyColumns: ['id'],
      columns: { id: (p) => p.id, entra_object_id: (p) => p.entraObjectId.toLowerCase(), department_id: (p) => p.departmentId },
    });
  }

  upsert(person: Person) {
    return this.table.upsert(person);
  }

  get(id: string) {
    return this.table.get(id);
  }

  async findByEntraObjectId(entraObjectId: string) {
    const [person] = await this.table.list({ entra_object_id: entraObjectId.toLowerCase() }, 'id');
    return person;
  }

  async list(filter: { departmentId?: string; role?: Role } = {}) {
    const people = await this.table.list({ department_id: filter.departmentId }, 'id');
    return filter.role ? people.filter((p) => p.roles.includes(filter.role as Role)) : people;
  }
}
