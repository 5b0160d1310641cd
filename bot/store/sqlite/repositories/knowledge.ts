import type { Manual, Ruling } from '../../../rulings/model';
import { rulingIndexFields } from '../../../rulings/search/index-fields';
import type { ManualStore, RulingFilter, RulingStore } from '../../ports';
import type { SqliteDatabase } from '../database';
import { DocumentTable } from '../document-table';
import type { SqliteExecutor } from '../executor';

export class SqliteRulingStore implements RulingStore {
  private readonly table: DocumentTable<Ruling>;

  constructor(private readonly exec: SqliteExecutor) {
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
    return this.exec.run((db) =>
      db.transaction(() => {
        this.table.upsertNow(db, ruling);
        writeIndexEntry(db, ruling);
      })(),
    );
  }

  get(id: string) {
    return this.table.get(id);
  }

  list(filter: RulingFilter = {}) {
    const { where, params } = filterSql(filter);
    return this.exec.run((db) =>
      (db.prepare(`SELECT doc FROM rulings r ${where ? `WHERE ${where}` : ''} ORDER BY published_at DESC, id`).all(params) as { doc: string }[]).map(
        (row) => JSON.parse(row.doc) as Ruling,
      ),
    );
  }

  searchTokens(tokens: string[], filter: RulingFilter, limit: number) {
    if (tokens.length === 0) return Promise.resolve([]);
    // Every token is quoted, so nothing a user types can act as an FTS5 operator.
    const match = tokens.map((token) => `"${token.replace(/"/g, '""')}"`).join(' OR ');
    const { where, params } = filterSql(filter);
    return this.exec.run((db) =>
      (
        db
          .prepare(
            `SELECT r.doc AS doc, -bm25(rulings_fts, 0.0, 8.0, 3.0, 1.0) AS score
             FROM rulings_fts JOIN rulings r ON r.id = rulings_fts.id
             WHERE rulings_fts MATCH @match ${where ? `AND ${where}` : ''}
             ORDER BY score DESC LIMIT @limit`,
          )
          .all({ ...params, match, limit }) as { doc: string; score: number }[]
      ).map((row) => ({ ruling: JSON.parse(row.doc) as Ruling, score: row.score })),
    );
  }
}

function filterSql(filter: RulingFilter): { where: string; params: Record<string, string> } {
  const conditions: string[] = [];
  const params: Record<string, string> = {};
  if (filter.department !== undefined) (conditions.push('r.department = @department'), (params.department = filter.department));
  if (filter.category !== undefined) (conditions.push('r.category = @category'), (params.category = filter.category));
  if (filter.status !== undefined) (conditions.push('r.status = @status'), (params.status = filter.status));
  if (filter.fiscalYear !== undefined) {
    conditions.push('r.published_at BETWEEN @fyStart AND @fyEnd');
    params.fyStart = `${filter.fiscalYear}-04-01`;
    params.fyEnd = `${filter.fiscalYear + 1}-03-31`;
  }
  return { where: conditions.join(' AND '), params };
}

function writeIndexEntry(db: SqliteDatabase, ruling: Ruling) {
  const fields = rulingIndexFields(ruling);
  db.prepare('DELETE FROM rulings_fts WHERE id = ?').run(ruling.id);
  db.prepare('INSERT INTO rulings_fts (id, title, keywords, body) VALUES (?, ?, ?, ?)').run(ruling.id, fields.title, fields.keywords, fields.body);
}

/** Rebuilds the index when it does not match the rulings (first start after the migration). */
export function reindexRulingsIfNeeded(db: SqliteDatabase): number {
  const rulings = (db.prepare('SELECT COUNT(*) AS n FROM rulings').get() as { n: number }).n;
  const indexed = (db.prepare('SELECT COUNT(*) AS n FROM rulings_fts').get() as { n: number }).n;
  if (rulings === indexed) return 0;
  db.transaction(() => {
    db.exec('DELETE FROM rulings_fts');
    for (const row of db.prepare('SELECT doc FROM rulings').iterate() as Iterable<{ doc: string }>) writeIndexEntry(db, JSON.parse(row.doc) as Ruling);
  })();
  return rulings;
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
