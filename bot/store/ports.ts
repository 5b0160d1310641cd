import type { AppInstaller } from '../platform/outbox/app-installer';
import type { CheckIn, CheckInCycle, Initiative } from '../checkins/model';
import type { Department, DepartmentKind, Person, Role } from '../directory/model';
import type { Inquiry, InquiryStatus } from '../inquiries/model';
import type { Notice, NoticeStatus } from '../notices/model';
import type { AuditEntry, NewAuditEntry } from '../platform/audit';
import type {
  ClaimedOutboxMessage,
  DueOutboxMessage,
  NewOutboxMessage,
  OutboxClaim,
  OutboxMessage,
  OutboxStatus,
  RecordWrite,
  RecordWriteOutcome,
} from '../platform/outbox/model';
import type { Manual, Ruling, RulingStatus } from '../rulings/model';
import type { ManualSection, ManualTextOutcome } from '../rulings/manual-text/model';
import type { OpinionResponse, Survey, SurveyAnswer, SurveyStatus } from '../surveys/model';

/**
 * Storage ports, one per aggregate. The SQLite adapter (local) and the SharePoint adapter
 * (production, through Graph) implement them and pass the same contract suites in
 * test/contract. Nothing outside an adapter knows SQL or Graph.
 */

export interface DepartmentStore {
  upsert(department: Department): Promise<void>;
  get(id: string): Promise<Department | undefined>;
  /** HQ first, then ward offices; within each by office, then name. */
  list(filter?: { kind?: DepartmentKind }): Promise<Department[]>;
}

export interface PeopleStore {
  /** Throws DuplicateRecordError when another person has the same Entra object id. */
  upsert(person: Person): Promise<void>;
  get(id: string): Promise<Person | undefined>;
  findByEntraObjectId(entraObjectId: string): Promise<Person | undefined>;
  /** Sorted by id. */
  list(filter?: { departmentId?: string; role?: Role }): Promise<Person[]>;
}

export interface InitiativeStore {
  upsert(initiative: Initiative): Promise<void>;
  get(code: string): Promise<Initiative | undefined>;
  /** Sorted by code in natural order (A1-2 before A1-10). */
  list(filter?: { ownerId?: string }): Promise<Initiative[]>;
}

/** created: first answer; updated: a 修正; replayed: this submissionId was already stored; conflict: someone saved another revision first. */
export type CheckInSaveOutcome = 'created' | 'updated' | 'replayed' | 'conflict';

export interface CheckInStore {
  /**
   * Records an answer as revision `checkIn.revision` of its initiative and quarter, and keeps
   * it in the history. Saved only when it is the next revision (1 for the first answer); a
   * submissionId already stored is a replay and changes nothing; any other revision is a
   * conflict. Always resolves to the stored current answer.
   */
  submit(checkIn: CheckIn): Promise<{ outcome: CheckInSaveOutcome; checkIn: CheckIn }>;
  get(initiativeCode: string, fiscalYear: number, quarter: number): Promise<CheckIn | undefined>;
  /** Every revision of one quarter's answer, oldest first (who changed what, when). */
  history(initiativeCode: string, fiscalYear: number, quarter: number): Promise<CheckIn[]>;
  /** Sorted by initiative code. */
  listForQuarter(fiscalYear: number, quarter: number): Promise<CheckIn[]>;
  /** Oldest first. */
  listForInitiative(initiativeCode: string): Promise<CheckIn[]>;
}

export interface CheckInCycleStore {
  /** Opens the quarter's cycle unless it is open already; false (and nothing changed) if it was. */
  open(cycle: CheckInCycle): Promise<boolean>;
  get(fiscalYear: number, quarter: number): Promise<CheckInCycle | undefined>;
  /** Newest first. */
  list(): Promise<CheckInCycle[]>;
  /** Marks it closed unless it already is; true only for the one caller that closed it. */
  close(fiscalYear: number, quarter: number, closedAt: string): Promise<boolean>;
}

export class ConcurrencyConflictError extends Error {
  constructor(objectType: string, objectId: string) {
    super(`${objectType} ${objectId} は他の人が更新しました。最新の内容を読み込んでからやり直してください (changed by someone else)`);
    this.name = 'ConcurrencyConflictError';
  }
}

/** A write would break a uniqueness rule (e.g. two people with one Entra object id). */
export class DuplicateRecordError extends Error {
  constructor(detail: string) {
    super(`同じ値のデータが既にあります (duplicate record): ${detail}`);
    this.name = 'DuplicateRecordError';
  }
}

/**
 * The records store could not take a write now (SharePoint throttling or an outage that
 * outlasted the retries). The write was queued and is applied when SharePoint answers again:
 * nothing the user submitted is lost, but it is not visible yet.
 */
