import { byCodeNaturally } from '../../sort-order';
import type { CheckIn, CheckInCycle, Initiative } from '../../../checkins/model';
import {
  ConcurrencyConflictError,
  DuplicateRecordError,
  type CheckInCycleStore,
  type CheckInSaveOutcome,
  type CheckInStore,
  type InitiativeStore,
} from '../../ports';
import { didNotRun, jsonRecord, SharePointList, type StoredItem } from '../sharepoint-list';
import type { SharePointSite } from '../sharepoint-site';
import type { UndoLog } from '../../kit/undo-log';
import type { DirectoryCache } from './directory';
import { GraphRequestError } from '../graph/graph-errors';

const checkInKey = (c: { initiativeCode: string; fiscalYear: number; quarter: number }) =>
  `${c.initiativeCode}:${c.fiscalYear}Q${c.quarter}`;

/** Read from the store's cache of the whole list (a check-in press needs its initiative; see DirectoryCache). */
export class SharePointInitiativeStore implements InitiativeStore {
  private readonly items: SharePointList<Initiative>;

  constructor(
    site: SharePointSite,
    private readonly cache: Pick<DirectoryCache, 'initiatives'>,
    undo?: UndoLog,
  ) {
    this.items = new SharePointList(
      site,
      'initiatives',
      jsonRecord(
        (i) => i.code,
        (i) => ({ Title: i.title, OwnerId: i.ownerId, LeadSection: i.leadSection, Q4Target: i.q4Target }),
      ),
      undo,
    );
  }

  async upsert(initiative: Initiative) {
    await this.items.upsert(initiative);
    this.cache.initiatives.invalidate((last) =>
      [...last.filter((i) => i.code !== initiative.code), initiative].sort((a, b) => byCodeNaturally(a.code, b.code)),
    );
  }

  async get(code: string) {
    return (await this.all()).find((i) => i.code === code);
  }

  /** One owner's: asked of SharePoint ($filter on the indexed column), not the cache. */
  async list(filter: { ownerId?: string } = {}) {
    if (filter.ownerId === undefined) return this.all();
    return (await this.items.query({ OwnerId: filter.ownerId })).map((s) => s.record).sort((a, b) => byCodeNaturally(a.code, b.code));
  }

  private all() {
    return this.cache.initiatives.get(async () =>
      (await this.items.query()).map((s) => s.record).sort((a, b) => byCodeNaturally(a.code, b.code)),
    );
  }
}

/**
 * The current answer per initiative and quarter in one list, every revision in another. A
 * revision item is created first with a unique key (two cards racing for revision 2: one
 * create wins, the other gets 409), then the current answer is replaced with If-Match. Both
 * writes go in one $batch, the second depending on the first, so a press waits one round trip
 * for them (and one for the two reads before).
 */
export class SharePointCheckInStore implements CheckInStore {
  private readonly current: SharePointList<CheckIn>;
  private readonly revisions: SharePointList<CheckIn>;

  constructor(
    private readonly site: SharePointSite,
    undo?: UndoLog,
  ) {
    this.current = new SharePointList(
      site,
      'checkIns',
      jsonRecord<CheckIn>(checkInKey, (c) => ({
        Title: checkInKey(c),
        InitiativeCode: c.initiativeCode,
        FiscalYear: c.fiscalYear,
        Quarter: c.quarter,
        Weather: c.weather,
        Direction: c.direction,
        Progress: c.progress,
        Revision: c.revision,
      })),
      undo,
    );
    this.revisions = new SharePointList(
      site,
      'checkInRevisions',
      jsonRecord<CheckIn>(
        (c) => `${checkInKey(c)}:r${c.revision}`,
        (c) => ({
          Title: `${checkInKey(c)} 第${c.revision}版`,
          CheckInKey: checkInKey(c),
          SubmissionId: c.submissionId,
          SubmittedBy: c.submittedBy,
        }),
      ),
      undo,
    );
  }

