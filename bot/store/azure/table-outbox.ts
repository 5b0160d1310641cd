import { randomUUID } from 'node:crypto';
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import {
  OUTBOX_STATUSES,
  type ClaimedOutboxMessage,
  type DueOutboxMessage,
  type NewOutboxMessage,
  type OutboxClaim,
  type OutboxMessage,
  type OutboxStatus,
} from '../../platform/outbox/model';
import type { OutboxStore } from '../ports';
import { encodeKey, fixedIso, invertedNumber, utcIso, utcMs } from './table-keys';
import {
  failedOperationIndex,
  mapLimited,
  optionalText,
  packText,
  queryEntities,
  statusOf,
  unpackText,
  withoutNulls,
} from './table-values';

/**
 * Layout: one partition, so that a message and its index rows change in one atomic
 * entity-group transaction (one partition serves ~2,000 entities/s, far above Teams' ~50
 * messages/s per app, which bounds how fast the outbox drains):
 *
 *   m|<key>                         the message (status, attempts, payload, claim…)
 *   d|<UTC ISO>|<key>               due index: pending/failed at nextAttemptAt, sending at its lease expiry
 *   x|<inverted claim ms>|<key>     dead index, newest first
 *
 * Every non-terminal message has exactly one d| row, so listDue is one range query up to `now`
 * however many sent messages the table holds. Claims and outcomes are read-modify-write with
 * the message's ETag: of several senders (or app instances) only one transaction succeeds,
 * the others get 412 and report a lost race.
 */
export const OUTBOX_PARTITION = 'outbox';
const MAX_MS = 999_999_999_999_999; // 15 digits, past year 9999

const messageRow = (key: string) => `m|${encodeKey(key)}`;
const dueRow = (atUtc: string, key: string) => `d|${atUtc}|${encodeKey(key)}`;
const deadRow = (claimedAtUtc: string, key: string) => `x|${invertedNumber(utcMs(claimedAtUtc), MAX_MS)}|${encodeKey(key)}`;
const isIndexRow = (rowKey: string) => rowKey.startsWith('d|') || rowKey.startsWith('x|');

/** A message as it is first stored, with its times already fixed (so a journal replay writes the same). */
export interface PreparedOutboxMessage {
  key: string;
  conversationKey: string;
  payload: OutboxMessage['payload'];
  nextAttemptAt: string;
  createdAt: string;
}

export function prepareOutboxMessage(message: NewOutboxMessage, nowIso: string): PreparedOutboxMessage {
  return {
    key: message.key,
    conversationKey: message.conversationKey,
    payload: message.payload,
    nextAttemptAt: utcIso(message.notBefore ?? nowIso),
    createdAt: utcIso(nowIso),
  };
}

export function preparedToMessage(message: PreparedOutboxMessage): OutboxMessage {
  return { ...message, status: 'pending', attempts: 0, lastError: null, sentAt: null, sentActivityId: null };
}

interface OutboxRecord extends OutboxMessage {
  claimToken: string | null;
  leaseUntil: string | null;
  claimedAt: string | null;
}

interface StoredRecord {
  record: OutboxRecord;
  etag: string;
  /** The d| row the stored message is indexed under, if any. */
  dueRow: string | null;
}

const toMessage = ({ claimToken: _t, leaseUntil: _l, claimedAt: _c, ...message }: OutboxRecord): OutboxMessage => message;

function fromEntity(entity: Record<string, unknown>): { record: OutboxRecord; dueRow: string | null } {
  return {
    record: {
      key: entity.key as string,
      conversationKey: entity.conversationKey as string,
      payload: JSON.parse(unpackText(entity, 'payload')) as OutboxMessage['payload'],
      status: entity.status as OutboxStatus,
      attempts: Number(entity.attempts ?? 0),
      nextAttemptAt: entity.nextAttemptAt as string,
      lastError: optionalText(entity, 'lastError'),
      createdAt: entity.createdAt as string,
      sentAt: optionalText(entity, 'sentAt'),
      sentActivityId: optionalText(entity, 'sentActivityId'),
      claimToken: optionalText(entity, 'claimToken'),
      leaseUntil: optionalText(entity, 'leaseUntil'),
      claimedAt: optionalText(entity, 'claimedAt'),
    },
    dueRow: optionalText(entity, 'dueRow'),
  };
}

/** Where a message in this state belongs in the due index (null: nowhere, it is finished). */
function dueRowOf(record: OutboxRecord): string | null {
  if (record.status === 'pending' || record.status === 'failed') return dueRow(record.nextAttemptAt, record.key);
  if (record.status === 'sending' && record.leaseUntil) return dueRow(record.leaseUntil, record.key);
  return null;
}

