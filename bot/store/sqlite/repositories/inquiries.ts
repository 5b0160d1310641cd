import type { Inquiry, InquiryStatus } from '../../../inquiries/model';
import { fiscalYearCode } from '../../../platform/fiscal-calendar';
import { ConcurrencyConflictError, type InquiryStore } from '../../ports';
import { DocumentTable } from '../document-table';
import type { SqliteExecutor } from '../executor';

export class SqliteInquiryStore implements InquiryStore {
  private readonly table: DocumentTable<Inquiry>;

  constructor(private readonly exec: SqliteExecutor) {
    this.table = new DocumentTable(exec, {
      table: 'inquiries',
      keyColumns: ['number'],
      columns: {
        number: (i) => i.number,
        fiscal_year: (i) => i.fiscalYear,
        target_department_id: (i) => i.targetDepartmentId,
        asker_id: (i) => i.askerId,
        status: (i) => i.status,
        created_at: (i) => i.createdAt,
        updated_at: (i) => i.updatedAt,
      },
    });
  }

  allocateNumber(fiscalYear: number) {
    return this.exec.run((db) => {
      const row = db
        .prepare(
          `INSERT INTO inquiry_numbers (fiscal_year, last_sequence) VALUES (?, 1)
           ON CONFLICT (fiscal_year) DO UPDATE SET last_sequence = last_sequence + 1
           RETURNING last_sequence`,
        )
        .get(fiscalYear) as { last_sequence: number };
      return `Q-${fiscalYearCode(fiscalYear)}-${String(row.last_sequence).padStart(4, '0')}`;
    });
  }

  async insert(inquiry: Inquiry) {
    if (!(await this.table.insertIfAbsent(inquiry))) {
      throw new Error(`照会番号 ${inquiry.number} は既に使われています (inquiry number already exists)`);
    }
  }

  get(number: string) {
    return this.table.get(number);
  }

  async update(inquiry: Inquiry, expectedUpdatedAt: string) {
    const changed = await this.exec.run(
      (db) =>
        db
          .prepare(
            `UPDATE inquiries SET status = ?, target_department_id = ?, updated_at = ?, doc = ?
             WHERE number = ? AND updated_at = ?`,
          )
          .run(inquiry.status, inquiry.targetDepartmentId, inquiry.updatedAt, JSON.stringify(inquiry), inquiry.number, expectedUpdatedAt)
          .changes,
    );
    if (changed === 0) throw new ConcurrencyConflictError('照会', inquiry.number);
  }

  list(filter: { targetDepartmentId?: string; askerId?: string; status?: InquiryStatus; fiscalYear?: number } = {}) {
    return this.table.list(
      {
        target_department_id: filter.targetDepartmentId,
        asker_id: filter.askerId,
        status: filter.status,
        fiscal_year: filter.fiscalYear,
      },
      'created_at DESC, number DESC',
    );
  }
}