  async submit(checkIn: CheckIn): Promise<{ outcome: CheckInSaveOutcome; checkIn: CheckIn }> {
    if (checkIn.revision === 1) {
      if (await this.createFirst(checkIn)) return { outcome: 'created', checkIn };
    }
    // A replay only within this initiative and quarter: an id from another one's card is not this answer.
    const [stored, [replay]] = await Promise.all([
      this.current.find(checkInKey(checkIn)),
      this.revisions.query({ CheckInKey: checkInKey(checkIn), SubmissionId: checkIn.submissionId }),
    ]);
    const storedRevision = stored?.record.revision ?? 0;
    // A revision without its current answer: an earlier attempt stopped between the two writes
    // (SharePoint went away, the instance died) and its undo could not run. Finish it.
    const interrupted = replay && replay.record.revision === storedRevision + 1 ? replay.record : undefined;
    if (replay && !interrupted) return { outcome: 'replayed', checkIn: stored?.record ?? replay.record };
    if (!interrupted && checkIn.revision !== storedRevision + 1) return { outcome: 'conflict', checkIn: stored?.record ?? checkIn };
    const saving = interrupted ?? checkIn;
    try {
      if (interrupted) await this.saveCurrent(stored, saving);
      else await this.saveBoth(stored, saving);
    } catch (error) {
      if (!(error instanceof DuplicateRecordError || error instanceof ConcurrencyConflictError)) throw error;
      return this.winnerOver(checkIn);
    }
    return { outcome: saving.revision === 1 ? 'created' : 'updated', checkIn: saving };
  }

  /** Another attempt's write landed first: the same press finished at the same moment (a replay and a second press), or someone else's. */
  private async winnerOver(checkIn: CheckIn): Promise<{ outcome: CheckInSaveOutcome; checkIn: CheckIn }> {
    const winner = (await this.current.find(checkInKey(checkIn)))?.record ?? checkIn;
    return { outcome: winner.submissionId === checkIn.submissionId ? 'replayed' : 'conflict', checkIn: winner };
  }

  /**
   * A first answer (the usual press: most owners answer once a quarter) needs nothing read first:
   * revision 1 and the current answer are created in one $batch, so the press waits one round
   * trip. False when revision 1 exists already (a replay, a race, an interrupted attempt): nothing
   * was written, and the general path reads and decides.
   */
  private async createFirst(checkIn: CheckIn): Promise<boolean> {
    const [revision, current] = await Promise.all([
      this.revisions.createStep('revision', checkIn),
      this.current.createStep('current', checkIn, ['revision']),
    ]);
    const send = () => this.site.graph.batch([revision.request, current.request]);
    let answers: Awaited<ReturnType<typeof send>>;
    try {
      answers = await send();
    } catch (error) {
      // No answer at all (a kept-alive connection closed under the request): both creates are
      // keyed, so they are sent once more; if the first envelope did land, revision 1 is taken
      // and the answer is decided below like any replay.
      if (!(error instanceof GraphRequestError) || error.status !== undefined) throw error;
      answers = await send();
    }
    let created: StoredItem<CheckIn>;
    try {
      created = revision.settle(answers.get('revision'));
    } catch (error) {
      if (error instanceof DuplicateRecordError) return false;
      throw error;
    }
    try {
      // Graph throttled the revision and the gateway sent it again alone: the current answer is still to write.
      if (didNotRun(answers.get('current'))) await this.current.create(checkIn);
      else current.settle(answers.get('current'));
    } catch (error) {
      if (!(error instanceof DuplicateRecordError)) throw error;
      // A current answer without its revision 1 (written some other way): take this revision back and decide as usual.
      await this.revisions.remove(created);
      return false;
    }
    return true;
  }

  /** The revision, then the current answer only if the revision was created (dependsOn), in one $batch. */
  private async saveBoth(stored: StoredItem<CheckIn> | undefined, saving: CheckIn) {
    const [revision, current] = await Promise.all([
      this.revisions.createStep('revision', saving),
      stored ? this.current.replaceStep('current', stored, saving, ['revision']) : this.current.createStep('current', saving, ['revision']),
    ]);
    const answers = await this.site.graph.batch([revision.request, current.request]);
    revision.settle(answers.get('revision'));
    // Graph throttled the revision and the gateway sent it again alone: the current answer is still to write.
    if (didNotRun(answers.get('current'))) await this.saveCurrent(stored, saving);
    else current.settle(answers.get('current'));
  }