export class WriteDeferredError extends Error {
  constructor(detail: string) {
    super(`受け付けました（反映待ち）。SharePoint に接続できないため、保存を予約しました (write queued: ${detail})`);
    this.name = 'WriteDeferredError';
  }
}

/** A write would store a value the store's rules forbid (e.g. an unknown status). */
export class InvalidRecordError extends Error {
  constructor(detail: string) {
    super(`保存できない値です (invalid record): ${detail}`);
    this.name = 'InvalidRecordError';
  }
}

export interface InquiryStore {
  /** Allocates the next number of the fiscal year (Q-R8-0001, Q-R8-0002, ...); never reused. */
  allocateNumber(fiscalYear: number): Promise<string>;
  insert(inquiry: Inquiry): Promise<void>;
  get(number: string): Promise<Inquiry | undefined>;
  /**
   * Saves a changed inquiry if nobody changed it since `expectedUpdatedAt` (the updatedAt the
   * caller read); otherwise throws ConcurrencyConflictError.
   */
  update(inquiry: Inquiry, expectedUpdatedAt: string): Promise<void>;
  /** Newest first. */
  list(filter?: { targetDepartmentId?: string; askerId?: string; status?: InquiryStatus; fiscalYear?: number }): Promise<Inquiry[]>;
}

export interface NoticeStore {
  /** Allocates the next id of the fiscal year (N-R8-0001, N-R8-0002, ...); never reused. */
  allocateId(fiscalYear: number): Promise<string>;
  /** Throws DuplicateRecordError when the id exists. */
  insert(notice: Notice): Promise<void>;
  get(id: string): Promise<Notice | undefined>;
  /** The notice this sender made with this requestId (a double press, a retried request). */
  findByRequest(senderId: string, requestId: string): Promise<Notice | undefined>;
  /**
   * Saves a changed notice (its sections' confirmations included) if nobody changed it since
   * `expectedUpdatedAt`; otherwise throws ConcurrencyConflictError.
   */
  update(notice: Notice, expectedUpdatedAt: string): Promise<void>;
  /** Newest first. `sectionId`: notices whose audience includes this ward section. */
  list(filter?: { senderDepartmentId?: string; sectionId?: string; fiscalYear?: number; status?: NoticeStatus }): Promise<Notice[]>;
}

/** 照会 (全区照会・意見照会) and each asked ward section's answer, saved apart so sections answer without waiting on each other. */
export interface SurveyStore {
  /** Allocates the next id of the fiscal year (S-R8-0001, S-R8-0002, ...); never reused. */
  allocateId(fiscalYear: number): Promise<string>;
  /**
   * Stores a new survey with the fresh answer of every section asked. Throws DuplicateRecordError
   * when the id exists, or the sender already made one with this requestId.
   */
  insert(survey: Survey, answers: SurveyAnswer[]): Promise<void>;
  get(id: string): Promise<Survey | undefined>;
  /** The survey this sender made with this requestId (a double press, a retried request). */
  findByRequest(senderId: string, requestId: string): Promise<Survey | undefined>;
  /** Saves a changed survey if nobody changed it since `expectedUpdatedAt`; otherwise throws ConcurrencyConflictError. */
  update(survey: Survey, expectedUpdatedAt: string): Promise<void>;
  /** Newest first. `sectionId`: surveys that ask this ward section. */
  list(filter?: { senderDepartmentId?: string; sectionId?: string; fiscalYear?: number; status?: SurveyStatus }): Promise<Survey[]>;
  getAnswer(surveyId: string, departmentId: string): Promise<SurveyAnswer | undefined>;
  /** Every section's answer to one survey, sorted by departmentId. */
  listAnswers(surveyId: string): Promise<SurveyAnswer[]>;
  /**
   * Saves a section's changed answer if nobody changed it since `expectedUpdatedAt` (the
   * updatedAt the caller read); otherwise (or when the section was not asked) throws ConcurrencyConflictError.
   */
  saveAnswer(answer: SurveyAnswer, expectedUpdatedAt: string): Promise<void>;
  /**
   * 意見照会: stores HQ's response to one section's opinion on one question, replacing the one
   * stored for that survey, section and question (HQ may change its mind until it sends the results).
   */
  saveResponse(response: OpinionResponse): Promise<void>;
  /** Every response to one survey, sorted by departmentId then questionKey. */
  listResponses(surveyId: string): Promise<OpinionResponse[]>;
}

export interface RulingFilter {
  department?: string;
  category?: string;
  status?: RulingStatus;
  /** 年度: published between April 1 of this year and March 31 of the next. */
  fiscalYear?: number;
}

