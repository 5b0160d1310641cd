import type { TableClient, TableEntityResult } from '@azure/data-tables';

/**
 * A string property holds at most 64 KiB (32 K UTF-16 units), an entity at most 1 MiB. Long
 * JSON (an Adaptive Card, a big journal) is therefore split over `name`, `name_1`, `name_2`…
 */
export const TEXT_CHUNK = 30_000;

export function packText(name: string, text: string): Record<string, string> {
  const props: Record<string, string> = { [name]: text.slice(0, TEXT_CHUNK) };
  for (let i = 1; i * TEXT_CHUNK < text.length; i++) props[`${name}_${i}`] = text.slice(i * TEXT_CHUNK, (i + 1) * TEXT_CHUNK);
  return props;
}

export function unpackText(entity: Record<string, unknown>, name: string): string {
  let text = typeof entity[name] === 'string' ? entity[name] : '';
  for (let i = 1; typeof entity[`${name}_${i}`] === 'string'; i++) text += entity[`${name}_${i}`] as string;
  return text;
}

/** Table Storage stores no nulls: an absent property reads back as null. */
export const optionalText = (entity: Record<string, unknown>, name: string): string | null =>
  typeof entity[name] === 'string' ? entity[name] : null;

/** Drops null and undefined properties before a write. */
export function withoutNulls<T extends Record<string, unknown>>(entity: T): T {
  return Object.fromEntries(Object.entries(entity).filter(([, v]) => v !== null && v !== undefined)) as T;
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Which operation of a failed entity-group transaction the service blamed ("2:The specified entity already exists."). */
export function failedOperationIndex(error: unknown): number | undefined {
  const message = (error as { message?: unknown } | null)?.message;
  const match = /^(\d+):/.exec(typeof message === 'string' ? message : '');
  return match ? Number(match[1]) : undefined;
}

/**
 * Follows continuation tokens until `limit` entities (that pass `where`, if given) are read:
 * the service may return short or even empty pages while it scans.
 */
export async function queryEntities<T extends object = Record<string, unknown>>(
  table: TableClient,
  filter: string | undefined,
  options: { select?: string[]; limit?: number; where?: (entity: TableEntityResult<T>) => boolean } = {},
): Promise<TableEntityResult<T>[]> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const found: TableEntityResult<T>[] = [];
  if (limit <= 0) return found;
  const maxPageSize = options.where ? 1000 : Math.min(1000, limit);
  const pages = table.listEntities<T>({ queryOptions: { filter: filter || undefined, select: options.select } }).byPage({ maxPageSize });
  for await (const page of pages) {
    for (const entity of page) {
      if (options.where && !options.where(entity)) continue;
      found.push(entity);
      if (found.length >= limit) return found;
    }
  }
  return found;
}

/** Runs `work` over `items` with at most `concurrency` at a time, keeping the order of results. */
export async function mapLimited<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
