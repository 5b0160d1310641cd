import { byCodeNaturally } from '../../sort-order';
import type { CheckIn, CheckInCycle, Initiative } from '../../../checkins/model';
import type { CheckInCycleStore, CheckInSaveOutcome, CheckInStore, InitiativeStore } from '../../ports';
import { DocumentTable } from '../document-table';
import type { SqliteExecutor } from '../executor';

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
  private readonly current: DocumentTable<CheckIn>;
  private readonly revisions: DocumentTable<CheckIn>;

  constructor(private readonly exec: SqliteExecutor) {
    const key = {
      initiative_code: (c: CheckIn) => c.initiativeCode,
      fiscal_year: (c: CheckIn) => c.fiscalYear,
      quarter: (c: CheckIn) => c.quarter,
    };
    this.current = new DocumentTable(exec, {
      table: 'check_ins',
      keyColumns: ['initiative_code', 'fiscal_year', 'quarter'],
      columns: { ...key, revision: (c) => c.revision },
    });
    this.revisions = new DocumentTable(exec, {
      table: 'check_in_revisions',
      keyColumns: ['initiative_code', 'fiscal_year', 'quarter', 'revision'],
      columns: { ...key, revision: (c) => c.revision, submission_id: (c) => c.submissionId },
    });
  }

  /** One synchronous unit of work, so the revision check and both writes cannot interleave. */
  submit(checkIn: CheckIn): Promise<{ outcome: CheckInSaveOutcome; checkIn: CheckIn }> {
    return this.exec.run((db) =>
      db.transaction(() => {
        const read = (sql: string, ...params: unknown[]) => {
          const row = db.prepare(sql).get(...params) as { doc: string } | undefined;
          return row ? (JSON.parse(row.doc) as CheckIn) : undefined;
        };
        const key = [checkIn.initiativeCode, checkIn.fiscalYear, checkIn.quarter];
        const stored = read('SELECT doc FROM check_ins WHERE initiative_code = ? AND fiscal_year = ? AND quarter = ?', ...key);
        // A replay only within this initiative and quarter: an id from another one's card is not this answer.
        const replay = read(
          'SELECT doc FROM check_in_revisions WHERE initiative_code = ? AND fiscal_year = ? AND quarter = ? AND submission_id = ?',
          ...key,
          checkIn.submissionId,
        );
        if (replay) return { outcome: 'replayed' as const, checkIn: stored ?? replay };
        if (checkIn.revision !== (stored?.revision ?? 0) + 1) return { outcome: 'conflict' as const, checkIn: stored ?? checkIn };
        this.current.upsertSync(db, checkIn);
        this.revisions.upsertSync(db, checkIn);
        return { outcome: checkIn.revision === 1 ? ('created' as const) : ('updated' as const), checkIn };
      })(),
    );
  }

  get(initiativeCode: string, fiscalYear: number, quarter: number) {
    return this.current.get(initiativeCode, fiscalYear, quarter);
  }

  history(initiativeCode: string, fiscalYear: number, quarter: number) {
    return this.revisions.list({ initiative_code: initiativeCode, fiscal_year: fiscalYear, quarter }, 'revision');
  }

  async listForQuarter(fiscalYear: number, quarter: number) {
    const checkIns = await this.current.list({ fiscal_year: fiscalYear, quarter }, 'initiative_code');
    return checkIns.sort((a, b) => byCodeNaturally(a.initiativeCode, b.initiativeCode));
  }

  listForInitiative(initiativeCode: string) {
    return this.current.list({ initiative_code: initiativeCode }, 'fiscal_year, quarter');
  }
}

export class SqliteCheckInCycleStore implements CheckInCycleStore {
  private readonly table: DocumentTable<CheckInCycle>;

  constructor(private readonly exec: SqliteExecutor) {
    this.table = new DocumentTable(exec, {
      table: 'check_in_cycles',
      keyColumns: ['fiscal_year', 'quarter'],
      columns: { fiscal_year: (c) => c.fiscalYear, quarter: (c) => c.quarter, closed_at: (c) => c.closedAt },
    });
  }

  open(cycle: CheckInCycle) {
    return this.table.insertIfAbsent(cycle);
  }

  get(fiscalYear: number, quarter: number) {
    return this.table.get(fiscalYear, quarter);
  }

  list() {
    return this.table.list({}, 'fiscal_year DESC, quarter DESC');
  }

  close(fiscalYear: number, quarter: number, closedAt: string) {
    return this.exec.run(
      (db) =>
        db
          .prepare(
            `UPDATE check_in_cycles SET closed_at = ?, doc = json_set(doc, '$.closedAt', ?)
             WHERE fiscal_year = ? AND quarter = ? AND closed_at IS NULL`,
          )
          .run(closedAt, closedAt, fiscalYear, quarter).changes === 1,
    );
  }
}
