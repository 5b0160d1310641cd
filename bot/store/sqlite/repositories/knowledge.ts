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
    this.frequencyCache.at = 0; // a new word must be searchable at once
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

  /** Many at once in one SQLite transaction (a delta page of a mirrored SharePoint list). */
  upsertMany(rulings: Ruling[]) {
    this.frequencyCache.at = 0;
    return this.exec.run((db) =>
      db.transaction(() => {
        for (const ruling of rulings) {
          this.table.upsertNow(db, ruling);
          writeIndexEntry(db, ruling);
        }
      })(),
    );
  }

  /** Removes rulings and their index entries (deleted in SharePoint); unknown ids are ignored. */
  remove(ids: string[]) {
    this.frequencyCache.at = 0;
    return this.exec.run((db) =>
      db.transaction(() => {
        for (const id of ids) {
          const row = db.prepare('SELECT rowid FROM rulings WHERE id = ?').get(id) as { rowid: number } | undefined;
          if (!row) continue;
          db.prepare('DELETE FROM rulings_fts WHERE rowid = ?').run(row.rowid);
          db.prepare('DELETE FROM rulings_title_fts WHERE rowid = ?').run(row.rowid);
          db.prepare('DELETE FROM rulings WHERE rowid = ?').run(row.rowid);
        }
      })(),
    );
  }

  ids(): Promise<string[]> {
    return this.exec.run((db) => (db.prepare('SELECT id FROM rulings').all() as { id: string }[]).map((r) => r.id));
  }

  list(filter: RulingFilter = {}, limit = -1) {
    const { where, params } = filterSql(filter);
    return this.exec.run((db) =>
      (
        db.prepare(`SELECT doc FROM rulings r ${where ? `WHERE ${where}` : ''} ORDER BY published_at DESC, id LIMIT @limit`).all({ ...params, limit }) as {
          doc: string;
        }[]
      ).map((row) => JSON.parse(row.doc) as Ruling),
    );
  }

  predecessors(id: string) {
    return this.exec.run((db) =>
      (db.prepare(`SELECT doc FROM rulings WHERE json_extract(doc, '$.supersededBy') = ? ORDER BY published_at, id`).all(id) as { doc: string }[]).map(
        (row) => JSON.parse(row.doc) as Ruling,
      ),
    );
  }

  facets() {
    return this.exec.run((db) => {
      const column = (sql: string) => (db.prepare(sql).all() as { v: string | number }[]).map((row) => row.v);
      return {
        departments: column('SELECT DISTINCT department AS v FROM rulings ORDER BY v') as string[],
        categories: column('SELECT DISTINCT category AS v FROM rulings ORDER BY v') as string[],
        fiscalYears: column(
          `SELECT DISTINCT CAST(substr(published_at, 1, 4) AS INTEGER) - (CAST(substr(published_at, 6, 2) AS INTEGER) < 4) AS v FROM rulings ORDER BY v DESC`,
        ) as number[],
      };
    });
  }

  searchTokens(concepts: string[][], filter: RulingFilter, limit: number) {
    return this.exec.run((db) => this.searchNow(db, concepts, filter, limit));
  }

  private searchNow(db: SqliteDatabase, concepts: string[][], filter: RulingFilter, limit: number) {
    const groups = this.tellingGroups(db, concepts);
    if (groups.length === 0) return [];
    const quote = (token: string) => `"${token.replace(/"/g, '""')}"`;
    const anyOf = (tokens: string[]) => `(${tokens.map(quote).join(' OR ')})`;
    // First the rulings that match every concept; only if too few do, those matching any.
    const hits = this.rankBounded(db, groups.map(anyOf).join(' AND '), filter, limit);
    if (hits.length >= Math.min(limit, FULL_PAGE) || groups.length === 1) return hits;
    const seen = new Set(hits.map((h) => h.ruling.id));
    return [...hits, ...this.rankBounded(db, anyOf([...new Set(groups.flat())]), filter, limit).filter((h) => !seen.has(h.ruling.id))].slice(0, limit);
  }

  /**
   * BM25 costs about 2 µs a match, so a query matching thousands of rulings is not scored
   * whole: its candidates are then the best title matches (from a titles-only index, cheap to
   * rank) and the most recently added rulings that match, ordered by the re-ranking alone. A collection of one city's size,
   * or any query narrow enough, is always scored whole.
   */
  private rankBounded(db: SqliteDatabase, match: string, filter: RulingFilter, limit: number) {
    if (hasFieldFilters(filter)) return this.runMatch(db, match, filter, limit);
    const probe = db.prepare('SELECT rowid FROM rulings_fts WHERE rulings_fts MATCH ? LIMIT ?').all(match, SCORE_ALL_UP_TO + 1).length;
    if (probe <= SCORE_ALL_UP_TO) return this.runMatch(db, match, filter, limit);
    const { where, params } = filterSql(filter);
    const candidates = (sql: string) =>
      (db.prepare(sql).all({ ...params, match, recent: RECENT_CANDIDATES }) as { doc: string }[]).map((row) => JSON.parse(row.doc) as Ruling);
    const titled = candidates(
      `SELECT r.doc AS doc FROM (SELECT rowid FROM rulings_title_fts WHERE rulings_title_fts MATCH @match ORDER BY rank LIMIT @recent) m
       JOIN rulings r ON r.rowid = m.rowid ${where ? `WHERE ${where}` : ''}`,
    );
    const recent = candidates(
      `SELECT r.doc AS doc FROM (SELECT rowid FROM rulings_fts WHERE rulings_fts MATCH @match ORDER BY rowid DESC LIMIT @recent) m
       JOIN rulings r ON r.rowid = m.rowid ${where ? `WHERE ${where}` : ''}`,
    );
    const seen = new Set(titled.map((r) => r.id));
    return [...titled, ...recent.filter((r) => !seen.has(r.id))].map((ruling) => ({ ruling, score: 0 }));
  }

  private runMatch(db: SqliteDatabase, match: string, filter: RulingFilter, limit: number) {
    const { where, params } = filterSql(filter);
    // Without 所管課/分野/年度 filters the index ranks alone and only its top rows are joined;
    // with them every match is joined so that filtered results are never cut short.
    const narrow = !hasFieldFilters(filter);
    const sql = narrow
      ? `SELECT r.doc AS doc, m.score AS score FROM (
           SELECT rowid, -bm25(rulings_fts, 8.0, 3.0, 1.0) AS score FROM rulings_fts WHERE rulings_fts MATCH @match ORDER BY rank LIMIT @wide
         ) m JOIN rulings r ON r.rowid = m.rowid ${where ? `WHERE ${where}` : ''} ORDER BY m.score DESC LIMIT @limit`
      : `SELECT r.doc AS doc, -bm25(rulings_fts, 8.0, 3.0, 1.0) AS score
         FROM rulings_fts JOIN rulings r ON r.rowid = rulings_fts.rowid
         WHERE rulings_fts MATCH @match ${where ? `AND ${where}` : ''} ORDER BY score DESC LIMIT @limit`;
    return (db.prepare(sql).all({ ...params, match, limit, ...(narrow ? { wide: limit * 2 + 20 } : {}) }) as { doc: string; score: number }[]).map((row) => ({
      ruling: JSON.parse(row.doc) as Ruling,
      score: row.score,
    }));
  }

  /**
   * Each concept's most telling tokens: its rarest ones in the collection (at most 3), which
   * say the most and cost the least to read. Tokens absent from the index are dropped, and so
   * is a concept left with none (it cannot match anything).
   */
  private tellingGroups(db: SqliteDatabase, concepts: string[][]): string[][] {
    const frequency = this.frequencies(db, [...new Set(concepts.flat())]);
    return concepts
      .map((tokens) => [...new Set(tokens)].filter((t) => (frequency.get(t) ?? 0) > 0).sort((a, b) => frequency.get(a)! - frequency.get(b)!).slice(0, 3))
      .filter((tokens) => tokens.length > 0);
  }

  /** Document frequencies from FTS5's vocabulary, cached for a minute (reading them costs ~1 ms a term). */
  private frequencies(db: SqliteDatabase, terms: string[]): Map<string, number> {
    if (Date.now() - this.frequencyCache.at > 60_000 || this.frequencyCache.values.size > 50_000) this.frequencyCache = { at: Date.now(), values: new Map() };
    const missing = terms.filter((t) => !this.frequencyCache.values.has(t));
    if (missing.length > 0) {
      const found = new Map(
        (db.prepare(`SELECT term, doc FROM rulings_fts_vocab WHERE term IN (${missing.map(() => '?').join(', ')})`).all(...missing) as { term: string; doc: number }[]).map(
          (row) => [row.term, row.doc],
        ),
      );
      for (const term of missing) this.frequencyCache.values.set(term, found.get(term) ?? 0);
    }
    return this.frequencyCache.values;
  }

  private frequencyCache = { at: 0, values: new Map<string, number>() };

}

