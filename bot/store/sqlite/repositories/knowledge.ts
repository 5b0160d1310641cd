import type { Manual, Ruling, RulingStatus } from '../../../rulings/model';
import type { ManualStore, RulingStore } from '../../ports';
import { DocumentTable } from '../document-table';
import type { SqliteExecutor } from '../executor';

export class SqliteRulingStore implements RulingStore {
  private readonly table: DocumentTable<Ruling>;

  constructor(exec: SqliteExecutor) {
    this.table = new DocumentTable(exec, {
      table: 'rulings',
      keyColumns: ['id'],
      columns: {
        id: (r) => r.id,
        department: (r) => r.department,
        category: (r) => r.category,
        status: (r) => r.status,
        published_at: (r) => r.publishedAt,
      },
    });
  }

  upsert(ruling: Ruling) {
    return this.table.upsert(ruling);
  }

  get(id: string) {
    return this.table.get(id);
  }

  list(filter: { department?: string; category?: string; status?: RulingStatus } = {}) {
    return this.table.list(filter, 'published_at DESC, id');
  }
}

export class SqliteManualStore implements ManualStore {
  private readonly table: DocumentTable<Manual>;

  constructor(exec: SqliteExecutor) {
    this.table = new DocumentTable(exec, {
      table: 'manuals',
      keyColumns: ['id'],
      columns: { id: (m) => m.id, department: (m) => m.department, title: (m) => m.title },
    });
  }

  upsert(manual: Manual) {
    return this.table.upsert(manual);
  }

  get(id: string) {
    return this.table.get(id);
  }

  list(filter: { department?: string } = {}) {
    return this.table.list(filter, 'department, title, id');
  }
}
