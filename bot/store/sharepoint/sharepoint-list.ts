import { japanDateOf } from '../../platform/fiscal-calendar';
import { ConcurrencyConflictError, DuplicateRecordError } from '../ports';
import { GraphRequestError } from './graph/graph-errors';
import type { BatchRequest, BatchResponse, GraphGateway } from './graph/graph-gateway';
import type { ListKey, ColumnSpec } from './schema/list-specs';
import type { ResolvedList } from './schema/column-resolver';
import type { SharePointSite } from './sharepoint-site';
import type { UndoLog } from '../kit/undo-log';

export type ColumnValue = string | number | boolean | null;

/** How one aggregate sits in a list item. Column names are the spec's (ASCII) names. */
export interface RecordMapping<T> {
  key(record: T): string;
  toColumns(record: T): Record<string, ColumnValue>;
  /** undefined when the item is not one of ours (e.g. a row someone added by hand without a key). */
  fromColumns(columns: Record<string, unknown>, item: GraphListItem): T | undefined;
}

export interface GraphListItem {
  id: string;
  eTag?: string;
  webUrl?: string;
  fields: Record<string, unknown>;
}

export interface StoredItem<T> {
  itemId: string;
  eTag: string;
  record: T;
}

/** A mapping that keeps the whole record as JSON, plus columns for people and $filter. */
export function jsonRecord<T>(
  key: (record: T) => string,
  columns: (record: T) => Record<string, ColumnValue> = () => ({}),
): RecordMapping<T> {
  return {
    key,
    toColumns: (record) => ({ RecordKey: key(record), RecordJson: JSON.stringify(record), ...columns(record) }),
    fromColumns: (fields) =>
      typeof fields.RecordJson === 'string' && fields.RecordJson ? (JSON.parse(fields.RecordJson) as T) : undefined,
  };
}

/** One write as a step of a $batch, and how its answer is read (as the plain call would read it, errors included). */
export interface BatchWrite<T> {
  request: BatchRequest;
  settle(response: BatchResponse | undefined): StoredItem<T>;
}

/** A step that never ran because the one it depends on failed (Graph's 424). */
export const didNotRun = (response: BatchResponse | undefined) => response?.status === 424;

/** OData string literal: a quote inside is doubled. */
export const odataString = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * One SharePoint list holding one aggregate per item, keyed by RecordKey. Reads page through
 * @odata.nextLink; $filter is sent only on indexed columns; writes carry If-Match with the
 * eTag read, so a change someone made meanwhile comes back as a conflict, never overwritten.
 */
export class SharePointList<T> {
  constructor(
    private readonly site: SharePointSite,
    private readonly key: ListKey,
    private readonly mapping: RecordMapping<T>,
    private readonly undo?: UndoLog,
  ) {}

  /** The same list, with writes recorded for rollback. */
  withUndo(undo: UndoLog | undefined): SharePointList<T> {
    return new SharePointList(this.site, this.key, this.mapping, undo);
  }

  async find(key: string): Promise<StoredItem<T> | undefined> {
    return (await this.query({ RecordKey: key }))[0];
  }

  /** One item by its list item id (a file staff uploaded without a key), or undefined. */
  async getByItemId(itemId: string): Promise<StoredItem<T> | undefined> {
    const [path, list] = await Promise.all([this.site.listPath(this.key), this.site.list(this.key)]);
    try {
      return this.toStored(list, await this.site.graph.get<GraphListItem>(`${path}/items/${encodeURIComponent(itemId)}?$expand=fields`));
    } catch (error) {
      if (error instanceof GraphRequestError && error.status === 404) return undefined;
      throw error;
    }
  }

  /**
   * Items whose columns equal the values given (undefined values are ignored). `as` reads with
   * another identity (a person's on-behalf-of token): SharePoint then returns only what they may see.
   */
  async query(filter: Record<string, string | number | undefined> = {}, as?: GraphGateway): Promise<StoredItem<T>[]> {
    const [path, list] = await Promise.all([this.site.listPath(this.key), this.site.list(this.key)]);
    const conditions = Object.entries(filter)
      .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
      .map(([column, value]) => `fields/${this.internal(list, column, true)} eq ${typeof value === 'number' ? value : odataString(value)}`);
    const query = conditions.length > 0 ? `&$filter=${encodeURIComponent(conditions.join(' and '))}` : '';
    const items = await (as ?? this.site.graph).getAll<GraphListItem>(`${path}/items?$expand=fields${query}`);
    return items.flatMap((item) => {
      const stored = this.toStored(list, item);
      return stored ? [stored] : [];
    });
  }