export interface RulingStore {
  /** Stores the ruling and updates its search index entry together. */
  upsert(ruling: Ruling): Promise<void>;
  get(id: string): Promise<Ruling | undefined>;
  /** Newest publication first, then id; at most `limit` when given. */
  list(filter?: RulingFilter, limit?: number): Promise<Ruling[]>;
  /** The rulings that `id` superseded (whose supersededBy is `id`), oldest first. */
  predecessors(id: string): Promise<Ruling[]>;
  /** The values the tab's filters offer: 所管課 and 分野 sorted, 年度 newest first. */
  facets(): Promise<{ departments: string[]; categories: string[]; fiscalYears: number[] }>;
  /**
   * How many rulings' index entries contain each token (0 for a token nowhere in the index).
   * The search rules use it to keep each concept's most telling tokens.
   */
  documentFrequencies(tokens: string[]): Promise<Map<string, number>>;
  /** Full-text candidates for a query the search rules (bot/rulings/search) have prepared. */
  matchIndex(query: IndexQuery): Promise<RulingCandidate[]>;
}

/** The index fields of a ruling (see rulingIndexFields) and how much a match in each counts. */
export interface IndexFieldWeights {
  title: number;
  /** 分野, 所管課, 根拠法令 and tags. */
  keywords: number;
  /** 質問 and 回答. */
  body: number;
}

export interface IndexQuery {
  /** Every group must match, through any one of its tokens: [[a, b], [c]] is (a OR b) AND c. */
  allOf: string[][];
  filter: RulingFilter;
  limit: number;
  weights: IndexFieldWeights;
}

/**
 * A ruling the index matched, best first. `bm25` is its BM25 over the three fields weighted as
 * asked; 0 when the index matched too many rulings to score them all, and so proposed the
 * best title matches and the most recently added instead (its cost stays bounded).
 */
export interface RulingCandidate {
  ruling: Ruling;
  bm25: number;
}

export interface ManualStore {
  upsert(manual: Manual): Promise<void>;
  get(id: string): Promise<Manual | undefined>;
  /** Sorted by department, then title. */
  list(filter?: { department?: string }): Promise<Manual[]>;
  /**
   * Indexes the text of a manual's document (its page or heading kept with each stretch),
   * replacing what was indexed for it; a failed extraction removes the old text and keeps the reason.
   */
  saveText(manualId: string, text: ManualTextRecord): Promise<void>;
  /** Which version of the document (`source`) the indexed text came from, and whether it could be read. */
  textState(manualId: string): Promise<{ source: string; ok: boolean; reason?: string } | undefined>;
  /** Stretches of manuals' text holding any of these index tokens, best BM25 first. */
  matchText(tokens: string[], limit: number): Promise<ManualSectionMatch[]>;
  /** Drops the text of manuals not in `keep` (deleted from the library). */
  keepTextsOf(keep: string[]): Promise<number>;
}

/** A manual's extracted text and the document version it came from (a SharePoint cTag, or a file's hash). */
export interface ManualTextRecord {
  source: string;
  outcome: ManualTextOutcome;
}

export interface ManualSectionMatch extends ManualSection {
  manualId: string;
  bm25: number;
}

/** botbuilder's ConversationReference, stored opaquely so the store does not depend on it. */
export type StoredConversationReference = Record<string, unknown>;

export interface ConversationReferenceStore {
  /** Keys: `person:<personId>` for personal chat, `channel:<channelId>` for a channel. */
  save(key: string, reference: StoredConversationReference): Promise<void>;
  get(key: string): Promise<StoredConversationReference | undefined>;
  delete(key: string): Promise<void>;
  listKeys(prefix?: string): Promise<string[]>;
}

export interface OutboxStore {
  /** Returns false (and changes nothing) if a message with the same key already exists. */
  enqueue(message: NewOutboxMessage): Promise<boolean>;
  get(key: string): Promise<OutboxMessage | undefined>;
  /**
   * Messages that may be attempted at `now`, oldest due first, without claiming them:
   * pending or failed ones whose next attempt is due, and sending ones whose lease expired
   * (their sender died).
   */
  listDue(now: string, limit: number): Promise<DueOutboxMessage[]>;
  /**
   * Takes one message for sending, if it is still due and nobody holds it, with a lease of
   * `leaseSeconds`; resolves to undefined when another sender got it first.
   */
  claim(key: string, now: string, leaseSeconds: number): Promise<ClaimedOutboxMessage | undefined>;
  /** Each outcome is recorded only while the claim is still held; false means it was lost. */
  markSent(claim: OutboxClaim, sentActivityId: string | null, at: string): Promise<boolean>;
  /** Schedules another attempt; `countAttempt` is false for throttling (429), which is not a failure. */
  markRetry(claim: OutboxClaim, error: string, nextAttemptAt: string, countAttempt: boolean): Promise<boolean>;
  markDead(claim: OutboxClaim, reason: string): Promise<boolean>;
  countByStatus(): Promise<Record<OutboxStatus, number>>;
  /** Dead messages, newest first, for operators. */
  listDead(limit: number): Promise<OutboxMessage[]>;
}

