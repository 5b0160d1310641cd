import type { OperationalStore, Store, StoreHealth, StoreSession } from './ports';

/**
 * The city's records in one store and the operational state in another (e.g. SQLite records
 * with the outbox in Azure Table Storage). A transaction commits the records first, then the
 * operational writes, so a message is never sent about a change that was rolled back.
 */
export class SplitStore implements Store {
  constructor(private readonly records: Store, readonly operational: OperationalStore) {}

  get departments() { return this.records.departments; }
  get people() { return this.records.people; }
  get initiatives() { return this.records.initiatives; }
  get checkIns() { return this.records.checkIns; }
  get checkInCycles() { return this.records.checkInCycles; }
  get inquiries() { return this.records.inquiries; }
  get rulings() { return this.records.rulings; }
  get manuals() { return this.records.manuals; }
  get conversations() { return this.operational.conversations; }
  get outbox() { return this.operational.outbox; }
  get audit() { return this.operational.audit; }

  transaction<T>(work: (tx: StoreSession) => Promise<T>): Promise<T> {
    return this.operational.transaction((ops) =>
      this.records.transaction((tx) => work({ ...tx, conversations: ops.conversations, outbox: ops.outbox, audit: ops.audit })),
    );
  }

  async health(): Promise<StoreHealth> {
    const [records, operational] = await Promise.all([this.records.health(), this.operational.health()]);
    return { reachable: records.reachable && operational.reachable, detail: `records: ${records.detail}; operational: ${operational.detail}` };
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