  async create(record: T): Promise<StoredItem<T>> {
    const [path, list] = await Promise.all([this.site.listPath(this.key), this.site.list(this.key)]);
    try {
      const item = await this.site.graph.post<GraphListItem>(`${path}/items`, { fields: this.fieldsOf(list, record) });
      this.undo?.record(`delete ${this.key} ${this.mapping.key(record)}`, () => this.site.graph.delete(`${path}/items/${item.id}`));
      return { itemId: item.id, eTag: item.eTag ?? String(item.fields['@odata.etag']), record };
    } catch (error) {
      if (error instanceof GraphRequestError && error.status === 409)
        throw new DuplicateRecordError(`${list.spec.displayName} ${this.mapping.key(record)}`);
      throw error;
    }
  }

  /** create() as a $batch step: the same body, and its answer read the same way (409 a DuplicateRecordError). */
  async createStep(id: string, record: T, dependsOn?: string[]): Promise<BatchWrite<T>> {
    const [path, list] = await Promise.all([this.site.listPath(this.key), this.site.list(this.key)]);
    return {
      request: {
        id,
        method: 'POST',
        url: `${path}/items`,
        body: { fields: this.fieldsOf(list, record) },
        ...(dependsOn ? { dependsOn } : {}),
      },
      settle: (response) => {
        if (response?.status === 409) throw new DuplicateRecordError(`${list.spec.displayName} ${this.mapping.key(record)}`);
        const item = answered<GraphListItem>(response, `POST ${path}/items`);
        this.undo?.record(`delete ${this.key} ${this.mapping.key(record)}`, () => this.site.graph.delete(`${path}/items/${item.id}`));
        return { itemId: item.id, eTag: item.eTag ?? String(item.fields['@odata.etag']), record };
      },
    };
  }

  /** replace() as a $batch step, with If-Match (412 or 404 a ConcurrencyConflictError). */
  async replaceStep(id: string, stored: StoredItem<T>, record: T, dependsOn?: string[]): Promise<BatchWrite<T>> {
    const [path, list] = await Promise.all([this.site.listPath(this.key), this.site.list(this.key)]);
    const url = `${path}/items/${stored.itemId}/fields`;
    return {
      request: {
        id,
        method: 'PATCH',
        url,
        headers: { 'If-Match': stored.eTag },
        body: this.fieldsOf(list, record),
        ...(dependsOn ? { dependsOn } : {}),
      },
      settle: (response) => {
        if (response?.status === 412 || response?.status === 404)
          throw new ConcurrencyConflictError(list.spec.displayName, this.mapping.key(record));
        const eTag = String(answered<Record<string, unknown>>(response, `PATCH ${url}`)['@odata.etag']);
        this.undo?.record(`restore ${this.key} ${this.mapping.key(record)}`, () =>
          this.site.graph.patch(url, this.fieldsOf(list, stored.record), { 'If-Match': eTag }),
        );
        return { itemId: stored.itemId, eTag, record };
      },
    };
  }

  /** Saves `record` over `stored` unless the item changed since it was read (then ConcurrencyConflictError). */
  async replace(stored: StoredItem<T>, record: T): Promise<StoredItem<T>> {
    const [path, list] = await Promise.all([this.site.listPath(this.key), this.site.list(this.key)]);
    try {
      const fields = await this.site.graph.patch<Record<string, unknown>>(
        `${path}/items/${stored.itemId}/fields`,
        this.fieldsOf(list, record),
        { 'If-Match': stored.eTag },
      );
      const eTag = String(fields['@odata.etag']);
      this.undo?.record(`restore ${this.key} ${this.mapping.key(record)}`, () =>
        this.site.graph.patch(`${path}/items/${stored.itemId}/fields`, this.fieldsOf(list, stored.record), { 'If-Match': eTag }),
      );
      return { itemId: stored.itemId, eTag, record };
    } catch (error) {
      if (error instanceof GraphRequestError && (error.status === 412 || error.status === 404))
        throw new ConcurrencyConflictError(list.spec.displayName, this.mapping.key(record));
      throw error;
    }
  }

