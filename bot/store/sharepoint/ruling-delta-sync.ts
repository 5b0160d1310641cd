import type { Logger } from '../../platform/logger';
import type { Ruling } from '../../rulings/model';
import type { SqliteStore } from '../sqlite/sqlite-store';
import { GraphRequestError } from './graph/graph-errors';
import { rulingMapping } from './repositories/knowledge';
import type { GraphListItem } from './sharepoint-list';
import type { SharePointSite } from './sharepoint-site';

const TOKEN = 'rulings.deltaLink';

interface DeltaItem extends GraphListItem {
  deleted?: { state: string };
}

interface DeltaPage {
  value: DeltaItem[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export interface SyncResult {
  /** full: enumerated the whole list (first run, or Graph said the token expired). */
  mode: 'full' | 'incremental';
  upserted: number;
  removed: number;
  pages: number;
}

/**
 * Keeps this instance's search index in step with the 判断事例 list through list-item delta:
 * the first run enumerates everything, later runs fetch only what changed (deletions too).
 * The delta link is saved only after its last page is applied, so a restart mid-way repeats
 * pages (harmless: applying an item twice gives the same index) and never skips one. Graph
 * answers 410 when a token is too old; the sync then starts over with a full enumeration.
 */
export class RulingDeltaSync {
  private running?: Promise<SyncResult>;

  constructor(
    private readonly site: SharePointSite,
    private readonly local: ReturnType<SqliteStore['mirror']>,
    private readonly logger: Logger,
  ) {}

  /** One round; concurrent callers share the round in progress. */
  sync(): Promise<SyncResult> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<SyncResult> {
    const saved = await this.local.syncState.get(TOKEN);
    if (saved) {
      try {
        return await this.enumerate(saved, 'incremental');
      } catch (error) {
        if (!(error instanceof GraphRequestError && error.status === 410)) throw error;
        this.logger.warn('SharePoint delta token expired; enumerating the rulings list again', { detail: error.message });
        await this.local.syncState.set(TOKEN, undefined);
      }
    }
    return this.enumerate(`${await this.site.listPath('rulings')}/items/delta?$expand=fields`, 'full');
  }

  private async enumerate(start: string, mode: SyncResult['mode']): Promise<SyncResult> {
    const list = await this.site.list('rulings');
    const seen = new Set<string>();
    const result: SyncResult = { mode, upserted: 0, removed: 0, pages: 0 };
    let next: string | undefined = start;
    while (next) {
      const page: DeltaPage = await this.site.graph.get<DeltaPage>(next);
      result.pages += 1;
      const rulings: Ruling[] = [];
      const pairs: { itemId: string; recordKey: string }[] = [];
      const deletedItems: string[] = [];
      for (const item of page.value) {
        if (item.deleted) {
          deletedItems.push(item.id);
          continue;
        }
        const columns: Record<string, unknown> = { ...item.fields };
        for (const [specName, internalName] of list.names) columns[specName] = item.fields?.[internalName];
        const ruling = item.fields ? rulingMapping.fromColumns(columns, item) : undefined;
        if (!ruling) continue; // not one of ours (a row someone added without a 管理番号)
        rulings.push(ruling);
        pairs.push({ itemId: item.id, recordKey: ruling.id });
        seen.add(ruling.id);
      }
      const removedKeys = await this.local.items.forget('rulings', deletedItems);
      await this.local.rulings.remove(removedKeys);
      await this.local.rulings.upsertMany(rulings);
      await this.local.items.remember('rulings', pairs);
      result.upserted += rulings.length;
      result.removed += removedKeys.length;
      next = page['@odata.nextLink'];
      if (!next && page['@odata.deltaLink']) {
        if (mode === 'full') result.removed += await this.dropUnseen(seen);
        await this.local.syncState.set(TOKEN, page['@odata.deltaLink']);
      }
    }
    return result;
  }

  /** After a full enumeration, what the index still holds but SharePoint no longer does. */
  private async dropUnseen(seen: Set<string>): Promise<number> {
    const stale = (await this.local.rulings.ids()).filter((id) => !seen.has(id));
    await this.local.rulings.remove(stale);
    return stale.length;
  }
}
