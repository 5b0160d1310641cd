import type { Logger } from '../../platform/logger';
import { indexManualDocument } from '../../rulings/manual-text/index-manual-document';
import { MANUAL_TEXT_LIMITS, manualDocumentKind, type ManualTextLimits } from '../../rulings/manual-text/model';
import type { SqliteManualStore } from '../sqlite/repositories/knowledge';
import { GraphRequestError, isTransient } from './graph/graph-errors';
import { manualMapping } from './repositories/knowledge';
import type { GraphListItem } from './sharepoint-list';
import type { SharePointSite } from './sharepoint-site';

export interface ManualTextSyncResult {
  /** Documents read and indexed (or found unreadable) this round. */
  read: number;
  /** Documents whose version was already indexed. */
  unchanged: number;
  /** Documents that could not be read (encrypted, corrupt, too large…); their manuals stay searchable by metadata. */
  failed: number;
  /** Indexed texts dropped because their file left the library. */
  removed: number;
}

/**
 * Keeps this instance's index of manuals' text in step with the マニュアル library: each PDF or
 * docx whose version (the item's eTag) is not the one indexed is downloaded and read; a file
 * that cannot be read is logged with its reason and its manual stays searchable by metadata.
 * A library holds a city's manuals (hundreds), so each round lists it whole.
 */
export class ManualTextSync {
  private running?: Promise<ManualTextSyncResult>;

  constructor(
    private readonly site: SharePointSite,
    private readonly texts: SqliteManualStore,
    private readonly logger: Logger,
    private readonly limits: ManualTextLimits = MANUAL_TEXT_LIMITS,
  ) {}

  /** One round; concurrent callers share the round in progress. */
  sync(): Promise<ManualTextSyncResult> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<ManualTextSyncResult> {
    const [list, path] = await Promise.all([this.site.list('manuals'), this.site.listPath('manuals')]);
    const items = await this.site.graph.getAll<GraphListItem & { eTag?: string }>(`${path}/items?$expand=fields&$top=500`);
    const result: ManualTextSyncResult = { read: 0, unchanged: 0, failed: 0, removed: 0 };
    const present: string[] = [];
    for (const item of items) {
      const columns: Record<string, unknown> = { ...item.fields };
      for (const [specName, internalName] of list.names) columns[specName] = item.fields?.[internalName];
      const manual = manualMapping.fromColumns(columns, item);
      const fileName = typeof item.fields?.FileLeafRef === 'string' ? item.fields.FileLeafRef : '';
      if (!manual) continue;
      present.push(manual.id); // its text stays until the item leaves the library
      if (!manualDocumentKind(fileName)) continue; // an Internet shortcut (.url) or another kind of file
      const source = item.eTag ?? '';
      if ((await this.texts.textState(manual.id))?.source === source) {
        result.unchanged += 1;
        continue;
      }
      result.read += 1;
      if (!(await this.read(manual.id, fileName, `${path}/items/${item.id}/driveItem/content`, source))) result.failed += 1;
    }
    result.removed = await this.texts.keepTextsOf(present);
    return result;
  }

  /** Downloads and indexes one document; whether its text could be read. */
  private async read(manualId: string, fileName: string, contentPath: string, source: string): Promise<boolean> {
    let bytes: Buffer | undefined;
    try {
      bytes = await this.site.graph.download(contentPath, this.limits.maxBytes);
    } catch (error) {
      // SharePoint out or throttled: the round stops and the next one tries again. Any other refusal is this file's alone.
      if (error instanceof GraphRequestError && isTransient(error)) throw error;
      this.logger.warn('manual file could not be downloaded; its manual stays searchable by its metadata', {
        manualId,
        detail: (error as Error).message,
      });
      return false;
    }
    if (!bytes) {
      const detail = `${fileName}: larger than ${this.limits.maxBytes} bytes`;
      await this.texts.saveText(manualId, { source, outcome: { ok: false, reason: 'too-large', detail } });
      this.logger.warn('manual text not indexed; the manual stays searchable by its metadata', { manualId, reason: 'too-large', detail });
      return false;
    }
    const outcome = await indexManualDocument(
      { manuals: this.texts, logger: this.logger },
      { manualId, fileName, bytes, source },
      this.limits,
    );
    return outcome.ok;
  }
}
