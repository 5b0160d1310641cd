import type { Ruling } from '../../../rulings/model';
import type { SqliteDatabase } from '../database';

/** Enough for the candidates of many different searches (a ruling takes a few KB parsed). */
const MAX_PARSED = 10_000;

const perConnection = new WeakMap<SqliteDatabase, ParsedRulings>();

/**
 * Rulings parsed from their stored JSON, by rowid, shared by every store object on one
 * connection. A search re-ranks a few hundred candidates and the same rulings come back query
 * after query; parsing their JSON again cost more than finding them in the index. Forgotten
 * whenever rulings change: through this connection (the writes call forget()) or another
 * (the CLI importing while the server runs: PRAGMA data_version). Not used inside a
 * transaction, whose writes may still be rolled back. The rulings handed out are frozen,
 * because the next search hands out the same objects.
 */
export class ParsedRulings {
  private readonly byRowid = new Map<number, Ruling>();
  private dataVersion = -1;

  private constructor(private readonly db: SqliteDatabase) {}

  static of(db: SqliteDatabase): ParsedRulings {
    let parsed = perConnection.get(db);
    if (!parsed) {
      parsed = new ParsedRulings(db);
      perConnection.set(db, parsed);
    }
    return parsed;
  }

  forget(): void {
    this.byRowid.clear();
  }

  /** The rulings of these rowids (a rowid without one is absent from the map). */
  load(rowids: readonly number[]): ReadonlyMap<number, Ruling> {
    if (rowids.length === 0 || this.db.inTransaction) return this.read(rowids);
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.dataVersion) {
      this.byRowid.clear();
      this.dataVersion = version;
    }
    let missing = rowids.filter((rowid) => !this.byRowid.has(rowid));
    if (this.byRowid.size + missing.length > MAX_PARSED) {
      this.byRowid.clear();
      missing = [...rowids];
    }
    if (missing.length > 0) for (const [rowid, ruling] of this.read(missing)) this.byRowid.set(rowid, ruling);
    return this.byRowid;
  }

  private read(rowids: readonly number[]): Map<number, Ruling> {
    const rows = this.db
      .prepare('SELECT rowid, doc FROM rulings WHERE rowid IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(rowids)) as { rowid: number; doc: string }[];
    return new Map(rows.map((row) => [row.rowid, freeze(JSON.parse(row.doc) as Ruling)]));
  }
}

function freeze(ruling: Ruling): Ruling {
  Object.freeze(ruling.tags);
  return Object.freeze(ruling);
}
