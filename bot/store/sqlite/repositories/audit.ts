import type { AuditEntry, NewAuditEntry } from '../../../platform/audit';
import type { AuditLogStore } from '../../ports';
import type { SqliteExecutor } from '../executor';

interface AuditRow {
  id: number;
  at: string;
  actor_id: string;
  action: string;
  object_type: string;
  object_id: string;
  detail: string;
}

const toEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  at: row.at,
  actorId: row.actor_id,
  action: row.action,
  objectType: row.object_type,
  objectId: row.object_id,
  detail: JSON.parse(row.detail) as Record<string, unknown>,
});

export class SqliteAuditLogStore implements AuditLogStore {
  constructor(private readonly exec: SqliteExecutor) {}

  append(entry: NewAuditEntry) {
    return this.exec.run((db) => {
      const row = db
        .prepare(
          `INSERT INTO audit_log (at, actor_id, action, object_type, object_id, detail)
           VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
        )
        .get(
          entry.at ?? new Date().toISOString(),
          entry.actorId,
          entry.action,
          entry.objectType,
          entry.objectId,
          JSON.stringify(entry.detail),
        ) as AuditRow;
      return toEntry(row);
    });
  }

  list(filter: { objectType?: string; objectId?: string; actorId?: string; actions?: string[]; limit?: number } = {}) {
    const conditions: string[] = [];
    const params: (string | number)[] = [];
    const add = (condition: string, ...values: (string | number)[]) => {
      conditions.push(condition);
      params.push(...values);
    };
    if (filter.objectType !== undefined) add('object_type = ?', filter.objectType);
    if (filter.objectId !== undefined) add('object_id = ?', filter.objectId);
    if (filter.actorId !== undefined) add('actor_id = ?', filter.actorId);
    if (filter.actions !== undefined) add(`action IN (${filter.actions.map(() => '?').join(', ') || 'NULL'})`, ...filter.actions);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    params.push(Math.max(1, Math.min(filter.limit ?? 100, 100_000)));
    return this.exec.run((db) =>
      (db.prepare(`SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT ?`).all(...params) as AuditRow[]).map(toEntry),
    );
  }
}