function toEntity(record: OutboxRecord) {
  const { payload, ...rest } = record;
  return withoutNulls({
    partitionKey: OUTBOX_PARTITION,
    rowKey: messageRow(record.key),
    ...rest,
    ...packText('payload', JSON.stringify(payload)),
    dueRow: dueRowOf(record),
  });
}

const indexEntity = (rowKey: string, record: OutboxRecord) => ({
  partitionKey: OUTBOX_PARTITION,
  rowKey,
  key: record.key,
  conversationKey: record.conversationKey,
  status: record.status,
});

function isDue(record: OutboxRecord, nowMs: number): boolean {
  if (record.status === 'pending' || record.status === 'failed') return utcMs(record.nextAttemptAt) <= nowMs;
  if (record.status === 'sending') return record.leaseUntil !== null && utcMs(record.leaseUntil) <= nowMs;
  return false;
}

function newRecord(message: PreparedOutboxMessage): OutboxRecord {
  return { ...preparedToMessage(message), claimToken: null, leaseUntil: null, claimedAt: null };
}

/** The request body of a transaction may be 4 MiB; stay well below with UTF-8 worst cases. */
const BATCH_TEXT_BUDGET = 900_000;
const BATCH_MESSAGES = 50; // two entities each: at most 100 operations

export class TableOutboxStore implements OutboxStore {
  constructor(private readonly table: TableClient) {}

  async enqueue(message: NewOutboxMessage): Promise<boolean> {
    return this.insert(prepareOutboxMessage(message, new Date().toISOString()));
  }

  /** Insert-once of a prepared message: false if the key exists. */
  async insert(message: PreparedOutboxMessage): Promise<boolean> {
    const record = newRecord(message);
    return this.submit([
      ['create', toEntity(record)],
      ['create', indexEntity(dueRowOf(record)!, record)],
    ]);
  }

  /** Inserts many prepared messages, each once, in as few transactions as possible (a journal replay of a cycle's fan-out). */
  async insertMany(messages: readonly PreparedOutboxMessage[]): Promise<void> {
    const batches: PreparedOutboxMessage[][] = [];
    let batch: PreparedOutboxMessage[] = [];
    let size = 0;
    for (const message of messages) {
      const text = JSON.stringify(message.payload).length + message.key.length * 2 + message.conversationKey.length + 500;
      if (batch.length > 0 && (batch.length >= BATCH_MESSAGES || size + text > BATCH_TEXT_BUDGET)) {
        batches.push(batch);
        batch = [];
        size = 0;
      }
      batch.push(message);
      size += text;
    }
    if (batch.length > 0) batches.push(batch);
    for (const group of batches) {
      if (group.length > 1) {
        const records = group.map(newRecord);
        try {
          await this.table.submitTransaction(
            records.flatMap((r): TransactionAction[] => [
              ['create', toEntity(r)],
              ['create', indexEntity(dueRowOf(r)!, r)],
            ]),
          );
          continue;
        } catch (error) {
          if (statusOf(error) !== 409) throw error;
          // Some already exist (a replay, or another writer): fall back to one at a time.
        }
      }
      await mapLimited(group, 8, (message) => this.insert(message));
    }
  }

