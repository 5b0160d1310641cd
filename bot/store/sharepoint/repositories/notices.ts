import type { Notice, NoticeSection, NoticeStatus } from '../../../notices/model';
import { fiscalYearCode } from '../../../platform/fiscal-calendar';
import { ConcurrencyConflictError, type NoticeStore } from '../../ports';
import { jsonRecord, SharePointList } from '../sharepoint-list';
import type { SharePointSite } from '../sharepoint-site';
import type { UndoLog } from '../../kit/undo-log';
import { SharePointCounters } from './counters';
import { requestKey } from './request-key';

/** 確認状況 of each section, one line each, for people reading the list in SharePoint. */
const sectionLines = (sections: NoticeSection[]) =>
  sections.map((s) => [s.departmentId, s.status, s.confirmedBy, s.confirmedAt].filter(Boolean).join(' ')).join('\n');

/**
 * お知らせ, one item each in the お知らせ list, the sections' confirmations inside the record
 * (アプリ用データ). A confirmation is a conditional write of the whole notice (If-Match with the
 * eTag read), so of two sections confirming at the same moment one gets a conflict and retries
 * from what the other saved; nothing is overwritten, and the notice is never half-written.
 */
export class SharePointNoticeStore implements NoticeStore {
  private readonly items: SharePointList<Notice>;
  private readonly counters: SharePointCounters;

  constructor(site: SharePointSite, undo?: UndoLog) {
    this.items = new SharePointList(
      site,
      'notices',
      jsonRecord(
        (n) => n.id,
        (n) => ({
          Title: n.title,
          Status: n.status,
          SenderDepartmentId: n.senderDepartmentId,
          FiscalYear: n.fiscalYear,
          RequestKey: requestKey(n.senderId, n.requestId),
          Kind: n.kind,
          SenderId: n.senderId,
          EffectiveOn: n.effectiveOn,
          ConfirmBy: n.confirmBy,
          Confirmations: `${n.sections.filter((s) => s.status === 'confirmed').length}/${n.sections.length}`,
          Sections: sectionLines(n.sections),
          Body: n.body,
          CreatedAt: n.createdAt,
          UpdatedAt: n.updatedAt,
        }),
      ),
      undo,
    );
    this.counters = new SharePointCounters(site);
  }

  async allocateId(fiscalYear: number) {
    const next = await this.counters.next(`notice:${fiscalYear}`);
    return `N-${fiscalYearCode(fiscalYear)}-${String(next).padStart(4, '0')}`;
  }

  /** 管理番号 and 作成依頼キー are unique in the list: a second create of either is refused (409 → DuplicateRecordError). */
  async insert(notice: Notice) {
    await this.items.create(notice);
  }

  async get(id: string) {
    return (await this.items.find(id))?.record;
  }

  async findByRequest(senderId: string, requestId: string) {
    const [found] = await this.items.query({ RequestKey: requestKey(senderId, requestId) });
    return found && found.record.senderId === senderId && found.record.requestId === requestId ? found.record : undefined;
  }

  async update(notice: Notice, expectedUpdatedAt: string) {
    const stored = await this.items.find(notice.id);
    if (!stored || stored.record.updatedAt !== expectedUpdatedAt) throw new ConcurrencyConflictError('お知らせ', notice.id);
    await this.items.replace(stored, notice);
  }

  /** The indexed columns narrow the query; a section's notices are picked from what it returns. */
  async list(filter: { senderDepartmentId?: string; sectionId?: string; fiscalYear?: number; status?: NoticeStatus } = {}) {
    const stored = await this.items.query({
      SenderDepartmentId: filter.senderDepartmentId,
      FiscalYear: filter.fiscalYear,
      Status: filter.status,
    });
    return stored
      .map((s) => s.record)
      .filter((n) => filter.sectionId === undefined || n.sections.some((s) => s.departmentId === filter.sectionId))
      .sort((a, b) => (a.createdAt === b.createdAt ? b.id.localeCompare(a.id) : a.createdAt < b.createdAt ? 1 : -1));
  }
}
