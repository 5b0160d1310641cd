import { randomInt, randomUUID } from 'node:crypto';
import { odata, type TableClient } from '@azure/data-tables';
import type { AuditEntry, NewAuditEntry } from '../../platform/audit';
import type { AuditLogStore } from '../ports';
import { invertedNumber, uninvertNumber } from './table-keys';
import { packText, queryEntities, statusOf, unpackText } from './table-values';

/**
 * Layout: PartitionKey = the id's UTC month, inverted (one partition a month, so a month
 * can be dropped or exported whole); RowKey = the id, inverted. A plain query returns rows
 * by PartitionKey then RowKey, i.e. newest first, and `limit` stops the paging early.
 *
 * Ids: ms timestamp × 1000 + a per-process sequence (starting at a random offset so two
 * instances rarely pick the same id in the same millisecond), increasing within a process
 * and with time across processes; < 2^53 until the year 2255. A collision with another
 * instance is detected by insert-once (409) and the entry takes the next id.
 */
const MAX_ID = Number.MAX_SAFE_INTEGER;
const MAX_MONTH = 999_999;
/** Azure Table Storage allows at most 15 comparisons in one filter. */
const MAX_COMPARISONS = 15;

const processOffset = randomInt(0, 500);
let lastId = 0;

export function nextAuditId(): number {
  lastId = Math.max(Date.now() * 1000 + processOffset, lastId + 1);
  return lastId;
}

/** An entry with its id and time fixed before it is written (so a journal replay writes the same). */
export interface PreparedAuditEntry {
  entry: AuditEntry;
  /** Tells a replay of this entry (409, same nonce) from another entry that took the id (409, other nonce). */
  nonce: string;
}

export function prepareAuditEntry(entry: NewAuditEntry): PreparedAuditEntry {
  const { at, ...rest } = entry;
  return { entry: { ...rest, id: nextAuditId(), at: at ?? new Date().toISOString() }, nonce: randomUUID() };
}

function partitionOf(id: number): string {
  const month = new Date(Math.floor(id / 1000));
  return invertedNumber(month.getUTCFullYear() * 100 + month.getUTCMonth() + 1, MAX_MONTH);
}

const rowOf = (id: number) => invertedNumber(id, MAX_ID);

interface AuditProps {
  actorId: string;
  action: string;
  objectType: string;
  objectId: string;
  at: string;
  nonce: string;
}

export interface AuditFilter {
  objectType?: string;
  objectId?: string;
  actorId?: string;
  actions?: string[];
  limit?: number;
}

export function matchesAuditFilter(entry: AuditEntry, filter: AuditFilter): boolean {
  return (
    (filter.objectType === undefined || entry.objectType === filter.objectType) &&
    (filter.objectId === undefined || entry.objectId === filter.objectId) &&
    (filter.actorId === undefined || entry.actorId === filter.actorId) &&
    (filter.actions === undefined || filter.actions.includes(entry.action))
  );
}

export const auditLimit = (limit: number | undefined) => Math.max(1, Math.min(limit ?? 100, 100_000));

export class TableAuditLogStore implements AuditLogStore {
  constructor(private readonly table: TableClient) {}

  append(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.insert(prepareAuditEntry(entry));
  }

  /** Insert-once: writing the same prepared entry twice stores it once. Resolves to the entry as stored. */
  async insert(prepared: PreparedAuditEntry): Promise<AuditEntry> {
    let entry = prepared.entry;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.table.createEntity({
          partitionKey: partitionOf(entry.id),
          rowKey: rowOf(entry.id),
          actorId: entry.actorId,
          action: entry.action,
          objectType: entry.objectType,
          objectId: entry.objectId,
          at: entry.at,
          nonce: prepared.nonce,
          ...packText('detail', JSON.stringify(entry.detail)),
        });
        return entry;
      } catch (error) {
        if (statusOf(error) !== 409 || attempt >= 10) throw error;
      }
      const existing = await this.table.getEntity<{ nonce?: string }>(partitionOf(entry.id), rowOf(entry.id), {
        queryOptions: { select: ['nonce'] },
      });
      if (existing.nonce === prepared.nonce) return entry; // already written (a replay)
      entry = { ...entry, id: nextAuditId() };
    }
  }

  async list(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    if (filter.actions?.length === 0) return [];
    const conditions: string[] = [];
    if (filter.objectType !== undefined) conditions.push(odata`objectType eq ${filter.objectType}`);
    if (filter.objectId !== undefined) conditions.push(odata`objectId eq ${filter.objectId}`);
    if (filter.actorId !== undefined) conditions.push(odata`actorId eq ${filter.actorId}`);
    const actions = filter.actions;
    // Past the service's comparison limit the actions are matched here instead.
    const actionsOnServer = actions !== undefined && conditions.length + actions.length <= MAX_COMPARISONS;
    if (actions && actionsOnServer) conditions.push(`(${actions.map((a) => odata`action eq ${a}`).join(' or ')})`);
    const rows = await queryEntities<AuditProps>(this.table, conditions.join(' and '), {
      limit: auditLimit(filter.limit),
      where: actions && !actionsOnServer ? (row) => actions.includes(row.action) : undefined,
    });
    return rows.map((row): AuditEntry => ({
      id: uninvertNumber(row.rowKey!, MAX_ID),
      at: row.at,
      actorId: row.actorId,
      action: row.action,
      objectType: row.objectType,
      objectId: row.objectId,
      detail: JSON.parse(unpackText(row as unknown as Record<string, unknown>, 'detail')) as Record<string, unknown>,
    }));
  }
}
