import type { Inquiry, InquiryStatus } from '../../../inquiries/model';
import { fiscalYearCode } from '../../../platform/fiscal-calendar';
import { ConcurrencyConflictError, DuplicateRecordError, type InquiryStore } from '../../ports';
import { jsonRecord, SharePointList } from '../sharepoint-list';
import type { SharePointSite } from '../sharepoint-site';
import type { UndoLog } from '../../kit/undo-log';

interface Counter {
  key: string;
  last: number;
}

export class SharePointInquiryStore implements InquiryStore {
  private readonly items: SharePointList<Inquiry>;
  private readonly counters: SharePointList<Counter>;

  constructor(site: SharePointSite, undo?: UndoLog) {
    this.items = new SharePointList(
      site,
      'inquiries',
      jsonRecord(
        (i) => i.number,
        (i) => ({ Title: i.subject, Status: i.status, TargetDepartmentId: i.targetDepartmentId, AskerId: i.askerId, FiscalYear: i.fiscalYear, Category: i.category, Body: i.body, DueOn: i.dueOn, UpdatedAt: i.updatedAt }),
      ),
      undo,
    );
    // Numbers are never handed out twice, so allocation is not undone with a failed transaction.
    this.counters = new SharePointList(site, 'counters', {
      key: (c) => c.key,
      toColumns: (c) => ({ RecordKey: c.key, Title: c.key, LastNumber: c.last }),
      fromColumns: (fields) => (typeof fields.RecordKey === 'string' ? { key: fields.RecordKey, last: Number(fields.LastNumber ?? 0) } : undefined),
    });
  }

  /** Read the counter, write it back with If-Match; whoever loses the race reads again. */
  async allocateNumber(fiscalYear: number) {
    const key = `inquiry:${fiscalYear}`;
    for (let attempt = 0; attempt < 100; attempt++) {
      const stored = await this.counters.find(key);
      try {
        const next = (stored?.record.last ?? 0) + 1;
        if (stored) await this.counters.replace(stored, { key, last: next });
        else await this.counters.create({ key, last: next });
        return `Q-${fiscalYearCode(fiscalYear)}-${String(next).padStart(4, '0')}`;
      } catch (error) {
        if (!(error instanceof ConcurrencyConflictError || error instanceof DuplicateRecordError)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * Math.min(attempt + 1, 10)));
      }
    }
    throw new Error(`照会番号を採番できませんでした (too much contention for ${key})`);
  }

  async insert(inquiry: Inquiry) {
    try {
      await this.items.create(inquiry);
    } catch (error) {
      if (error instanceof DuplicateRecordError) throw new Error(`照会番号 ${inquiry.number} は既に使われています (inquiry number already exists)`);
      throw error;
    }
  }

  async get(number: string) {
    return (await this.items.find(number))?.record;
  }

  async update(inquiry: Inquiry, expectedUpdatedAt: string) {
    const stored = await this.items.find(inquiry.number);
    if (!stored || stored.record.updatedAt !== expectedUpdatedAt) throw new ConcurrencyConflictError('照会', inquiry.number);
    await this.items.replace(stored, inquiry);
  }

  async list(filter: { targetDepartmentId?: string; askerId?: string; status?: InquiryStatus; fiscalYear?: number } = {}) {
    const stored = await this.items.query({ TargetDepartmentId: filter.targetDepartmentId, AskerId: filter.askerId, Status: filter.status, FiscalYear: filter.fiscalYear });
    return stored.map((s) => s.record).sort((a, b) => (a.createdAt === b.createdAt ? b.number.localeCompare(a.number) : a.createdAt < b.createdAt ? 1 : -1));
  }
}
