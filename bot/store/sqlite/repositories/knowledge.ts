import type { Manual, Ruling } from '../../../rulings/model';
import { rulingIndexFields } from '../../../rulings/search/index-fields';
import { manualSectionTokens } from '../../../rulings/search/index-fields';
import type {
  IndexQuery,
  ManualSectionMatch,
  ManualStore,
  ManualTextRecord,
  RulingCandidate,
  RulingFilter,
  RulingStore,
} from '../../ports';
import type { SqliteDatabase } from '../database';
import { DocumentTable } from '../document-table';
import type { SqliteExecutor } from '../executor';
import { ParsedRulings } from './parsed-rulings';

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
        ParsedRulings.of(db).forget();
        this.table.upsertSync(db, ruling);
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
        ParsedRulings.of(db).forget();
        for (const ruling of rulings) {
          this.table.upsertSync(db, ruling);
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
        ParsedRulings.of(db).forget();
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
        db
          .prepare(`SELECT doc FROM rulings r ${where ? `WHERE ${where}` : ''} ORDER BY published_at DESC, id LIMIT @limit`)
          .all({ ...params, limit }) as {
          doc: string;
        }[]
      ).map((row) => JSON.parse(row.doc) as Ruling),
    );
  }

  predecessors(id: string) {
    return this.exec.run((db) =>
      (
        db.prepare(`SELECT doc FROM rulings WHERE json_extract(doc, '$.supersededBy') = ? ORDER BY published_at, id`).all(id) as {
          doc: string;
        }[]
      ).map((row) => JSON.parse(row.doc) as Ruling),
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

  documentFrequencies(tokens: string[]) {
    return this.exec.run((db) => {
      const known = this.frequencies(db, [...new Set(tokens)]);
      return new Map(tokens.map((token) => [token, known.get(token) ?? 0]));
    });
  }

  matchIndex(query: IndexQuery) {
    if (query.allOf.length === 0 || query.allOf.some((group) => group.length === 0)) return Promise.resolve([]);
    const quote = (token: string) => `"${token.replace(/"/g, '""')}"`;
    const match = query.allOf.map((group) => `(${group.map(quote).join(' OR ')})`).join(' AND ');
    return this.exec.run((db) => this.rankBounded(db, match, query));
  }

  /**
   * BM25 costs about 2 µs a match, so a query matching thousands of rulings is not scored
   * whole: its candidates are then the best title matches (from a titles-only index, cheap to
   * rank) and the most recently added rulings that match, ordered by the re-ranking alone. A collection of one city's size,
   * or any query narrow enough, is always scored whole. The index gives rowids; the rulings
   * are read (and parsed) once per process, see ParsedRulings.
   */
  private rankBounded(db: SqliteDatabase, match: string, query: IndexQuery): RulingCandidate[] {
    if (hasFieldFilters(query.filter)) return this.runMatch(db, match, query);
    // Newest first, so that the count decides the path and its head is the recent candidates: one pass over the index.
    const newest = db
      .prepare('SELECT rowid FROM rulings_fts WHERE rulings_fts MATCH ? ORDER BY rowid DESC LIMIT ?')
      .pluck()
      .all(match, SCORE_ALL_UP_TO + 1) as number[];
    if (newest.length <= SCORE_ALL_UP_TO) return this.runMatch(db, match, query);
    const titled = db
      .prepare('SELECT rowid FROM rulings_title_fts WHERE rulings_title_fts MATCH ? ORDER BY rank LIMIT ?')
      .pluck()
      .all(match, RECENT_CANDIDATES) as number[];
    const seen = new Set(titled);
    const rowids = [...titled, ...newest.slice(0, RECENT_CANDIDATES).filter((rowid) => !seen.has(rowid))];
    const rulings = ParsedRulings.of(db).load(rowids);
    // Without field filters only 状態 is left to check, and the ruling itself says it.
    const { status } = query.filter;
    return rowids.flatMap((rowid) => {
      const ruling = rulings.get(rowid);
      return ruling && (status === undefined || ruling.status === status) ? [{ ruling, bm25: 0 }] : [];
    });
  }

  private runMatch(db: SqliteDatabase, match: string, { filter, limit, weights }: IndexQuery): RulingCandidate[] {
    const { where, params } = filterSql(filter);
    const bm25 = `-bm25(rulings_fts, ${[weights.title, weights.keywords, weights.body].map(sqlNumber).join(', ')})`;
    // Without 所管課/分野/年度 filters the index ranks alone and only its top rows are joined;
    // with them every match is joined so that filtered results are never cut short.
    const narrow = !hasFieldFilters(filter);
    const sql = narrow
      ? `SELECT m.rowid AS rowid, m.score AS score FROM (
           SELECT rowid, ${bm25} AS score FROM rulings_fts WHERE rulings_fts MATCH @match ORDER BY rank LIMIT @wide
         ) m JOIN rulings r ON r.rowid = m.rowid ${where ? `WHERE ${where}` : ''} ORDER BY m.score DESC LIMIT @limit`
      : `SELECT r.rowid AS rowid, ${bm25} AS score
         FROM rulings_fts JOIN rulings r ON r.rowid = rulings_fts.rowid
         WHERE rulings_fts MATCH @match ${where ? `AND ${where}` : ''} ORDER BY score DESC LIMIT @limit`;
    const rows = db.prepare(sql).all({ ...params, match, limit, ...(narrow ? { wide: limit * 2 + 20 } : {}) }) as {
      rowid: number;
      score: number;
    }[];
    const rulings = ParsedRulings.of(db).load(rows.map((row) => row.rowid));
    return rows.flatMap((row) => {
      const ruling = rulings.get(row.rowid);
      return ruling ? [{ ruling, bm25: row.score }] : [];
    });
  }

  /** Document frequencies from FTS5's vocabulary, cached for a minute (reading them costs ~1 ms a term). */
  private frequencies(db: SqliteDatabase, terms: string[]): Map<string, number> {
    if (Date.now() - this.frequencyCache.at > 60_000 || this.frequencyCache.values.size > 50_000)
      this.frequencyCache = { at: Date.now(), values: new Map() };
    const missing = terms.filter((t) => !this.frequencyCache.values.has(t));
    if (missing.length > 0) {
      const found = new Map(
        (
          db.prepare(`SELECT term, doc FROM rulings_fts_vocab WHERE term IN (${missing.map(() => '?').join(', ')})`).all(...missing) as {
            term: string;
            doc: number;
          }[]
        ).map((row) => [row.term, row.doc]),
      );
      for (const term of missing) this.frequencyCache.values.set(term, found.get(term) ?? 0);
    }
    return this.frequencyCache.values;
  }

  private frequencyCache = { at: 0, values: new Map<string, number>() };
}

/** Up to this many matches are ranked by BM25 over the whole text. */
const SCORE_ALL_UP_TO = 2000;
/** When more match, this many of the most recently added are re-ranked. */
const RECENT_CANDIDATES = 200;

/** A weight written into SQL: a finite number, never text. */
function sqlNumber(weight: number): string {
  if (!Number.isFinite(weight) || weight < 0) throw new Error(`index field weight must be a non-negative number: ${weight}`);
  return weight.toFixed(6);
}

/** 所管課, 分野 or 年度 given (status alone is not: most rulings are current). */
function hasFieldFilters(filter: RulingFilter): boolean {
  return filter.department !== undefined || filter.category !== undefined || filter.fiscalYear !== undefined;
}

function filterSql(filter: RulingFilter): { where: string; params: Record<string, string> } {
  const conditions: string[] = [];
  const params: Record<string, string> = {};
  if (filter.department !== undefined) {
    conditions.push('r.department = @department');
    params.department = filter.department;
  }
  if (filter.category !== undefined) {
    conditions.push('r.category = @category');
    params.category = filter.category;
  }
  if (filter.status !== undefined) {
    conditions.push('r.status = @status');
    params.status = filter.status;
  }
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
  db.prepare('INSERT INTO rulings_fts (rowid, title, keywords, body) VALUES (?, ?, ?, ?)').run(
    rowid,
    fields.title,
    fields.keywords,
    fields.body,
  );
  // Titles alone, so a very large collection can still find its best title matches cheaply.
  db.prepare('DELETE FROM rulings_title_fts WHERE rowid = ?').run(rowid);
  db.prepare('INSERT INTO rulings_title_fts (rowid, title) VALUES (?, ?)').run(rowid, fields.title);
}

/**
 * What the index entries hold; a change of what rulingIndexFields writes (2: kana readings of
 * the title and keywords) bumps it, and the next start rebuilds the index.
 */
const INDEX_FORMAT = 2;

/** Rebuilds the index when it does not match the rulings (first start after the migration, or a new index format). */
export function reindexRulingsIfNeeded(db: SqliteDatabase): number {
  db.exec('CREATE TABLE IF NOT EXISTS rulings_index_format (format INTEGER NOT NULL)');
  const format = (db.prepare('SELECT MAX(format) AS f FROM rulings_index_format').get() as { f: number | null }).f ?? 1;
  const rulings = (db.prepare('SELECT COUNT(*) AS n FROM rulings').get() as { n: number }).n;
  const indexed = (db.prepare('SELECT COUNT(*) AS n FROM rulings_fts').get() as { n: number }).n;
  const titles = (db.prepare('SELECT COUNT(*) AS n FROM rulings_title_fts').get() as { n: number }).n;
  const current = format === INDEX_FORMAT || rulings === 0;
  if (current && rulings === indexed && rulings === titles) {
    if (format !== INDEX_FORMAT) db.prepare('INSERT INTO rulings_index_format (format) VALUES (?)').run(INDEX_FORMAT);
    return 0;
  }
  db.transaction(() => {
    ParsedRulings.of(db).forget();
    db.exec('DELETE FROM rulings_fts');
    db.exec('DELETE FROM rulings_title_fts');
    // Pages, not iterate(): better-sqlite3 refuses writes on a connection whose iterator is still open.
    const page = db.prepare('SELECT rowid, doc FROM rulings WHERE rowid > ? ORDER BY rowid LIMIT 500');
    for (
      let after = 0, rows = page.all(after) as { rowid: number; doc: string }[];
      rows.length > 0;
      rows = page.all(after) as typeof rows
    ) {
      for (const row of rows) writeIndexEntry(db, JSON.parse(row.doc) as Ruling);
      after = rows[rows.length - 1].rowid;
    }
    db.exec('DELETE FROM rulings_index_format');
    db.prepare('INSERT INTO rulings_index_format (format) VALUES (?)').run(INDEX_FORMAT);
  })();
  return rulings;
}

export class SqliteManualStore implements ManualStore {
  private readonly table: DocumentTable<Manual>;

  constructor(private readonly exec: SqliteExecutor) {
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

  saveText(manualId: string, { source, outcome }: ManualTextRecord) {
    return this.exec.run((db) =>
      db.transaction(() => {
        forgetText(db, manualId);
        db.prepare('INSERT INTO manual_texts (manual_id, source, ok, reason, truncated, extracted_at) VALUES (?, ?, ?, ?, ?, ?)').run(
          manualId,
          source,
          Number(outcome.ok),
          outcome.ok ? null : outcome.reason,
          Number(outcome.ok && outcome.truncated),
          new Date().toISOString(),
        );
        if (!outcome.ok) return;
        const insert = db.prepare('INSERT INTO manual_sections (manual_id, ordinal, page, heading, text) VALUES (?, ?, ?, ?, ?)');
        const index = db.prepare('INSERT INTO manual_sections_fts (rowid, body) VALUES (?, ?)');
        outcome.sections.forEach((section, ordinal) => {
          const { lastInsertRowid } = insert.run(manualId, ordinal, section.page ?? null, section.heading ?? null, section.text);
          index.run(lastInsertRowid, manualSectionTokens(section.text));
        });
      })(),
    );
  }

  textState(manualId: string) {
    return this.exec.run((db) => {
      const row = db.prepare('SELECT source, ok, reason FROM manual_texts WHERE manual_id = ?').get(manualId) as
        { source: string; ok: number; reason: string | null } | undefined;
      return row ? { source: row.source, ok: row.ok === 1, ...(row.reason ? { reason: row.reason } : {}) } : undefined;
    });
  }

  matchText(tokens: string[], limit: number) {
    if (tokens.length === 0) return Promise.resolve([]);
    const match = [...new Set(tokens)].map((token) => `"${token.replace(/"/g, '""')}"`).join(' OR ');
    return this.exec.run((db) =>
      (
        db
          .prepare(
            `SELECT s.manual_id AS manualId, s.page AS page, s.heading AS heading, s.text AS text, m.score AS bm25 FROM (
               SELECT rowid, -bm25(manual_sections_fts) AS score FROM manual_sections_fts WHERE manual_sections_fts MATCH ? ORDER BY rank LIMIT ?
             ) m JOIN manual_sections s ON s.rowid = m.rowid ORDER BY m.score DESC`,
          )
          .all(match, limit) as { manualId: string; page: number | null; heading: string | null; text: string; bm25: number }[]
      ).map(({ page, heading, ...rest }): ManualSectionMatch => ({
        ...rest,
        ...(page !== null ? { page } : {}),
        ...(heading !== null ? { heading } : {}),
      })),
    );
  }

  keepTextsOf(keep: string[]) {
    const kept = new Set(keep);
    return this.exec.run((db) =>
      db.transaction(() => {
        const gone = (db.prepare('SELECT manual_id AS id FROM manual_texts').all() as { id: string }[]).filter((row) => !kept.has(row.id));
        for (const { id } of gone) forgetText(db, id);
        return gone.length;
      })(),
    );
  }
}

function forgetText(db: SqliteDatabase, manualId: string) {
  db.prepare('DELETE FROM manual_sections_fts WHERE rowid IN (SELECT rowid FROM manual_sections WHERE manual_id = ?)').run(manualId);
  db.prepare('DELETE FROM manual_sections WHERE manual_id = ?').run(manualId);
  db.prepare('DELETE FROM manual_texts WHERE manual_id = ?').run(manualId);
}
