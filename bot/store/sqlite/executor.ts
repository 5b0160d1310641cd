import type { SqliteDatabase } from './database';

/**
 * Serialises access to the one connection. better-sqlite3 is synchronous, but the store's
 * ports are async, and a transaction may await between statements; without this lock a
 * statement from another request could slip into (and be rolled back with) that transaction.
 */
export class SqliteExecutor {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly db: SqliteDatabase, private readonly insideTransaction = false) {}

  /** Runs a synchronous piece of database work in turn. */
  run<T>(work: (db: SqliteDatabase) => T): Promise<T> {
    if (this.insideTransaction) return Promise.resolve().then(() => work(this.db));
    return this.exclusive(async () => work(this.db));
  }

  /** Runs async work with the connection to itself (used to hold a transaction open). */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** The executor handed to code running inside a transaction: it already holds the lock. */
  forTransaction(): SqliteExecutor {
    return new SqliteExecutor(this.db, true);
  }
}