export interface AuditLogStore {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first; at most `limit` (default 100, at most 100,000). */
  list(filter?: { objectType?: string; objectId?: string; actorId?: string; actions?: string[]; limit?: number }): Promise<AuditEntry[]>;
}

/**
 * The machinery's state: it changes thousands of times a cycle and needs many writers, so in
 * production it lives apart from the city's records (Azure Storage, or the local SQLite file).
 */
export interface OperationalSession {
  conversations: ConversationReferenceStore;
  outbox: OutboxStore;
  audit: AuditLogStore;
}

export interface OperationalStore extends OperationalSession {
  /** Every write made through `tx` is kept together or not at all, also across a crash. */
  transaction<T>(work: (tx: OperationalSession) => Promise<T>): Promise<T>;
  health(): Promise<StoreHealth>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

/** Every port together: what a handler or a transaction sees. */
export interface StoreSession extends OperationalSession {
  departments: DepartmentStore;
  people: PeopleStore;
  initiatives: InitiativeStore;
  checkIns: CheckInStore;
  checkInCycles: CheckInCycleStore;
  inquiries: InquiryStore;
  notices: NoticeStore;
  surveys: SurveyStore;
  rulings: RulingStore;
  manuals: ManualStore;
}

export interface StoreHealth {
  reachable: boolean;
  /** What answers, or the reason it does not: shown on the unauthenticated /healthz, so never a file path or a raw error. */
  detail: string;
  /** The underlying error, for operators (logs, `doctor`); never sent over HTTP. */
  cause?: string;
  /** Working, but something is wrong that operators must see (e.g. the search mirror's disk is full). */
  degraded?: string[];
}

/**
 * A unit of work named so that it can be run again later: a workflow step and its arguments
 * (JSON), e.g. `checkins.submit` with the submission. `id` makes it once: the step's own
 * idempotency key (a submissionId, a requestId), so a second press queues nothing new.
 */
export interface DeferrableUnit {
  step: string;
  id: string;
  args: Record<string, unknown>;
}

export interface TransactionOptions {
  /**
   * When the records store cannot take the work now (SharePoint throttled or down beyond the
   * retries), queue this unit in the operational store and throw WriteDeferredError instead of
   * failing: the step is run again, whole (records, audit entry, messages), once it can.
   * Layouts whose records are local never defer.
   */
  deferAs?: DeferrableUnit;
}

export interface Store extends StoreSession {
  /**
   * Runs `work` atomically: every write made through `tx` commits together or not at all
   * (e.g. a domain change and the outbox message it causes).
   */
  transaction<T>(work: (tx: StoreSession) => Promise<T>, options?: TransactionOptions): Promise<T>;
  health(): Promise<StoreHealth>;
  /** Removes every record (operators' `seed --reset`; never reachable over HTTP). */
  clear(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The workflow steps a deferred unit names, run again by whichever instance takes it: each
 * resolves to 'done' or a reason it can never apply (someone else's answer came first).
 */
export type DeferredSteps = Record<string, (args: Record<string, unknown>) => Promise<'done' | { giveUp: string }>>;

/** Something the chosen store layout needs done now and then in every instance. */
export interface MaintenanceJob {
  name: string;
  intervalSeconds: number;
  run(): Promise<void>;
}

/**
 * What some store layouts can do beyond the ports (see bot/store/compose-store.ts, the one
 * place that knows which layout is running). Absent means this layout has no such thing.
 */
export interface StoreCapabilities {
  /** Whether the records' remote service (SharePoint through Graph) answers now: one cheap request. */
  recordsReachability?: () => Promise<StoreHealth>;
  /**
   * Makes a record write or a deferred unit of work the outbox held while the records store was
   * out (the dispatcher calls it); `steps` runs a deferred unit's workflow step again.
   */
  applyRecordWrite?: (write: RecordWrite, steps: DeferredSteps) => Promise<RecordWriteOutcome>;
  /** マニュアル as one person may see them: read with their own Graph token (on-behalf-of), not the app's. */
  manualsVisibleTo?: (graphAccessToken: string) => Promise<Manual[]>;
  /** With TEAMS_APP_CATALOG_ID: installs the app through Graph (the app's Graph credentials, no retries of its own). */
  appInstaller?: AppInstaller;
  maintenance: MaintenanceJob[];
}

/** The store the configuration names, and what its layout can do beyond the ports. */
export interface ComposedStore {
  store: Store;
  capabilities: StoreCapabilities;
}