  private saveCurrent(stored: StoredItem<CheckIn> | undefined, saving: CheckIn) {
    return stored ? this.current.replace(stored, saving) : this.current.create(saving);
  }

  async get(initiativeCode: string, fiscalYear: number, quarter: number) {
    return (await this.current.find(checkInKey({ initiativeCode, fiscalYear, quarter })))?.record;
  }

  async history(initiativeCode: string, fiscalYear: number, quarter: number) {
    const revisions = await this.revisions.query({ CheckInKey: checkInKey({ initiativeCode, fiscalYear, quarter }) });
    return revisions.map((s) => s.record).sort((a, b) => a.revision - b.revision);
  }

  async listForQuarter(fiscalYear: number, quarter: number) {
    return (await this.current.query({ FiscalYear: fiscalYear, Quarter: quarter }))
      .map((s) => s.record)
      .sort((a, b) => byCodeNaturally(a.initiativeCode, b.initiativeCode));
  }

  async listForInitiative(initiativeCode: string) {
    return (await this.current.query({ InitiativeCode: initiativeCode }))
      .map((s) => s.record)
      .sort((a, b) => a.fiscalYear - b.fiscalYear || a.quarter - b.quarter);
  }
}

/** Reads from the store's short-lived cache; open and close decide on SharePoint itself (unique key, eTag). */
export class SharePointCheckInCycleStore implements CheckInCycleStore {
  private readonly items: SharePointList<CheckInCycle>;

  constructor(
    site: SharePointSite,
    private readonly cache: Pick<DirectoryCache, 'checkInCycles'>,
    undo?: UndoLog,
  ) {
    const key = (c: { fiscalYear: number; quarter: number }) => `${c.fiscalYear}Q${c.quarter}`;
    this.items = new SharePointList(
      site,
      'checkInCycles',
      jsonRecord<CheckInCycle>(key, (c) => ({ Title: key(c), OpensOn: c.opensOn, DueOn: c.dueOn, ClosedAt: c.closedAt })),
      undo,
    );
  }

  /** The unique key makes a second opener's create fail with 409, whichever instance it runs on. */
  async open(cycle: CheckInCycle) {
    try {
      await this.items.create(cycle);
      this.cache.checkInCycles.invalidate((last) => [
        cycle,
        ...last.filter((c) => c.fiscalYear !== cycle.fiscalYear || c.quarter !== cycle.quarter),
      ]);
      return true;
    } catch (error) {
      this.cache.checkInCycles.invalidate();
      if (error instanceof DuplicateRecordError) return false;
      throw error;
    }
  }

  async get(fiscalYear: number, quarter: number) {
    return (await this.list()).find((c) => c.fiscalYear === fiscalYear && c.quarter === quarter);
  }

  async list() {
    return this.cache.checkInCycles.get(async () =>
      (await this.items.query()).map((s) => s.record).sort((a, b) => b.fiscalYear - a.fiscalYear || b.quarter - a.quarter),
    );
  }

  /** Compare-and-set on the eTag: of several closers only the one whose write lands gets true. */
  async close(fiscalYear: number, quarter: number, closedAt: string) {
    const stored = await this.items.find(`${fiscalYear}Q${quarter}`);
    if (!stored || stored.record.closedAt) return false;
    try {
      await this.items.replace(stored, { ...stored.record, closedAt });
      this.cache.checkInCycles.invalidate((last) =>
        last.map((c) => (c.fiscalYear === fiscalYear && c.quarter === quarter ? { ...c, closedAt } : c)),
      );
      return true;
    } catch (error) {
      this.cache.checkInCycles.invalidate();
      if (error instanceof ConcurrencyConflictError) return false;
      throw error;
    }
  }
}
