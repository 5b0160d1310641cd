import type { Notice, NoticeStatus } from '../../../notices/model';
import { fiscalYearCode } from '../../../platform/fiscal-calendar';
import { ConcurrencyConflictError, DuplicateRecordError, type NoticeStore } from '../../ports';
import { DocumentTable } from '../document-table';
import type { SqliteExecutor } from '../executor';

const NEWEST_FIRST = 'created_at DESC, id DESC';

export class SqliteNoticeStore implements NoticeStore {
  private readonly table: DocumentTable<Notice>;

  constructor(private readonly exec: SqliteExecutor) {
    this.table = new DocumentTable(exec, {
      table: 'notices',
      keyColumns: ['id'],
      columns: {
        id: (n) => n.id,
        fiscal_year: (n) => n.fiscalYear,
        sender_id: (n) => n.senderId,
        sender_department_id: (n) => n.senderDepartmentId,
        request_id: (n) => n.requestId,
        status: (n) => n.status,
        created_at: (n) => n.createdAt,
        updated_at: (n) => n.updatedAt,
      },
    });
  }

  allocateId(fiscalYear: number) {
    return this.exec.run((db) => {
      const row = db
        .prepare(
          `INSERT INTO notice_numbers (fiscal_year, last_sequence) VALUES (?, 1)
           ON CONFLICT (fiscal_year) DO UPDATE SET last_sequence = last_sequence + 1
           RETURNING last_sequence`,
        )
        .get(fiscalYear) as { last_sequence: number };
      return `N-${fiscalYearCode(fiscalYear)}-${String(row.last_sequence).padStart(4, '0')}`;
    });
  }

  async insert(notice: Notice) {
    let inserted: boolean;
    try {
      inserted = await this.table.insertIfAbsent(notice);
    } catch (error) {
      // The unique (sender, requestId) index: the same request made a notice already.
      if (/UNIQUE/.test((error as Error).message)) throw new DuplicateRecordError(`お知らせの依頼 ${notice.requestId}`);
      throw error;
    }
    if (!inserted) throw new DuplicateRecordError(`お知らせ ${notice.id}`);
  }

  get(id: string) {
    return this.table.get(id);
  }

  async findByRequest(senderId: string, requestId: string) {
    const [found] = await this.table.list({ sender_id: senderId, request_id: requestId }, NEWEST_FIRST);
    return found;
  }

  async update(notice: Notice, expectedUpdatedAt: string) {
    const changed = await this.exec.run(
      (db) =>
        db
          .prepare('UPDATE notices SET status = ?, updated_at = ?, doc = ? WHERE id = ? AND updated_at = ?')
          .run(notice.status, notice.updatedAt, JSON.stringify(notice), notice.id, expectedUpdatedAt).changes,
    );
    if (changed === 0) throw new ConcurrencyConflictError('お知らせ', notice.id);
  }

  async list(filter: { senderDepartmentId?: string; sectionId?: string; fiscalYear?: number; status?: NoticeStatus } = {}) {
    const notices = await this.table.list(
      { sender_department_id: filter.senderDepartmentId, fiscal_year: filter.fiscalYear, status: filter.status },
      NEWEST_FIRST,
    );
    if (filter.sectionId === undefined) return notices;
    return notices.filter((n) => n.sections.some((s) => s.departmentId === filter.sectionId));
  }
}
