import fs from 'node:fs';
import path from 'node:path';
import {
  WriteDeferredError,
  type DeferredSteps,
  type OperationalSession,
  type OperationalStore,
  type StoreHealth,
  type StoreSession,
  type TransactionOptions,
} from '../ports';
import { SessionBackedStore } from '../session-backed-store';
import type { Logger } from '../../platform/logger';
import type { SqliteStore } from '../sqlite/sqlite-store';
import type { RecordWrite, RecordWriteOutcome } from '../../platform/outbox/model';
import { deferWritesOnOutage, recordWriteMessage, replayWrite, type DeferrablePort } from '../kit/deferred-writes';
import { deferredUnitMessage, isDeferredUnit, replayUnit } from '../kit/deferred-units';
import { ExpiringCache } from '../kit/expiring-cache';
import { UndoLog } from '../kit/undo-log';
import { telemetryMetrics } from '../../platform/telemetry/instruments';
import { GraphRequestError, isTransient } from './graph/graph-errors';
import type { GraphGateway } from './graph/graph-gateway';
import { SharePointCheckInCycleStore, SharePointCheckInStore, SharePointInitiativeStore } from './repositories/checkins';
import {
  CYCLE_CACHE_MS,
  DIRECTORY_CACHE_MS,
  SharePointDepartmentStore,
  SharePointPeopleStore,
  type DirectoryCache,
} from './repositories/directory';
import { SharePointInquiryStore } from './repositories/inquiries';
import { SharePointManualStore, SharePointRulingStore } from './repositories/knowledge';
import { SharePointNoticeStore } from './repositories/notices';
import { SharePointSurveyStore } from './repositories/surveys';
import { ManualTextSync } from './manual-text-sync';
import { RulingDeltaSync } from './ruling-delta-sync';
import { LISTS, type ListKey } from './schema/list-specs';
import { SharePointSite, sitePath } from './sharepoint-site';

export interface SharePointStoreOptions {
  graph: GraphGateway;
  siteUrl: string;
  /** Outbox, conversation references and audit log (Azure Storage or the local file). */
  operational: OperationalStore;
  /** This instance's own file (a cache): the rulings search index and delta positions. */
  mirror: SqliteStore;
  /** The folder of `mirror`, checked for room to write by health(). */
  mirrorDir?: string;
  logger: Logger;
}

/**
 * Production storage: the city's records in SharePoint lists through Microsoft Graph, the
 * machinery in the operational store, search from a local index kept in step by delta.
 */
export class SharePointStore extends SessionBackedStore {
  readonly site: SharePointSite;
  readonly rulingSync: RulingDeltaSync;
  /** The text of the manuals' PDF and docx files, read into the local index. */
  readonly manualTextSync: ManualTextSync;
  private readonly local: ReturnType<SqliteStore['mirror']>;
  protected readonly session: StoreSession;
  private readonly live: Record<DeferrablePort, object>;
  private readonly directory: DirectoryCache = {
    departments: new ExpiringCache(DIRECTORY_CACHE_MS, Date.now, isGraphOutage),
    people: new ExpiringCache(DIRECTORY_CACHE_MS, Date.now, isGraphOutage),
    initiatives: new ExpiringCache(DIRECTORY_CACHE_MS, Date.now, isGraphOutage),
    checkInCycles: new ExpiringCache(CYCLE_CACHE_MS, Date.now, isGraphOutage),
  };

  get operational(): OperationalStore {
    return this.options.operational;
  }

  constructor(private readonly options: SharePointStoreOptions) {
    super();
    this.site = new SharePointSite(options.graph, options.siteUrl);
    this.local = options.mirror.mirror();
    this.rulingSync = new RulingDeltaSync(this.site, this.local, options.logger);
    this.manualTextSync = new ManualTextSync(this.site, this.local.manualTexts, options.logger);
    const live = this.recordPorts();
    this.live = live;
    const queue = (write: RecordWrite) => options.operational.outbox.enqueue(recordWriteMessage(write));
    this.session = {
      ...this.operationalPorts(options.operational),
      ...live,
      departments: deferWritesOnOutage('departments', live.departments, queue, isGraphOutage),
      people: deferWritesOnOutage('people', live.people, queue, isGraphOutage),
      initiatives: deferWritesOnOutage('initiatives', live.initiatives, queue, isGraphOutage),
      checkIns: deferWritesOnOutage('checkIns', live.checkIns, queue, isGraphOutage),
      checkInCycles: deferWritesOnOutage('checkInCycles', live.checkInCycles, queue, isGraphOutage),
      inquiries: deferWritesOnOutage('inquiries', live.inquiries, queue, isGraphOutage),
      notices: deferWritesOnOutage('notices', live.notices, queue, isGraphOutage),
      surveys: deferWritesOnOutage('surveys', live.surveys, queue, isGraphOutage),
      rulings: deferWritesOnOutage('rulings', live.rulings, queue, isGraphOutage),
      manuals: deferWritesOnOutage('manuals', live.manuals, queue, isGraphOutage),
    };
  }

