import { randomUUID } from 'node:crypto';
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { StoredConversationReference } from '../ports';
import type { PreparedAuditEntry } from './table-audit';
import { fixedIso } from './table-keys';
import type { PreparedOutboxMessage } from './table-outbox';
import { mapLimited, packText, queryEntities, statusOf, TEXT_CHUNK, unpackText } from './table-values';

/** One buffered write of an operational transaction, replayable any number of times. */
export type JournalOp =
  | { op: 'enqueue'; message: PreparedOutboxMessage }
  | { op: 'audit'; entry: PreparedAuditEntry }
  | { op: 'saveConversation'; key: string; reference: StoredConversationReference }
  | { op: 'deleteConversation'; key: string };

export interface JournalRecord {
  id: string;
  /** ms; also orders conversation writes against later ones (see applyIfNotOvertaken). */
  writtenAt: number;
  ops: JournalOp[];
}

export interface JournalListing {
  id: string;
  writtenAt: number;
  /** false: parts without a header, left by a crash while the journal was being written (never committed). */
  committed: boolean;
}

/**
 * The commit log of operational transactions. Table Storage has no transactions across
 * partitions or tables, so a transaction's writes are first written here as one record,
 * then applied (each idempotently), then the record is deleted. Writing the header is the
 * commit point: a record with a header is replayed by recovery, parts without one are dropped.
 *
 * Layout: PartitionKey = record id (`<UTC ISO>_<uuid>`, so listing is oldest first);
 * RowKey `h` = header (writtenAt, part count, and the ops inline when they fit one entity);
 * RowKey `p0001`… = the ops JSON in parts when it does not (entities hold ≤ 1 MiB).
 */
const HEADER = 'h';
/** Characters of JSON per entity: ≤ 720 KB even as UTF-8 Japanese, under the 1 MiB entity limit. */
const PART_CHARS = 8 * TEXT_CHUNK;
const partRow = (n: number) => `p${String(n).padStart(4, '0')}`;

export class TableJournal {
  constructor(private readonly table: TableClient) {}

  static newRecord(ops: JournalOp[], now = Date.now()): JournalRecord {
    return { id: `${fixedIso(now)}_${randomUUID()}`, writtenAt: now, ops };
  }

  async write(record: JournalRecord): Promise<void> {
    const text = JSON.stringify(record.ops);
    const writtenAt = String(record.writtenAt);
    if (text.length <= PART_CHARS) {
      await this.table.createEntity({ partitionKey: record.id, rowKey: HEADER, writtenAt, parts: 0, ...packText('ops', text) });
      return;
    }
    const parts: string[] = [];
    for (let i = 0; i < text.length; i += PART_CHARS) parts.push(text.slice(i, i + PART_CHARS));
    await mapLimited(parts, 4, (part, i) =>
      this.table.createEntity({ partitionKey: record.id, rowKey: partRow(i + 1), writtenAt, ...packText('ops', part) }),
    );
    await this.table.createEntity({ partitionKey: record.id, rowKey: HEADER, writtenAt, parts: parts.length });
  }

  async read(id: string): Promise<JournalRecord | undefined> {
    const rows = await queryEntities<Record<string, unknown>>(this.table, odata`PartitionKey eq ${id}`);
    const header = rows.find((row) => row.rowKey === HEADER);
    if (!header) return undefined;
    const partCount = Number(header.parts ?? 0);
    let text = unpackText(header, 'ops');
    if (partCount > 0) {
      const parts = rows.filter((row) => row.rowKey !== HEADER).sort((a, b) => (a.rowKey! < b.rowKey! ? -1 : 1));
      if (parts.length !== partCount) throw new Error(`journal ${id}: ${parts.length} of ${partCount} parts found`);
      text = parts.map((part) => unpackText(part, 'ops')).join('');
    }
    return { id, writtenAt: Number(header.writtenAt), ops: JSON.parse(text) as JournalOp[] };
  }

  /** Every record, oldest first (the table is empty but for transactions in flight or interrupted). */
  async list(): Promise<JournalListing[]> {
    const rows = await queryEntities<{ writtenAt?: string }>(this.table, undefined, { select: ['PartitionKey', 'RowKey', 'writtenAt'] });
    const byId = new Map<string, JournalListing>();
    for (const row of rows) {
      const id = row.partitionKey!;
      const listing = byId.get(id) ?? { id, writtenAt: Number(row.writtenAt ?? 0), committed: false };
      if (row.rowKey === HEADER) listing.committed = true;
      byId.set(id, listing);
    }
    return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Deletes the header first, so that a crash half-way leaves only droppable parts. Safe to repeat. */
  async delete(id: string): Promise<void> {
    try {
      await this.table.deleteEntity(id, HEADER);
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
    const parts = await queryEntities(this.table, odata`PartitionKey eq ${id}`, { select: ['PartitionKey', 'RowKey'] });
    for (let i = 0; i < parts.length; i += 100) {
      const actions = parts.slice(i, i + 100).map((row): TransactionAction => ['delete', { partitionKey: id, rowKey: row.rowKey! }]);
      try {
        await this.table.submitTransaction(actions);
      } catch (error) {
        if (statusOf(error) !== 404) throw error; // another recoverer deleted some: the next run finishes
      }
    }
  }
}
