import type { OperationalStore, Store, StoreHealth, StoreSession } from './ports';
import { SessionBackedStore } from './session-backed-store';

/**
 * The city's records in one store and the operational state in another (e.g. SQLite records
 * with the outbox in Azure Table Storage). A transaction commits the records first, then the
 * operational writes, so a message is never sent about a change that was rolled back.
 */
export class SplitStore extends SessionBackedStore {
  protected readonly session: StoreSession;

  constructor(
    private readonly records: Store,
    readonly operational: OperationalStore,
  ) {
    super();
    this.session = {
      ...pickRecordPorts(records),
      conversations: operational.conversations,
      outbox: operational.outbox,
      audit: operational.audit,
    };
  }

  transaction<T>(work: (tx: StoreSession) => Promise<T>): Promise<T> {
    return this.operational.transaction((ops) =>
      this.records.transaction((tx) => work({ ...tx, conversations: ops.conversations, outbox: ops.outbox, audit: ops.audit })),
    );
  }

  async health(): Promise<StoreHealth> {
    const [records, operational] = await Promise.all([this.records.health(), this.operational.health()]);
    const cause = [records.cause, operational.cause].filter(Boolean).join('; ') || undefined;
    return {
      reachable: records.reachable && operational.reachable,
      detail: `records: ${records.detail}; operational: ${operational.detail}`,
      cause,
    };
  }

  async clear(): Promise<void> {
    await this.records.clear();
    await this.operational.clear();
  }

  async close(): Promise<void> {
    await this.records.close();
    await this.operational.close();
  }
}

function pickRecordPorts(records: Store) {
  const { departments, people, initiatives, checkIns, checkInCycles, inquiries, notices, surveys, rulings, manuals } = records;
  return { departments, people, initiatives, checkIns, checkInCycles, inquiries, notices, surveys, rulings, manuals };
}