  async get(key: string): Promise<OutboxMessage | undefined> {
    const stored = await this.read(key);
    return stored ? toMessage(stored.record) : undefined;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.table.getEntity(OUTBOX_PARTITION, messageRow(key), { queryOptions: { select: ['RowKey'] } });
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw error;
    }
  }

  async listDue(now: string, limit: number): Promise<DueOutboxMessage[]> {
    // Every d| row up to and including `now`: `}` sorts right after the `|` that follows the time.
    const filter = odata`PartitionKey eq ${OUTBOX_PARTITION} and RowKey ge ${'d|'} and RowKey lt ${`d|${utcIso(now)}}`}`;
    const rows = await queryEntities<{ key: string; conversationKey: string }>(this.table, filter, {
      select: ['key', 'conversationKey'],
      limit,
    });
    return rows.map((row) => ({ key: row.key, conversationKey: row.conversationKey }));
  }

  async claim(key: string, now: string, leaseSeconds: number): Promise<ClaimedOutboxMessage | undefined> {
    const nowMs = utcMs(now);
    const stored = await this.read(key);
    if (!stored || !isDue(stored.record, nowMs)) return undefined;
    const claimToken = randomUUID();
    const next: OutboxRecord = {
      ...stored.record,
      status: 'sending',
      claimToken,
      leaseUntil: fixedIso(nowMs + leaseSeconds * 1000),
      claimedAt: fixedIso(nowMs),
    };
    return (await this.move(stored, next)) ? { ...toMessage(next), claimToken } : undefined;
  }

  async markSent(claim: OutboxClaim, sentActivityId: string | null, at: string): Promise<boolean> {
    const sentAt = utcIso(at);
    return this.settle(claim, (r) => ({ ...r, status: 'sent', sentAt, sentActivityId, lastError: null }));
  }

  async markRetry(claim: OutboxClaim, error: string, nextAttemptAt: string, countAttempt: boolean): Promise<boolean> {
    const next = utcIso(nextAttemptAt);
    return this.settle(claim, (r) => ({
      ...r,
      status: 'failed',
      attempts: r.attempts + (countAttempt ? 1 : 0),
      lastError: error,
      nextAttemptAt: next,
    }));
  }

  async markDead(claim: OutboxClaim, reason: string): Promise<boolean> {
    return this.settle(claim, (r) => ({ ...r, status: 'dead', attempts: r.attempts + 1, lastError: reason }));
  }

  /** Scans the messages' status only (operators ask rarely; sent messages are never indexed). */
  async countByStatus(): Promise<Record<OutboxStatus, number>> {
    const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
    const filter = odata`PartitionKey eq ${OUTBOX_PARTITION} and RowKey ge ${'m|'} and RowKey lt ${'m}'}`;
    for (const row of await queryEntities<{ status: OutboxStatus }>(this.table, filter, { select: ['status'] })) {
      if (row.status in counts) counts[row.status] += 1;
    }
    return counts;
  }

  async listDead(limit: number): Promise<OutboxMessage[]> {
    const filter = odata`PartitionKey eq ${OUTBOX_PARTITION} and RowKey ge ${'x|'} and RowKey lt ${'x}'}`;
    const rows = await queryEntities<{ key: string }>(this.table, filter, { select: ['key'], limit });
    const messages = await mapLimited(rows, 8, (row) => this.get(row.key));
    return messages.filter((m): m is OutboxMessage => m?.status === 'dead');
  }

  private async read(key: string): Promise<StoredRecord | undefined> {
    try {
      const entity = await this.table.getEntity<Record<string, unknown>>(OUTBOX_PARTITION, messageRow(key));
      return { ...fromEntity(entity), etag: entity.etag };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Records an outcome only if this claim still holds the message. */
  private async settle(claim: OutboxClaim, change: (record: OutboxRecord) => OutboxRecord): Promise<boolean> {
    const stored = await this.read(claim.key);
    if (!stored || stored.record.status !== 'sending' || stored.record.claimToken !== claim.claimToken) return false;
    return this.move(stored, { ...change(stored.record), claimToken: null, leaseUntil: null });
  }

  /** Replaces the message if unchanged since read (ETag) and moves its index rows with it, atomically. */
  private move(stored: StoredRecord, next: OutboxRecord): Promise<boolean> {
    const newDue = dueRowOf(next);
    const actions: TransactionAction[] = [['update', toEntity(next), 'Replace', { etag: stored.etag }]];
    if (stored.dueRow && stored.dueRow !== newDue) actions.push(['delete', { partitionKey: OUTBOX_PARTITION, rowKey: stored.dueRow }]);
    if (newDue)
      actions.push(newDue === stored.dueRow ? ['upsert', indexEntity(newDue, next), 'Replace'] : ['create', indexEntity(newDue, next)]);
    if (next.status === 'dead' && next.claimedAt) actions.push(['create', indexEntity(deadRow(next.claimedAt, next.key), next)]);
    return this.submit(actions);
  }

  /**
   * Submits one entity-group transaction. false: the message changed under us (412), or it
   * already exists (409 on its m| row). A missing or already present index row is repaired
   * and the transaction retried, so a damaged index never blocks a message.
   */
  private async submit(actions: TransactionAction[]): Promise<boolean> {
    let current = actions;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.table.submitTransaction(current);
        return true;
      } catch (error) {
        const status = statusOf(error);
        const index = failedOperationIndex(error);
        const action = index === undefined ? undefined : current[index];
        const rowKey = action ? String(action[1].rowKey) : '';
        if (status === 412) return false;
        if (action && isIndexRow(rowKey) && action[0] === 'delete' && status === 404) {
          current = current.filter((_, i) => i !== index);
          continue;
        }
        if (action && isIndexRow(rowKey) && action[0] === 'create' && status === 409) {
          current = current.map((a, i): TransactionAction => (i === index ? ['upsert', a[1], 'Replace'] : a));
          continue;
        }
        if ((status === 404 && action?.[0] === 'update') || status === 409) return false;
        throw error;
      }
    }
    return false;
  }
}