  /**
   * Record writes are applied at once (a conditional write answers at once) and undone if the
   * work fails; the operational writes commit with the operational store's own transaction.
   * When SharePoint is out (throttled or down beyond the retries) and the work names itself
   * (`deferAs`), the unit is queued in the operational store and WriteDeferredError thrown:
   * the step runs again, whole, when SharePoint answers (kit/deferred-units.ts).
   */
  async transaction<T>(work: (tx: StoreSession) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const undo = new UndoLog();
    try {
      return await this.options.operational.transaction((ops) => work({ ...this.operationalPorts(ops), ...this.recordPorts(undo) }));
    } catch (error) {
      await undo.rollback((what, undoError) =>
        this.options.logger.error('SharePoint write could not be undone', { what, error: (undoError as Error).message }),
      );
      this.forgetDirectory(); // it may have been read while the undone writes were there
      if (!options.deferAs || !isGraphOutage(error)) throw error;
      // Only this write is outside the failed work: if it fails too, the caller is told nothing was saved.
      await this.options.operational.outbox.enqueue(deferredUnitMessage(options.deferAs));
      telemetryMetrics.writeDeferred(`unit:${options.deferAs.step}`);
      this.options.logger.warn('SharePoint unavailable: unit of work queued', {
        step: options.deferAs.step,
        id: options.deferAs.id,
        error: (error as Error).message,
      });
      throw new WriteDeferredError(`${options.deferAs.step} ${options.deferAs.id}`);
    }
  }

  /** マニュアル as one person may see them: read with their Graph token (on-behalf-of), not the app's. */
  manualsVisibleTo(graphAccessToken: string) {
    return new SharePointManualStore(this.site, this.local.manualTexts).list(
      {},
      this.options.graph.withAccessToken(async () => graphAccessToken),
    );
  }

  /** Makes a write or a unit of work the outbox held because SharePoint could not take it (the dispatcher calls this). */
  applyRecordWrite(write: RecordWrite, steps: DeferredSteps = {}): Promise<RecordWriteOutcome> {
    return isDeferredUnit(write) ? replayUnit(write, steps, isGraphOutage) : replayWrite(write, this.live, isGraphOutage);
  }

  /**
   * The operational store must answer; SharePoint's own reachability is reported by
   * graphReachability(). A mirror that cannot be written (disk full, read-only) leaves check-ins
   * and questions working but the search index behind: degraded.
   */
  async health(): Promise<StoreHealth> {
    const operational = await this.options.operational.health();
    const mirror = this.options.mirrorDir ? mirrorWritable(this.options.mirrorDir) : undefined;
    return {
      reachable: operational.reachable,
      detail: `records in sharepoint ${this.options.siteUrl}; ${operational.detail}`,
      cause: operational.cause,
      ...(mirror ? { degraded: [`検索用ミラーに書き込めません (search mirror not writable: ${mirror})`] } : {}),
    };
  }

  /** Whether Graph answers for the site now (one cheap request). */
  async graphReachability(): Promise<{ reachable: boolean; detail: string; cause?: string }> {
    try {
      const site = await this.options.graph.get<{ id: string }>(`${sitePath(this.options.siteUrl)}?$select=id`);
      return { reachable: true, detail: `Graph: site ${site.id}` };
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      return {
        reachable: false,
        detail: `Graph: ${typeof status === 'number' ? `HTTP ${status}` : '応答がありません (no answer)'}`,
        cause: (error as Error).message,
      };
    }
  }

  /** Deletes every item of the application's lists (operators' `seed --reset`), then the local state. */
  async clear(): Promise<void> {
    for (const key of Object.keys(LISTS) as ListKey[]) {
      const path = await this.site.listPath(key);
      const items = await this.site.graph.getAll<{ id: string }>(`${path}/items?$select=id&$top=500`);
      const answers = await this.site.graph.batch(
        items.map((item) => ({ id: item.id, method: 'DELETE' as const, url: `${path.replace(/^\/?/, '/')}/items/${item.id}` })),
      );
      const failed = [...answers.values()].filter((a) => a.status >= 400 && a.status !== 404);
      if (failed.length > 0)
        throw new Error(`${LISTS[key].displayName}: ${failed.length} items could not be deleted (${failed[0].status})`);
    }
    this.forgetDirectory();
    await this.options.operational.clear();
    await this.options.mirror.clear();
  }

  async close(): Promise<void> {
    await this.options.operational.close();
    await this.options.mirror.close();
  }

  private forgetDirectory(): void {
    const { departments, people, initiatives, checkInCycles } = this.directory;
    for (const cache of [departments, people, initiatives, checkInCycles]) cache.invalidate();
  }

  private recordPorts(undo?: UndoLog) {
    const site = this.site;
    return {
      departments: new SharePointDepartmentStore(site, this.directory, undo),
      people: new SharePointPeopleStore(site, this.directory, undo),
      initiatives: new SharePointInitiativeStore(site, this.directory, undo),
      checkIns: new SharePointCheckInStore(site, undo),
      checkInCycles: new SharePointCheckInCycleStore(site, this.directory, undo),
      inquiries: new SharePointInquiryStore(site, undo),
      notices: new SharePointNoticeStore(site, undo),
      surveys: new SharePointSurveyStore(site, undo),
      rulings: new SharePointRulingStore(site, this.local.rulings, undo),
      manuals: new SharePointManualStore(site, this.local.manualTexts, undo),
    };
  }

  private operationalPorts(ops: OperationalSession): OperationalSession {
    return { conversations: ops.conversations, outbox: ops.outbox, audit: ops.audit };
  }
}

/** Why the mirror's folder cannot take a small write now (ENOSPC, EROFS…), or undefined when it can. */
function mirrorWritable(dir: string): string | undefined {
  const probe = path.join(dir, '.health-probe');
  try {
    fs.writeFileSync(probe, Buffer.alloc(16 * 1024));
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'error';
  } finally {
    fs.rmSync(probe, { force: true });
  }
}

/** Graph throttled or unavailable beyond the client's retries: the write can wait, it was not refused. */
function isGraphOutage(error: unknown): boolean {
  return error instanceof GraphRequestError && isTransient(error);
}
