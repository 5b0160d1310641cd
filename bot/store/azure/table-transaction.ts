import type { AuditEntry, NewAuditEntry } from '../../platform/audit';
import type { ClaimedOutboxMessage, DueOutboxMessage, NewOutboxMessage, OutboxMessage, OutboxStatus } from '../../platform/outbox/model';
import type { AuditLogStore, ConversationReferenceStore, OperationalSession, OutboxStore, StoredConversationReference } from '../ports';
import { auditLimit, matchesAuditFilter, prepareAuditEntry, type AuditFilter, type TableAuditLogStore } from './table-audit';
import type { TableConversationReferenceStore } from './table-conversations';
import type { JournalOp, JournalRecord } from './table-journal';
import { compareCodePoints } from './table-keys';
import { preparedToMessage, prepareOutboxMessage, type PreparedOutboxMessage, type TableOutboxStore } from './table-outbox';
import { mapLimited } from './table-values';

export interface CommittedStores {
  outbox: TableOutboxStore;
  conversations: TableConversationReferenceStore;
  audit: TableAuditLogStore;
}

/** Writes go to `ops`, in order; nothing reaches the tables until the transaction commits. */
class WriteBuffer {
  readonly ops: JournalOp[] = [];
  private sealed = false;
  readonly pending = new Set<Promise<unknown>>();

  push(op: JournalOp): void {
    if (this.sealed) throw new Error('この操作はトランザクションの終了後に行われました (write after the transaction ended)');
    this.ops.push(op);
  }

  /** Waits for reads the work started but did not await, then refuses further writes. */
  async seal(): Promise<JournalOp[]> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    this.sealed = true;
    return this.ops;
  }

  track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    const forget = () => this.pending.delete(promise);
    promise.then(forget, forget);
    return promise;
  }
}

const notInTransaction = (what: string) =>
  Promise.reject(
    new Error(`${what} はトランザクションの中では使えません (outbox claims and outcomes are not transactional: call them on the store)`),
  );

class BufferedOutbox implements OutboxStore {
  private readonly enqueued = new Map<string, Promise<boolean>>();
  private readonly messages = new Map<string, PreparedOutboxMessage>();

  constructor(
    private readonly buffer: WriteBuffer,
    private readonly committed: TableOutboxStore,
  ) {}

  /** New unless stored already or enqueued earlier in this transaction (checked against the committed state). */
  enqueue(message: NewOutboxMessage): Promise<boolean> {
    let prepared: PreparedOutboxMessage;
    try {
      prepared = prepareOutboxMessage(message, new Date().toISOString());
    } catch (error) {
      return Promise.reject(error);
    }
    const earlier = this.enqueued.get(message.key);
    if (earlier) return earlier.then(() => false);
    const check = this.buffer.track(
      this.committed.exists(message.key).then((exists) => {
        if (exists) return false;
        this.buffer.push({ op: 'enqueue', message: prepared });
        this.messages.set(message.key, prepared);
        return true;
      }),
    );
    this.enqueued.set(message.key, check);
    return check;
  }

  async get(key: string): Promise<OutboxMessage | undefined> {
    await this.enqueued.get(key)?.catch(() => undefined);
    const buffered = this.messages.get(key);
    return buffered ? preparedToMessage(buffered) : this.committed.get(key);
  }

  // Reads of many messages see the committed state only.
  listDue(now: string, limit: number): Promise<DueOutboxMessage[]> {
    return this.committed.listDue(now, limit);
  }
  countByStatus(): Promise<Record<OutboxStatus, number>> {
    return this.committed.countByStatus();
  }
  listDead(limit: number): Promise<OutboxMessage[]> {
    return this.committed.listDead(limit);
  }
  claim(): Promise<ClaimedOutboxMessage | undefined> {
    return notInTransaction('claim');
  }
  markSent(): Promise<boolean> {
    return notInTransaction('markSent');
  }
  markRetry(): Promise<boolean> {
    return notInTransaction('markRetry');
  }
  markDead(): Promise<boolean> {
    return notInTransaction('markDead');
  }
}

