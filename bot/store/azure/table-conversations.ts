import { odata, type TableClient } from '@azure/data-tables';
import type { ConversationReferenceStore, StoredConversationReference } from '../ports';
import { compareCodePoints, encodeKey, prefixEnd } from './table-keys';
import { packText, queryEntities, statusOf, unpackText } from './table-values';

/**
 * One partition, RowKey = the escaped key, so `listKeys(prefix)` is a range query. A city has
 * a few thousand references, written once per conversation update: one partition is plenty.
 * `writtenAt` (ms) lets a journal replay skip a save or delete that a newer write overtook
 * (a plain delete leaves no trace, so a replay after it may bring an older reference back;
 * harmless: the next conversation update or a failed send corrects it).
 */
export const CONVERSATIONS_PARTITION = 'ref';

const rowOf = (key: string) => encodeKey(key);

export class TableConversationReferenceStore implements ConversationReferenceStore {
  constructor(private readonly table: TableClient) {}

  save(key: string, reference: StoredConversationReference): Promise<void> {
    return this.write(key, reference, Date.now());
  }

  async get(key: string): Promise<StoredConversationReference | undefined> {
    try {
      const entity = await this.table.getEntity<Record<string, unknown>>(CONVERSATIONS_PARTITION, rowOf(key));
      return JSON.parse(unpackText(entity, 'reference')) as StoredConversationReference;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.table.deleteEntity(CONVERSATIONS_PARTITION, rowOf(key));
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }

  async listKeys(prefix = ''): Promise<string[]> {
    const start = rowOf(prefix);
    const end = prefixEnd(start);
    const filter = end
      ? odata`PartitionKey eq ${CONVERSATIONS_PARTITION} and RowKey ge ${start} and RowKey lt ${end}`
      : odata`PartitionKey eq ${CONVERSATIONS_PARTITION} and RowKey ge ${start}`;
    const rows = await queryEntities<{ key: string }>(this.table, filter, { select: ['key'] });
    return rows
      .map((row) => row.key)
      .filter((key) => key.startsWith(prefix))
      .sort(compareCodePoints);
  }

  /**
   * A save or delete replayed from the journal: applied only if no write newer than
   * `writtenAt` is stored (ETags make the check and the write one step).
   */
  async applyIfNotOvertaken(key: string, reference: StoredConversationReference | null, writtenAt: number): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      let current: { etag: string; writtenAt: number } | undefined;
      try {
        const entity = await this.table.getEntity<{ writtenAt?: string }>(CONVERSATIONS_PARTITION, rowOf(key), {
          queryOptions: { select: ['writtenAt'] },
        });
        current = { etag: entity.etag, writtenAt: Number(entity.writtenAt ?? 0) };
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
      if (current && current.writtenAt > writtenAt) return;
      try {
        if (reference === null) {
          if (current) await this.table.deleteEntity(CONVERSATIONS_PARTITION, rowOf(key), { etag: current.etag });
        } else if (current) {
          await this.table.updateEntity(this.entity(key, reference, writtenAt), 'Replace', { etag: current.etag });
        } else {
          await this.table.createEntity(this.entity(key, reference, writtenAt));
        }
        return;
      } catch (error) {
        const status = statusOf(error);
        if (status !== 412 && status !== 409 && status !== 404) throw error;
        // Someone wrote in between: look again.
      }
    }
  }

  private write(key: string, reference: StoredConversationReference, writtenAt: number): Promise<void> {
    return this.table.upsertEntity(this.entity(key, reference, writtenAt), 'Replace').then(() => undefined);
  }

  private entity(key: string, reference: StoredConversationReference, writtenAt: number) {
    return {
      partitionKey: CONVERSATIONS_PARTITION,
      rowKey: rowOf(key),
      key,
      ...packText('reference', JSON.stringify(reference)),
      updatedAt: new Date(writtenAt).toISOString(),
      // A string: an untyped integer beyond Int32 is not portable across Table endpoints.
      writtenAt: String(writtenAt),
    };
  }
}
