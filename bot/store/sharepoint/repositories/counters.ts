import { ConcurrencyConflictError, DuplicateRecordError } from '../../ports';
import { SharePointList } from '../sharepoint-list';
import type { SharePointSite } from '../sharepoint-site';

interface Counter {
  key: string;
  last: number;
}

/**
 * Yearly numbers (照会番号, お知らせ番号) from one item per counter in the 採番 list. Numbers
 * are never handed out twice, so allocation is not undone with a failed transaction.
 */
export class SharePointCounters {
  private readonly items: SharePointList<Counter>;

  constructor(site: SharePointSite) {
    this.items = new SharePointList(site, 'counters', {
      key: (c) => c.key,
      toColumns: (c) => ({ RecordKey: c.key, Title: c.key, LastNumber: c.last }),
      fromColumns: (fields) =>
        typeof fields.RecordKey === 'string' ? { key: fields.RecordKey, last: Number(fields.LastNumber ?? 0) } : undefined,
    });
  }

  /**
   * Read the counter, write it back with If-Match (or create it: its key is unique); whoever
   * loses the race, on this instance or another, reads again.
   */
  async next(key: string): Promise<number> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const stored = await this.items.find(key);
      try {
        const next = (stored?.record.last ?? 0) + 1;
        if (stored) await this.items.replace(stored, { key, last: next });
        else await this.items.create({ key, last: next });
        return next;
      } catch (error) {
        if (!(error instanceof ConcurrencyConflictError || error instanceof DuplicateRecordError)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * Math.min(attempt + 1, 10)));
      }
    }
    throw new Error(`番号を採番できませんでした (too much contention for ${key})`);
  }
}