class BufferedConversations implements ConversationReferenceStore {
  /** null: deleted in this transaction. */
  private readonly overlay = new Map<string, StoredConversationReference | null>();

  constructor(
    private readonly buffer: WriteBuffer,
    private readonly committed: TableConversationReferenceStore,
  ) {}

  async save(key: string, reference: StoredConversationReference): Promise<void> {
    const snapshot = JSON.parse(JSON.stringify(reference)) as StoredConversationReference;
    this.buffer.push({ op: 'saveConversation', key, reference: snapshot });
    this.overlay.set(key, snapshot);
  }

  async get(key: string): Promise<StoredConversationReference | undefined> {
    if (this.overlay.has(key)) return this.overlay.get(key) ?? undefined;
    return this.committed.get(key);
  }

  async delete(key: string): Promise<void> {
    this.buffer.push({ op: 'deleteConversation', key });
    this.overlay.set(key, null);
  }

  async listKeys(prefix = ''): Promise<string[]> {
    const keys = new Set(await this.committed.listKeys(prefix));
    for (const [key, reference] of this.overlay) {
      if (!key.startsWith(prefix)) continue;
      if (reference === null) keys.delete(key);
      else keys.add(key);
    }
    return [...keys].sort(compareCodePoints);
  }
}

class BufferedAudit implements AuditLogStore {
  private readonly entries: AuditEntry[] = [];

  constructor(
    private readonly buffer: WriteBuffer,
    private readonly committed: TableAuditLogStore,
  ) {}

  /** The id and time are fixed now and kept by the journal, so the entry returned is the one stored. */
  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const prepared = prepareAuditEntry(entry);
    this.buffer.push({ op: 'audit', entry: prepared });
    this.entries.push(prepared.entry);
    return prepared.entry;
  }

  async list(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const own = this.entries.filter((entry) => matchesAuditFilter(entry, filter));
    const committed = await this.committed.list(filter);
    return [...own, ...committed].sort((a, b) => b.id - a.id).slice(0, auditLimit(filter.limit));
  }
}

/** What `transaction(work)` hands to `work`: reads see the committed state (and this transaction's own writes). */
export class BufferedSession implements OperationalSession {
  private readonly buffer = new WriteBuffer();
  readonly outbox: OutboxStore;
  readonly conversations: ConversationReferenceStore;
  readonly audit: AuditLogStore;

  constructor(committed: CommittedStores) {
    this.outbox = new BufferedOutbox(this.buffer, committed.outbox);
    this.conversations = new BufferedConversations(this.buffer, committed.conversations);
    this.audit = new BufferedAudit(this.buffer, committed.audit);
  }

  /** The writes to commit, in the order they were made. */
  seal(): Promise<JournalOp[]> {
    return this.buffer.seal();
  }
}

/**
 * Applies a journal record; every step is idempotent, so a record can be applied again after
 * a crash part-way: enqueue and audit are insert-once, a conversation write is skipped when a
 * newer write already replaced it. Writes to one conversation key keep their order (only the
 * last one counts).
 */
export async function applyJournal(record: JournalRecord, stores: CommittedStores): Promise<void> {
  const messages: PreparedOutboxMessage[] = [];
  const audits = [];
  const conversations = new Map<string, StoredConversationReference | null>();
  for (const op of record.ops) {
    if (op.op === 'enqueue') messages.push(op.message);
    else if (op.op === 'audit') audits.push(op.entry);
    else {
      conversations.delete(op.key); // keep insertion order = order of each key's last write
      conversations.set(op.key, op.op === 'saveConversation' ? op.reference : null);
    }
  }
  await Promise.all([
    stores.outbox.insertMany(messages),
    mapLimited(audits, 8, (entry) => stores.audit.insert(entry)),
    mapLimited([...conversations], 4, ([key, reference]) => stores.conversations.applyIfNotOvertaken(key, reference, record.writtenAt)),
  ]);
}
