import { randomBytes } from 'node:crypto';
import { TableClient, TableServiceClient } from '@azure/data-tables';
import { AzureOperationalStore, type AzureOperationalStoreOptions } from '../../bot/store/azure/azure-operational-store';
import { openAzureOperationalStore } from '../../bot/store/azure/open-azure-operational-store';
import { decodeKey, encodeKey } from '../../bot/store/azure/table-keys';
import { operationalPortsContract } from '../contract/operational.contract';
import { AZURITE_KEY, startAzurite, type RunningAzurite } from '../support/azurite';

jest.setTimeout(60_000);

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

// Table names are case-insensitive letters and digits: a fresh prefix per store keeps tests apart.
const run = randomBytes(3).toString('hex');
let counter = 0;
const freshPrefix = () => `t${run}n${++counter}`;
const open = (prefix = freshPrefix(), options: AzureOperationalStoreOptions = {}) =>
  AzureOperationalStore.open({ connectionString: azurite.connectionString }, prefix, options);
const journalRows = async (prefix: string) => {
  const table = TableClient.fromConnectionString(azurite.connectionString, `${prefix}journal`, { allowInsecureConnection: true });
  const rows = [];
  for await (const row of table.listEntities()) rows.push(row);
  return rows;
};

const T0 = '2026-11-23T00:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
const message = (key: string, notBefore?: string, text: string = key) => ({
  key,
  conversationKey: 'person:p-1',
  payload: { activity: { type: 'message', text } },
  notBefore,
});

describe('Azure Table Storage adapter (Azurite)', () => {
  operationalPortsContract(() => open());
});

