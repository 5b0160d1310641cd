import type { SqliteDatabase } from './database';
import type { SqliteExecutor } from './executor';

type ColumnValue = string | number | null;

export interface DocumentTableSpec<T> {
  table: string;
  keyColumns: string[];
  /** Every column besides doc, key columns included, and how to read it off the document. */
  columns: Record<string, (doc: T) => ColumnValue>;
}

/**
 * A table holding one aggregate per row as JSON plus the columns used to find it.
 * Column names come from code (the spec), never from input, so building SQL from them is safe.
 */
export class DocumentTable<T> {
  private readonly columnNames: string[];

  constructor(
    private readonly exec: SqliteExecutor,
    private readonly spec: DocumentTableSpec<T>,
  ) {
    this.columnNames = Object.keys(spec.columns);
  }

  upsert(doc: T): Promise<void> {
    return this.exec.run((db) => this.upsertSync(db, doc));
  }

  /** The same, synchronously on `db`, for use inside a larger piece of database work (one transaction). */
  upsertSync(db: SqliteDatabase, doc: T): void {
    const { table, keyColumns } = this.spec;
    const names = [...this.columnNames, 'doc'];
    const updates = names.filter((n) => !keyColumns.includes(n)).map((n) => `${n} = excluded.${n}`);
    db.prepare(
      `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})
       ON CONFLICT (${keyColumns.join(', ')}) DO UPDATE SET ${updates.join(', ')}`,
    ).run(...this.values(doc));
  }

  /** Inserts unless a row with the same key exists; says whether it inserted. */
  insertIfAbsent(doc: T): Promise<boolean> {
    const names = [...this.columnNames, 'doc'];
    const sql = `INSERT INTO ${this.spec.table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})
      ON CONFLICT DO NOTHING`;
    return this.exec.run((db) => db.prepare(sql).run(...this.values(doc)).changes === 1);
  }

  get(...key: ColumnValue[]): Promise<T | undefined> {
    const where = this.spec.keyColumns.map((c) => `${c} = ?`).join(' AND ');
    return this.exec.run((db) => {
      const row = db.prepare(`SELECT doc FROM ${this.spec.table} WHERE ${where}`).get(...key) as { doc: string } | undefined;
      return row ? (JSON.parse(row.doc) as T) : undefined;
    });
  }

  /** Rows whose columns equal the given values (undefined values are ignored). */
  list(filter: Record<string, ColumnValue | undefined>, orderBy: string): Promise<T[]> {
    const conditions: string[] = [];
    const params: ColumnValue[] = [];
    for (const [column, value] of Object.entries(filter)) {
      if (value === undefined) continue;
      if (!this.columnNames.includes(column)) throw new Error(`${this.spec.table} has no filter column ${column}`);
      conditions.push(`${column} = ?`);
      params.push(value);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    return this.exec.run((db) =>
      (db.prepare(`SELECT doc FROM ${this.spec.table} ${where} ORDER BY ${orderBy}`).all(...params) as { doc: string }[]).map(
        (row) => JSON.parse(row.doc) as T,
      ),
    );
  }

  private values(doc: T): ColumnValue[] {
    return [...this.columnNames.map((name) => this.spec.columns[name](doc)), JSON.stringify(doc)];
  }
}
