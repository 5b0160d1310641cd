import type { CheckIn, Initiative } from '../../../checkins/model';
import type { CheckInStore, InitiativeStore } from '../../ports';
import { DocumentTable } from '../document-table';
import type { SqliteExecutor } from '../executor';

const byCodeNaturally = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });

export class SqliteInitiativeStore implements InitiativeStore {
  private readonly table: DocumentTable<Initiative>;

  constructor(exec: SqliteExecutor) {
    this.table = new DocumentTable(exec, {
      table: 'initiatives',
      keyColumns: ['code'],
      columns: { code: (i) => i.code, owner_id: (i) => i.ownerId },
    });
  }

  upsert(initiative: Initiative) {
    return this.table.upsert(initiative);
  }

  get(code: string) {
    return this.table.get(code);
  }

  async list(filter: { ownerId?: string } = {}) {
    const initiatives = await this.table.list({ owner_id: filter.ownerId }, 'code');
    return initiatives.sort((a, b) => byCodeNaturally(a.code, b.code));
  }
}

export class SqliteCheckInStore implements CheckInStore {
  private readonly table: DocumentTable<CheckIn>;

  constructor(exec: SqliteExecutor) {
    this.table = new DocumentTable(exec, {
      table: 'check_ins',
      keyColumns: ['initiative_code', 'fiscal_year', 'quarter'],
      columns: {
        initiative_code: (c) => c.initiativeCode,
        fiscal_year: (c) => c.fiscalYear,
        quarter: (c) => c.quarter,
      },
    });
  }

  async submit(checkIn: CheckIn) {
    const created = await this.table.insertIfAbsent(checkIn);
    const stored = await this.get(checkIn.initiativeCode, checkIn.fiscalYear, checkIn.quarter);
    return { created, checkIn: stored ?? checkIn };
  }

  get(initiativeCode: string, fiscalYear: number, quarter: number) {
    return this.table.get(initiativeCode, fiscalYear, quarter);
  }

  async listForQuarter(fiscalYear: number, quarter: number) {
    const checkIns = await this.table.list({ fiscal_year: fiscalYear, quarter }, 'initiative_code');
    return checkIns.sort((a, b) => byCodeNaturally(a.initiativeCode, b.initiativeCode));
  }

  listForInitiative(initiativeCode: string) {
    return this.table.list({ initiative_code: initiativeCode }, 'fiscal_year, quarter');
  }
}
