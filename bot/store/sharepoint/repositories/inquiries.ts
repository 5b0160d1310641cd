import type { Inquiry, InquiryStatus } from '../../../inquiries/model';
import { fiscalYearCode } from '../../../platform/fiscal-calendar';
import { ConcurrencyConflictError, DuplicateRecordError, type InquiryStore } from '../../ports';
import { jsonRecord, SharePointList } from '../sharepoint-list';
import type { SharePointSite } from '../sharepoint-site';
import type { UndoLog } from '../../kit/undo-log';
import { SharePointCounters } from './counters';

export class SharePointInquiryStore implements InquiryStore {
  private readonly items: SharePointList<Inquiry>;
  private readonly counters: SharePointCounters;

  constructor(site: SharePointSite, undo?: UndoLog) {
    this.items = new SharePointList(
      site,
      'inquiries',
      jsonRecord(
        (i) => i.number,
        (i) => ({
          Title: i.subject,
          Status: i.status,
          TargetDepartmentId: i.targetDepartmentId,
          AskerId: i.askerId,
          FiscalYear: i.fiscalYear,
          Category: i.category,
          Body: i.body,
          DueOn: i.dueOn,
          UpdatedAt: i.updatedAt,
        }),
      ),
      undo,
    );
    this.counters = new SharePointCounters(site);
  }

  async allocateNumber(fiscalYear: number) {
    const next = await this.counters.next(`inquiry:${fiscalYear}`);
    return `Q-${fiscalYearCode(fiscalYear)}-${String(next).padStart(4, '0')}`;
  }

  async insert(inquiry: Inquiry) {
    try {
      await this.items.create(inquiry);
    } catch (error) {
      if (error instanceof DuplicateRecordError)
        throw new Error(`照会番号 ${inquiry.number} は既に使われています (inquiry number already exists)`, { cause: error });
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
    const stored = await this.items.query({
      TargetDepartmentId: filter.targetDepartmentId,
      AskerId: filter.askerId,
      Status: filter.status,
      FiscalYear: filter.fiscalYear,
    });
    return stored
      .map((s) => s.record)
      .sort((a, b) => (a.createdAt === b.createdAt ? b.number.localeCompare(a.number) : a.createdAt < b.createdAt ? 1 : -1));
  }
}