/** Enough rulings matching every word that the looser any-word search is not needed. */
const FULL_PAGE = 10;
/** Up to this many matches are ranked by BM25 over the whole text. */
const SCORE_ALL_UP_TO = 2000;
/** When more match, this many of the most recently added are re-ranked. */
const RECENT_CANDIDATES = 200;

/** 所管課, 分野 or 年度 given (status alone is not: most rulings are current). */
function hasFieldFilters(filter: RulingFilter): boolean {
  return filter.department !== undefined || filter.category !== undefined || filter.fiscalYear !== undefined;
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
  const { rowid } = db.prepare('SELECT rowid FROM rulings WHERE id = ?').get(ruling.id) as { rowid: number };
  db.prepare('DELETE FROM rulings_fts WHERE rowid = ?').run(rowid);
  db.prepare('INSERT INTO rulings_fts (rowid, title, keywords, body) VALUES (?, ?, ?, ?)').run(rowid, fields.title, fields.keywords, fields.body);
  // Titles alone, so a very large collection can still find its best title matches cheaply.
  db.prepare('DELETE FROM rulings_title_fts WHERE rowid = ?').run(rowid);
  db.prepare('INSERT INTO rulings_title_fts (rowid, title) VALUES (?, ?)').run(rowid, fields.title);
}

/** Rebuilds the index when it does not match the rulings (first start after the migration). */
export function reindexRulingsIfNeeded(db: SqliteDatabase): number {
  const rulings = (db.prepare('SELECT COUNT(*) AS n FROM rulings').get() as { n: number }).n;
  const indexed = (db.prepare('SELECT COUNT(*) AS n FROM rulings_fts').get() as { n: number }).n;
  const titles = (db.prepare('SELECT COUNT(*) AS n FROM rulings_title_fts').get() as { n: number }).n;
  if (rulings === indexed && rulings === titles) return 0;
  db.transaction(() => {
    db.exec('DELETE FROM rulings_fts');
    db.exec('DELETE FROM rulings_title_fts');
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