describe('AzureOperationalStore specifics', () => {
  const stores: AzureOperationalStore[] = [];
  const tracked = async (store: Promise<AzureOperationalStore>) => {
    const opened = await store;
    stores.push(opened);
    return opened;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  it('lets two app instances race for the same 50 messages: each is claimed exactly once', async () => {
    const prefix = freshPrefix();
    const [a, b] = [await tracked(open(prefix)), await tracked(open(prefix))];
    const keys = Array.from({ length: 50 }, (_, i) => `checkin:2026Q3:A${i}:card`);
    await Promise.all(keys.map((key) => a.outbox.enqueue(message(key, T0))));
    // Each instance sees all 50 due and tries to claim every one, concurrently.
    const passes = await Promise.all(
      [a, b].map(async (instance) => {
        const due = await instance.outbox.listDue(at(1), 100);
        expect(due).toHaveLength(50);
        const claims = await Promise.all(due.map((m) => instance.outbox.claim(m.key, at(1), 60)));
        return claims.filter((c) => c !== undefined).map((c) => ({ instance, claim: c }));
      }),
    );
    const winners = passes.flat();
    expect(winners.map((w) => w.claim.key).sort()).toEqual([...keys].sort());
    expect(await a.outbox.listDue(at(2), 100)).toEqual([]);
    expect(await b.outbox.countByStatus()).toEqual({ pending: 0, sending: 50, sent: 0, failed: 0, dead: 0 });
    // Only the holder may record the outcome, whichever instance asks.
    const results = await Promise.all(
      winners.map(({ instance, claim }) => (instance === a ? b : a).outbox.markSent(claim, `act-${claim.key}`, at(2))),
    );
    expect(results.every(Boolean)).toBe(true);
    expect(await a.outbox.countByStatus()).toEqual({ pending: 0, sending: 0, sent: 50, failed: 0, dead: 0 });
  });

  it('completes, on the next open, a transaction interrupted after its journal was written', async () => {
    const prefix = freshPrefix();
    const crashing = await tracked(
      open(prefix, {
        afterJournalWrite: async () => {
          // Part of it was applied before the "crash": the replay must cope.
          await crashing.outbox.enqueue(message('inquiry:Q-R8-0001:posted', T0, 'posted'));
          throw new Error('process killed');
        },
      }),
    );
    let auditId = 0;
    await expect(
      crashing.transaction(async (tx) => {
        expect(await tx.outbox.enqueue(message('inquiry:Q-R8-0001:posted', T0, 'posted'))).toBe(true);
        expect(await tx.outbox.enqueue(message('inquiry:Q-R8-0001:status', T0, 'status'))).toBe(true);
        auditId = (
          await tx.audit.append({
            actorId: 'p-1',
            action: 'inquiry.submit',
            objectType: 'inquiry',
            objectId: 'Q-R8-0001',
            detail: { to: 'submitted' },
          })
        ).id;
        await tx.conversations.save('channel:19:abc@thread.tacv2', { conversation: { id: '19:abc@thread.tacv2' } });
      }),
    ).rejects.toThrow('process killed');
    expect(await crashing.outbox.get('inquiry:Q-R8-0001:status')).toBeUndefined();
    expect(await crashing.audit.list()).toEqual([]);
    expect((await journalRows(prefix)).length).toBeGreaterThan(0);

    // Another instance starting right away leaves young records alone (their writer may be alive)…
    const early = await tracked(open(prefix));
    expect(await early.outbox.get('inquiry:Q-R8-0001:status')).toBeUndefined();
    // …the next open after the grace period (0 here) completes it.
    const restarted = await tracked(open(prefix, { journalGraceMs: 0 }));
    expect(await restarted.outbox.get('inquiry:Q-R8-0001:status')).toMatchObject({
      status: 'pending',
      payload: { activity: { text: 'status' } },
    });
    expect(await restarted.outbox.get('inquiry:Q-R8-0001:posted')).toMatchObject({ status: 'pending' });
    expect((await restarted.audit.list()).map((e) => [e.id, e.action])).toEqual([[auditId, 'inquiry.submit']]);
    expect(await restarted.conversations.get('channel:19:abc@thread.tacv2')).toEqual({ conversation: { id: '19:abc@thread.tacv2' } });
    expect(await journalRows(prefix)).toEqual([]);
    expect(await restarted.recoverJournal(0)).toEqual({ applied: 0, dropped: 0, failed: [] });
    expect((await restarted.audit.list()).length).toBe(1);
  });

  it('does not let a replayed journal overwrite a conversation reference saved after it', async () => {
    const prefix = freshPrefix();
    const crashing = await tracked(open(prefix, { afterJournalWrite: () => Promise.reject(new Error('killed')) }));
    await expect(crashing.transaction(async (tx) => tx.conversations.save('person:p-1', { v: 'old' }))).rejects.toThrow('killed');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await crashing.conversations.save('person:p-1', { v: 'new' });
    const other = await tracked(open(prefix));
    expect((await other.recoverJournal(0)).applied).toBe(1);
    expect(await other.conversations.get('person:p-1')).toEqual({ v: 'new' });
  });

  it('commits a unit whose only write is one audit entry as that single insert, without the journal', async () => {
    const prefix = freshPrefix();
    let journalWrites = 0;
    const store = await tracked(open(prefix, { afterJournalWrite: () => void (journalWrites += 1) }));
    const entry = {
      actorId: 'p-1',
      action: 'checkin.created',
      objectType: 'checkIn',
      objectId: 'A1-1:2026Q3',
      detail: { revision: 1 },
    };
    const stored = await store.transaction((tx) => tx.audit.append(entry));
    expect(journalWrites).toBe(0);
    expect(await journalRows(prefix)).toEqual([]);
    expect(await store.audit.list()).toEqual([stored]);
    // A unit that fails writes nothing, the single entry included.
    await expect(
      store.transaction(async (tx) => {
        await tx.audit.append({ ...entry, objectId: 'A1-1:2026Q4' });
        throw new Error('validation failed');
      }),
    ).rejects.toThrow('validation failed');
    // Two writes are still one commit through the journal.
    await store.transaction(async (tx) => {
      await tx.audit.append({ ...entry, objectId: 'B1-1:2026Q3' });
      await tx.audit.append({ ...entry, objectId: 'C1-1:2026Q3' });
    });
    expect(journalWrites).toBe(1);
    expect((await store.audit.list()).map((e) => e.objectId).sort()).toEqual(['A1-1:2026Q3', 'B1-1:2026Q3', 'C1-1:2026Q3']);
  });

  it('drops the parts of a journal whose writing never finished', async () => {
    const prefix = freshPrefix();
    const store = await tracked(open(prefix));
    const journal = TableClient.fromConnectionString(azurite.connectionString, `${prefix}journal`, { allowInsecureConnection: true });
    await journal.createEntity({ partitionKey: '2026-11-23T00:00:00.000Z_x', rowKey: 'p0001', writtenAt: '1', ops: '[{"op":"enqueue"' });
    expect(await store.recoverJournal(0)).toEqual({ applied: 0, dropped: 1, failed: [] });
    expect(await journalRows(prefix)).toEqual([]);
  });

  it('round-trips keys with / # ? \\ % ~ quotes, control characters and Japanese', async () => {
    const store = await tracked(open());
    const odd = ["channel:19:a/b#c?d\\e%f~g'h@thread.tacv2", 'person:山田/太郎#1', 'person:tab\there', 'person:~7E'];
    for (const key of odd) expect(decodeKey(encodeKey(key))).toBe(key);
    for (const [i, key] of odd.entries()) await store.conversations.save(key, { i });
    for (const [i, key] of odd.entries()) expect(await store.conversations.get(key)).toEqual({ i });
    expect(await store.conversations.listKeys('person:山田/')).toEqual(['person:山田/太郎#1']);
    expect(await store.conversations.listKeys('channel:19:a/b#')).toEqual([odd[0]]);
    expect((await store.conversations.listKeys()).sort()).toEqual([...odd].sort());
    await store.conversations.delete(odd[1]);
    expect(await store.conversations.get(odd[1])).toBeUndefined();

    const outboxKeys = ['inquiry:Q-R8-0001:posted', 'notice:広報/お知らせ#2?x\\y', "a'b%c~d"];
    for (const key of outboxKeys) expect(await store.outbox.enqueue(message(key, T0))).toBe(true);
    for (const key of outboxKeys) expect(await store.outbox.enqueue(message(key, T0))).toBe(false);
    expect((await store.outbox.listDue(at(1), 10)).map((m) => m.key).sort()).toEqual([...outboxKeys].sort());
    for (const key of outboxKeys) {
      const claim = await store.outbox.claim(key, at(1), 60);
      expect(claim?.key).toBe(key);
      expect(await store.outbox.markDead(claim!, `dead ${key}`)).toBe(true);
    }
    expect((await store.outbox.listDead(10)).map((m) => m.key).sort()).toEqual([...outboxKeys].sort());
  });

  it('stores payloads, references and details larger than one Table property (64 KiB)', async () => {
    const store = await tracked(open());
    const big = '申請書の記載内容を確認してください。'.repeat(4000); // ~68,000 characters
    await store.outbox.enqueue(message('big', T0, big));
    expect((await store.outbox.get('big'))?.payload.activity.text).toBe(big);
    const claim = (await store.outbox.claim('big', at(1), 60))!;
    expect(claim.payload.activity.text).toBe(big);
    expect(await store.outbox.markRetry(claim, 'x', at(2), true)).toBe(true);
    expect((await store.outbox.get('big'))?.payload.activity.text).toBe(big);
    await store.conversations.save('person:p-1', { big });
    expect(JSON.stringify(await store.conversations.get('person:p-1')).length).toBe(JSON.stringify({ big }).length);
    expect((await store.conversations.get('person:p-1'))?.big === big).toBe(true);
    await store.audit.append({ actorId: 'p-1', action: 'x', objectType: 'y', objectId: 'z', detail: { big } });
    expect((await store.audit.list())[0].detail.big === big).toBe(true);
  });

  it('commits a large fan-out transaction (journal in several parts, many batches)', async () => {
    const prefix = freshPrefix();
    const store = await tracked(open(prefix));
    const card = 'カード'.repeat(1000);
    const results = await store.transaction(async (tx) =>
      Promise.all(Array.from({ length: 120 }, (_, i) => tx.outbox.enqueue(message(`checkin:2026Q3:A${i}:card`, T0, `${i}${card}`)))),
    );
    expect(results.every(Boolean)).toBe(true);
    expect((await store.outbox.countByStatus()).pending).toBe(120);
    expect((await store.outbox.get('checkin:2026Q3:A119:card'))?.payload.activity.text).toBe(`119${card}`);
    expect(await journalRows(prefix)).toEqual([]);
    // A transaction that reads its own writes, and one with no writes at all.
    expect(await store.transaction(async (tx) => (await tx.outbox.enqueue(message('k', T0))) && (await tx.outbox.get('k'))?.status)).toBe(
      'pending',
    );
    expect(await store.transaction(async () => 42)).toBe(42);
  });

  it('lists a leased message as due when its lease expires, among the others by time', async () => {
    const store = await tracked(open());
    await store.outbox.enqueue(message('leased', T0));
    await store.outbox.enqueue(message('pending', at(10)));
    await store.outbox.enqueue(message('jst', '2026-11-23T09:00:07+09:00'));
    expect(await store.outbox.claim('leased', '2026-11-23T09:00:00+09:00', 5)).toBeDefined();
    expect((await store.outbox.listDue(at(4), 10)).map((m) => m.key)).toEqual([]);
    expect((await store.outbox.listDue(at(20), 10)).map((m) => m.key)).toEqual(['leased', 'jst', 'pending']);
    expect(await store.outbox.claim('jst', at(6), 5)).toBeUndefined();
  });

  it('keeps only unfinished messages in the due index, so listDue never reads sent ones', async () => {
    const prefix = freshPrefix();
    const store = await tracked(open(prefix));
    for (const key of ['sent-1', 'sent-2', 'dead', 'retry', 'pending']) await store.outbox.enqueue(message(key, T0));
    for (const key of ['sent-1', 'sent-2']) await store.outbox.markSent((await store.outbox.claim(key, at(1), 60))!, null, at(2));
    await store.outbox.markDead((await store.outbox.claim('dead', at(1), 60))!, 'gone');
    await store.outbox.markRetry((await store.outbox.claim('retry', at(1), 60))!, '503', at(30), true);
    await store.outbox.claim('pending', at(1), 60); // now sending, indexed by its lease
    const table = TableClient.fromConnectionString(azurite.connectionString, `${prefix}outbox`, { allowInsecureConnection: true });
    const index: string[] = [];
    for await (const row of table.listEntities<{ key: string; status: string }>())
      if (!row.rowKey!.startsWith('m|')) index.push(`${row.rowKey!.slice(0, 2)}${row.key}:${row.status}`);
    expect(index.sort()).toEqual(['d|pending:sending', 'd|retry:failed', 'x|dead:dead']);
    expect((await store.outbox.listDue(at(61), 10)).map((m) => m.key)).toEqual(['retry', 'pending']);
  });

  it('lists dead messages newest first', async () => {
    const store = await tracked(open());
    for (const [key, second] of [
      ['first', 1],
      ['second', 2],
    ] as const) {
      await store.outbox.enqueue(message(key, T0));
      await store.outbox.markDead((await store.outbox.claim(key, at(second), 60))!, key);
    }
    expect((await store.outbox.listDead(10)).map((m) => m.key)).toEqual(['second', 'first']);
    expect((await store.outbox.listDead(1)).map((m) => m.key)).toEqual(['second']);
  });

  it('gives audit entries unique, increasing ids across instances, and filters on many actions', async () => {
    const prefix = freshPrefix();
    const [a, b] = [await tracked(open(prefix)), await tracked(open(prefix))];
    const actions = Array.from({ length: 16 }, (_, i) => `action.${i}`);
    const appended = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? a : b).audit.append({
          actorId: `p-${i % 3}`,
          action: actions[i % 16],
          objectType: 'inquiry',
          objectId: `Q-${i}`,
          detail: { i },
        }),
      ),
    );
    expect(new Set(appended.map((e) => e.id)).size).toBe(40);
    for (const e of appended) expect(Number.isSafeInteger(e.id)).toBe(true);
    const listed = await a.audit.list({ limit: 1000 });
    expect(listed.map((e) => e.id)).toEqual(appended.map((e) => e.id).sort((x, y) => y - x));
    const later = await b.audit.append({ actorId: 'p-9', action: 'late', objectType: 'x', objectId: 'y', detail: {} });
    expect(later.id).toBeGreaterThan(Math.max(...appended.map((e) => e.id)));
    // 16 actions + 2 equality conditions exceed the service's 15 comparisons: matched locally.
    const many = await a.audit.list({ actions: actions.slice(0, 15), objectType: 'inquiry', actorId: 'p-0', limit: 3 });
    const expected = appended
      .filter((e) => actions.slice(0, 15).includes(e.action) && e.actorId === 'p-0')
      .sort((x, y) => y.id - x.id)
      .slice(0, 3);
    expect(many.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(await a.audit.list({ limit: 0 })).toHaveLength(1);
  });

  it('reports health with the account name and never the key; close is safe twice', async () => {
    const store = await open();
    const health = await store.health();
    expect(health.reachable).toBe(true);
    expect(health.detail).toContain('devstoreaccount1');
    expect(health.detail).not.toContain(AZURITE_KEY.slice(0, 10));
    await store.close();
    await store.close();
    expect((await store.health()).reachable).toBe(false);
  });

  it('opens from environment settings (connection string), and reports missing tables as unreachable', async () => {
    const prefix = freshPrefix();
    const store = await tracked(openAzureOperationalStore({ connectionString: azurite.connectionString, tablePrefix: prefix }));
    expect((await store.health()).reachable).toBe(true);
    await expect(openAzureOperationalStore({})).rejects.toThrow('connection string or an account URL');
    await TableServiceClient.fromConnectionString(azurite.connectionString, { allowInsecureConnection: true }).deleteTable(
      `${prefix}journal`,
    );
    expect(await store.health()).toMatchObject({ reachable: false, detail: expect.stringContaining('404') });
  });
});
