import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { OperationalSession, OperationalStore, StoreHealth } from '../ports';
import { TableAuditLogStore } from './table-audit';
import { allTables, DEFAULT_TABLE_PREFIX, operationalTables, type AzureTablesAuth, type OperationalTables } from './table-clients';
import { TableConversationReferenceStore } from './table-conversations';
import { TableJournal } from './table-journal';
import { TableOutboxStore } from './table-outbox';
import { applyJournal, BufferedSession, type CommittedStores } from './table-transaction';
import { queryEntities, statusOf } from './table-values';

export interface AzureOperationalStoreOptions {
  /**
   * Recovery leaves journal records younger than this alone: another instance may still be
   * applying them (replaying is safe, but needless). Default 60 s.
   */
  journalGraceMs?: number;
  /**
   * Tests only: runs after a transaction's journal is written and before it is applied.
   * Throwing there leaves the journal behind, as a crash at that moment would.
   */
  afterJournalWrite?: (journalId: string) => void | Promise<void>;
}

export interface JournalRecovery {
  applied: number;
  /** Parts of journals whose writing never finished (never committed): deleted. */
  dropped: number;
  /** Records that could not be applied now; they stay for the next run. */
  failed: { id: string; error: string }[];
}

/**
 * The operational state (outbox, conversation references, audit log) on Azure Table
 * Storage, for several app instances at once: claims are decided by ETags, transactions by a
 * journal (see table-journal.ts). Tables `<prefix>outbox`, `<prefix>conversations`,
 * `<prefix>audit` and `<prefix>journal` are created when missing.
 */
export class AzureOperationalStore implements OperationalStore {
  readonly outbox: TableOutboxStore;
  readonly conversations: TableConversationReferenceStore;
  readonly audit: TableAuditLogStore;
  private readonly journal: TableJournal;
  private readonly committed: CommittedStores;
  private closed = false;

  private constructor(
    private readonly tables: OperationalTables,
    private readonly options: AzureOperationalStoreOptions,
  ) {
    this.outbox = new TableOutboxStore(tables.outbox);
    this.conversations = new TableConversationReferenceStore(tables.conversations);
    this.audit = new TableAuditLogStore(tables.audit);
    this.journal = new TableJournal(tables.journal);
    this.committed = { outbox: this.outbox, conversations: this.conversations, audit: this.audit };
  }

  /** Connects, creates the tables if missing and completes transactions an earlier process left half-applied. */
  static async open(
    auth: AzureTablesAuth,
    tablePrefix = DEFAULT_TABLE_PREFIX,
    options: AzureOperationalStoreOptions = {},
  ): Promise<AzureOperationalStore> {
    const tables = operationalTables(auth, tablePrefix);
    await Promise.all(allTables(tables).map((table) => table.createTable())); // no-op when it exists
    const store = new AzureOperationalStore(tables, options);
    await store.recoverJournal();
    return store;
  }

  /**
   * Buffers the writes `work` makes; when it resolves, writes them to the journal (the commit
   * point), applies them and deletes the journal record (a lone audit entry is written directly). If `work` throws, nothing is written.
   * If applying fails (storage unavailable after the SDK's retries) this rejects, yet the
   * writes are committed: recovery completes them, like a database whose commit acknowledgement
   * was lost.
   */
  async transaction<T>(work: (tx: OperationalSession) => Promise<T>): Promise<T> {
    const session = new BufferedSession(this.committed);
    let result: T;
    try {
      result = await work(session);
    } catch (error) {
      await session.seal(); // late writes of the failed work are refused, never written
      throw error;
    }
    const ops = await session.seal();
    if (ops.length === 0) return result;
    // One audit entry (a check-in answer's only operational write) is one insert-once write:
    // atomic and safe to repeat by itself, so it is its own commit (1 request instead of 3).
    if (ops.length === 1 && ops[0].op === 'audit') {
      await this.audit.insert(ops[0].entry);
      return result;
    }
    const record = TableJournal.newRecord(ops);
    await this.journal.write(record);
    await this.options.afterJournalWrite?.(record.id);
    await applyJournal(record, this.committed);
    await this.journal.delete(record.id);
    return result;
  }

  /**
   * Applies journal records older than the grace period that a crashed process left behind.
   * Runs on open; run it periodically too (every instance may: it is idempotent).
   */
  async recoverJournal(olderThanMs = this.options.journalGraceMs ?? 60_000): Promise<JournalRecovery> {
    const outcome: JournalRecovery = { applied: 0, dropped: 0, failed: [] };
    const cutoff = Date.now() - olderThanMs;
    for (const listing of await this.journal.list()) {
      if (listing.writtenAt > cutoff) continue;
      try {
        if (!listing.committed) {
          await this.journal.delete(listing.id);
          outcome.dropped += 1;
          continue;
        }
        const record = await this.journal.read(listing.id);
        if (record) await applyJournal(record, this.committed);
        await this.journal.delete(listing.id);
        outcome.applied += 1;
      } catch (error) {
        // One bad record must not hold up the others.
        outcome.failed.push({ id: listing.id, error: (error as Error).message });
      }
    }
    return outcome;
  }

  /** One small read of the journal table: proves the account, the credential and the tables. */
  async health(): Promise<StoreHealth> {
    const where = `azure table storage ${this.tables.account}, tables ${this.tables.prefix}*`;
    if (this.closed) return { reachable: false, detail: `${where}: closed` };
    try {
      await queryEntities(this.tables.journal, undefined, { select: ['PartitionKey'], limit: 1 });
      return { reachable: true, detail: where };
    } catch (error) {
      const status = statusOf(error);
      return {
        reachable: false,
        detail: `${where}: ${status ? `HTTP ${status}` : '応答がありません (no answer)'}`,
        cause: (error as Error).message.split('\n')[0],
      };
    }
  }

  /** Deletes every entity of this store's tables (the tables stay). */
  async clear(): Promise<void> {
    await Promise.all(allTables(this.tables).map(deleteAllEntities));
  }

  /** The SDK keeps no connections that need closing; later health checks report closed. */
  async close(): Promise<void> {
    this.closed = true;
  }
}

async function deleteAllEntities(table: TableClient): Promise<void> {
  const rows = await queryEntities(table, undefined, { select: ['PartitionKey', 'RowKey'] });
  const byPartition = new Map<string, string[]>();
  for (const row of rows) {
    const keys = byPartition.get(row.partitionKey!) ?? [];
    keys.push(row.rowKey!);
    byPartition.set(row.partitionKey!, keys);
  }
  for (const [partitionKey, rowKeys] of byPartition) {
    for (let i = 0; i < rowKeys.length; i += 100) {
      const actions = rowKeys.slice(i, i + 100).map((rowKey): TransactionAction => ['delete', { partitionKey, rowKey }]);
      try {
        await table.submitTransaction(actions);
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
        // Someone deleted one meanwhile: delete the rest one by one.
        for (const [, entity] of actions)
          await table.deleteEntity(partitionKey, entity.rowKey).catch((e: unknown) => {
            if (statusOf(e) !== 404) throw e;
          });
      }
    }
  }
}