  async remove(stored: StoredItem<T>): Promise<void> {
    const path = await this.site.listPath(this.key);
    await this.site.graph.delete(`${path}/items/${stored.itemId}`, { 'If-Match': stored.eTag });
  }

  /** Creates the record, or replaces the stored one (last writer wins: for imports and upserts). */
  async upsert(record: T): Promise<StoredItem<T>> {
    for (let attempt = 0; ; attempt++) {
      const stored = await this.find(this.mapping.key(record));
      try {
        return stored ? await this.replace(stored, record) : await this.create(record);
      } catch (error) {
        // Someone wrote the same record between our read and write: read again and win once more.
        const raced = error instanceof ConcurrencyConflictError || error instanceof DuplicateRecordError;
        if (!raced || attempt >= 3) throw error;
      }
    }
  }

  private fieldsOf(list: ResolvedList, record: T): Record<string, ColumnValue> {
    const fields: Record<string, ColumnValue> = {};
    const specs = new Map(list.spec.columns.map((c) => [c.name, c]));
    for (const [column, value] of Object.entries(this.mapping.toColumns(record))) {
      const spec = specs.get(column);
      fields[spec ? this.internal(list, column, false) : column] = spec ? toGraphValue(spec, value) : value;
    }
    return fields;
  }

  private toStored(list: ResolvedList, item: GraphListItem): StoredItem<T> | undefined {
    const columns: Record<string, unknown> = { ...item.fields };
    for (const [specName, internalName] of list.names) columns[specName] = item.fields[internalName];
    const record = this.mapping.fromColumns(columns, item);
    return record === undefined ? undefined : { itemId: item.id, eTag: item.eTag ?? String(item.fields['@odata.etag']), record };
  }

  private internal(list: ResolvedList, column: string, forFilter: boolean): string {
    const name = list.names.get(column);
    if (!name) throw new Error(`${list.spec.name} has no column ${column}`);
    // SharePoint refuses $filter on a column without an index once a list passes 5,000 items; never rely on luck.
    if (forFilter && !list.indexed.has(column)) throw new Error(`${list.spec.name}.${column} is not indexed; run provisioning`);
    return name;
  }
}

/** A step's body when it succeeded; otherwise the GraphRequestError the plain call would have thrown. */
function answered<B>(response: BatchResponse | undefined, what: string): B {
  if (!response) throw new GraphRequestError(`${what}: no answer in the $batch response`, undefined, undefined);
  if (response.status >= 200 && response.status < 300) return response.body as B;
  const error = (response.body as { error?: { code?: string; message?: string } } | undefined)?.error;
  const retryAfter = Number(Object.entries(response.headers ?? {}).find(([name]) => name.toLowerCase() === 'retry-after')?.[1]);
  throw new GraphRequestError(
    `${what}: ${response.status} ${error?.code ?? ''} ${error?.message ?? ''}`.trim(),
    response.status,
    error?.code,
    Number.isFinite(retryAfter) ? retryAfter : undefined,
  );
}

/** Dates go to SharePoint as midnight UTC; a single line of text holds at most 255 characters. */
function toGraphValue(spec: ColumnSpec, value: ColumnValue): ColumnValue {
  if (value === null || value === '') return spec.type === 'text' || spec.type === 'note' ? (value ?? null) : null;
  if (spec.type === 'dateOnly' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00Z`;
  if (spec.type === 'text' && typeof value === 'string') return value.slice(0, 255);
  return value;
}

/**
 * A date column's value back as YYYY-MM-DD. SharePoint returns a date-only value as the UTC
 * instant of midnight in the site's time zone (2024-04-01 on a JST site: 2024-03-31T15:00:00Z),
 * so the date is read in Japan time, never cut from the UTC string.
 */
export function dateOnly(value: unknown): string {
  if (typeof value !== 'string' || !value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? '' : japanDateOf(instant);
}
