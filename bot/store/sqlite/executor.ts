import { DuplicateRecordError, InvalidRecordError } from '../ports';
import type { SqliteDatabase } from './database';

/**
 * Serialises access to the one connection. better-sqlite3 is synchronous, but the store's
 * ports are async, and a transaction may await between statements; without this lock a
 * statement from another request could slip into (and be rolled back with) that transaction.
 */
export class SqliteExecutor {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly db: SqliteDatabase,
    private readonly insideTransaction = false,
  ) {}

  /** Runs a synchronous piece of database work in turn. */
  run<T>(work: (db: SqliteDatabase) => T): Promise<T> {
    const guarded = () => translateErrors(() => work(this.db));
    if (this.insideTransaction) return Promise.resolve().then(guarded);
    return this.exclusive(async () => guarded());
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

/** Callers of the ports see the store's own errors, never the driver's. */
function translateErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = (error as Error).message;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new DuplicateRecordError(message);
    if (code === 'SQLITE_CONSTRAINT_CHECK' || code === 'SQLITE_CONSTRAINT_NOTNULL') throw new InvalidRecordError(message);
    throw error;
  }
}
