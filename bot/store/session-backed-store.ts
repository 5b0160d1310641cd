import type { Store, StoreHealth, StoreSession } from './ports';

/** A store whose ports are those of one session object; the adapters differ in everything else. */
export abstract class SessionBackedStore implements Store {
  protected abstract readonly session: StoreSession;

  get departments() {
    return this.session.departments;
  }
  get people() {
    return this.session.people;
  }
  get initiatives() {
    return this.session.initiatives;
  }
  get checkIns() {
    return this.session.checkIns;
  }
  get checkInCycles() {
    return this.session.checkInCycles;
  }
  get inquiries() {
    return this.session.inquiries;
  }
  get notices() {
    return this.session.notices;
  }
  get surveys() {
    return this.session.surveys;
  }
  get rulings() {
    return this.session.rulings;
  }
  get manuals() {
    return this.session.manuals;
  }
  get conversations() {
    return this.session.conversations;
  }
  get outbox() {
    return this.session.outbox;
  }
  get audit() {
    return this.session.audit;
  }

  abstract transaction<T>(work: (tx: StoreSession) => Promise<T>): Promise<T>;
  abstract health(): Promise<StoreHealth>;
  abstract clear(): Promise<void>;
  abstract close(): Promise<void>;
}
