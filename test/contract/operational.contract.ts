import { findCandidates } from '../../bot/rulings/search/candidates';
import type { OperationalStore } from '../../bot/store/ports';
import { make, withFreshStore, type StoreFactory } from './fixtures';

/**
 * The ports an operational store (outbox, conversation references, audit log) must honour on
 * its own: the SQLite file, Azure Table Storage, and every full Store.
 */
export function operationalPortsContract(factory: () => Promise<OperationalStore>) {
  describe('ConversationReferenceStore', () => {
    const store = withFreshStore(factory);

    it('saves, replaces, lists by prefix and deletes references', async () => {
      const reference = {
        serviceUrl: 'https://smba.trafficmanager.net/jp/',
        conversation: { id: 'a:1', conversationType: 'personal' },
        user: { id: '29:1' },
      };
      await store().conversations.save('person:p-1', reference);
      await store().conversations.save('person:p-2', { ...reference, conversation: { id: 'a:2' } });
      await store().conversations.save('channel:19:x@thread.tacv2', { conversation: { id: '19:x@thread.tacv2' } });
      await store().conversations.save('person:p-1', { ...reference, serviceUrl: 'https://smba.trafficmanager.net/apac/' });
      expect(await store().conversations.get('person:p-1')).toEqual({ ...reference, serviceUrl: 'https://smba.trafficmanager.net/apac/' });
      expect(await store().conversations.listKeys('person:')).toEqual(['person:p-1', 'person:p-2']);
      expect(await store().conversations.listKeys('person:p-1%')).toEqual([]);
      await store().conversations.delete('person:p-2');
      expect(await store().conversations.get('person:p-2')).toBeUndefined();
      expect(await store().conversations.listKeys()).toEqual(['channel:19:x@thread.tacv2', 'person:p-1']);
    });
  });

  describe('OutboxStore', () => {
    const store = withFreshStore(factory);
    const message = (key: string, notBefore?: string) => ({
      key,
      conversationKey: 'person:p-1',
      payload: { activity: { type: 'message', text: key } },
      notBefore,
    });
    const T0 = '2026-11-23T00:00:00.000Z';
    const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

    it('ignores a second enqueue of the same key', async () => {
      expect(await store().outbox.enqueue(message('checkin:2026Q3:A1-1'))).toBe(true);
      expect(await store().outbox.enqueue({ ...message('checkin:2026Q3:A1-1'), payload: { activity: { text: 'changed' } } })).toBe(false);
      expect((await store().outbox.get('checkin:2026Q3:A1-1'))?.payload).toEqual({
        activity: { type: 'message', text: 'checkin:2026Q3:A1-1' },
      });
      expect((await store().outbox.countByStatus()).pending).toBe(1);
    });

    it('lists due messages oldest first, without those scheduled later, and without claiming', async () => {
      await store().outbox.enqueue(message('b', at(2)));
      await store().outbox.enqueue(message('a', at(1)));
      await store().outbox.enqueue(message('later', at(86400)));
      expect(await store().outbox.listDue(at(3600), 10)).toEqual([
        { key: 'a', conversationKey: 'person:p-1' },
        { key: 'b', conversationKey: 'person:p-1' },
      ]);
      expect((await store().outbox.listDue(at(3600), 1)).map((m) => m.key)).toEqual(['a']);
      expect((await store().outbox.countByStatus()).pending).toBe(3);
    });

    it('lets exactly one of several concurrent claimers take a message', async () => {
      await store().outbox.enqueue(message('a', T0));
      const claims = await Promise.all(Array.from({ length: 5 }, () => store().outbox.claim('a', at(1), 60)));
      const winners = claims.filter((c) => c !== undefined);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toMatchObject({ key: 'a', status: 'sending', payload: { activity: { text: 'a' } } });
      expect(winners[0]?.claimToken).toEqual(expect.any(String));
      expect(await store().outbox.listDue(at(2), 10)).toEqual([]);
      expect(await store().outbox.claim('later-key-that-does-not-exist', at(1), 60)).toBeUndefined();
    });

    it('does not claim a message before it is due', async () => {
      await store().outbox.enqueue(message('a', at(10)));
      expect(await store().outbox.claim('a', at(9), 60)).toBeUndefined();
      expect(await store().outbox.claim('a', at(10), 60)).toBeDefined();
    });

    it('reclaims a message whose sender died (lease expired), and the old claim can no longer record anything', async () => {
      await store().outbox.enqueue(message('a', T0));
      const first = await store().outbox.claim('a', T0, 60);
      expect(await store().outbox.claim('a', at(59), 60)).toBeUndefined();
      expect((await store().outbox.listDue(at(61), 10)).map((m) => m.key)).toEqual(['a']);
      const second = await store().outbox.claim('a', at(61), 60);
      expect(second).toBeDefined();
      expect(await store().outbox.markSent(first!, 'stale', at(62))).toBe(false);
      expect(await store().outbox.markSent(second!, 'activity-2', at(62))).toBe(true);
      expect(await store().outbox.get('a')).toMatchObject({ status: 'sent', sentActivityId: 'activity-2' });
    });

    it('records sending, retries (throttling not counted) and giving up', async () => {
      await store().outbox.enqueue(message('a', T0));
      await store().outbox.enqueue(message('b', T0));
      const a = (await store().outbox.claim('a', T0, 60))!;
      let b = (await store().outbox.claim('b', T0, 60))!;
      expect(await store().outbox.markSent(a, 'activity-1', at(1))).toBe(true);
      expect(await store().outbox.markRetry(b, '429 Too Many Requests', at(5), false)).toBe(true);
      expect(await store().outbox.get('a')).toMatchObject({ status: 'sent', sentActivityId: 'activity-1', sentAt: at(1), lastError: null });
      expect(await store().outbox.get('b')).toMatchObject({
        status: 'failed',
        attempts: 0,
        lastError: '429 Too Many Requests',
        nextAttemptAt: at(5),
      });
      expect(await store().outbox.claim('b', at(4), 60)).toBeUndefined();
      b = (await store().outbox.claim('b', at(5), 60))!;
      expect(await store().outbox.markRetry(b, '503 Service Unavailable', at(7), true)).toBe(true);
      expect((await store().outbox.get('b'))?.attempts).toBe(1);
      b = (await store().outbox.claim('b', at(7), 60))!;
      expect(await store().outbox.markDead(b, '403 アプリがアンインストールされています')).toBe(true);
      expect(await store().outbox.get('b')).toMatchObject({
        status: 'dead',
        attempts: 2,
        lastError: '403 アプリがアンインストールされています',
      });
      expect(await store().outbox.countByStatus()).toEqual({ pending: 0, sending: 0, sent: 1, failed: 0, dead: 1 });
      expect((await store().outbox.listDead(10)).map((m) => [m.key, m.lastError])).toEqual([
        ['b', '403 アプリがアンインストールされています'],
      ]);
      expect(await store().outbox.markSent({ key: 'missing', claimToken: 'x' }, null, at(8))).toBe(false);
      expect(await store().outbox.markSent(b, 'again', at(8))).toBe(false);
    });

    it('compares times correctly whatever offset the caller writes them in', async () => {
      await store().outbox.enqueue(message('jst', '2026-11-23T09:00:00+09:00'));
      expect(await store().outbox.listDue('2026-11-22T23:59:59.000Z', 10)).toEqual([]);
      expect((await store().outbox.listDue('2026-11-23T00:00:00.000Z', 10)).map((m) => m.key)).toEqual(['jst']);
    });
  });

  describe('AuditLogStore', () => {
    const store = withFreshStore(factory);

    it('appends entries and lists them newest first with filters and a limit', async () => {
      const first = await store().audit.append({
        actorId: 'p-1',
        action: 'inquiry.claim',
        objectType: 'inquiry',
        objectId: 'Q-R8-0001',
        detail: { from: 'open' },
      });
      await store().audit.append({ actorId: 'p-2', action: 'inquiry.approve', objectType: 'inquiry', objectId: 'Q-R8-0001', detail: {} });
      await store().audit.append({
        actorId: 'p-1',
        action: 'checkin.submit',
        objectType: 'initiative',
        objectId: 'A1-1',
        detail: { quarter: 'R8年度 Q3' },
        at: '2026-11-20T00:00:00.000Z',
      });
      expect(first).toMatchObject({ actorId: 'p-1', detail: { from: 'open' } });
      expect(Date.parse(first.at)).not.toBeNaN();
      expect((await store().audit.list({ objectType: 'inquiry', objectId: 'Q-R8-0001' })).map((e) => e.action)).toEqual([
        'inquiry.approve',
        'inquiry.claim',
      ]);
      expect((await store().audit.list({ actorId: 'p-1', limit: 1 })).map((e) => e.action)).toEqual(['checkin.submit']);
      expect((await store().audit.list())[0].at).toBe('2026-11-20T00:00:00.000Z');
      expect((await store().audit.list({ actions: ['inquiry.claim', 'checkin.submit'] })).map((e) => e.action)).toEqual([
        'checkin.submit',
        'inquiry.claim',
      ]);
      expect(await store().audit.list({ actions: [] })).toEqual([]);
    });
  });

  describe('operational transactions', () => {
    const store = withFreshStore(factory);

    it('keeps every write of a transaction together, and none of a failed one', async () => {
      await store().transaction(async (tx) => {
        await tx.outbox.enqueue({ key: 'k1', conversationKey: 'person:p-1', payload: { activity: { text: '1' } } });
        await tx.audit.append({ actorId: 'p-1', action: 'checkin.submit', objectType: 'initiative', objectId: 'A1-1', detail: {} });
        await tx.conversations.save('person:p-1', { conversation: { id: 'a:1' } });
      });
      await expect(
        store().transaction(async (tx) => {
          await tx.outbox.enqueue({ key: 'k2', conversationKey: 'person:p-1', payload: { activity: { text: '2' } } });
          await tx.audit.append({ actorId: 'p-1', action: 'inquiry.claim', objectType: 'inquiry', objectId: 'Q-R8-0001', detail: {} });
          throw new Error('Teams に投稿できませんでした');
        }),
      ).rejects.toThrow('Teams に投稿できませんでした');
      expect(await store().outbox.get('k1')).toBeDefined();
      expect(await store().outbox.get('k2')).toBeUndefined();
      expect((await store().audit.list()).map((e) => e.action)).toEqual(['checkin.submit']);
      expect(await store().conversations.get('person:p-1')).toEqual({ conversation: { id: 'a:1' } });
    });

    it('tells, inside a transaction, whether an enqueue was new', async () => {
      await store().outbox.enqueue({ key: 'k1', conversationKey: 'person:p-1', payload: { activity: {} } });
      const results = await store().transaction(async (tx) => [
        await tx.outbox.enqueue({ key: 'k1', conversationKey: 'person:p-1', payload: { activity: {} } }),
        await tx.outbox.enqueue({ key: 'k2', conversationKey: 'person:p-1', payload: { activity: {} } }),
      ]);
      expect(results).toEqual([false, true]);
      expect((await store().outbox.countByStatus()).pending).toBe(2);
    });

    it('lets the work read its own writes inside a transaction', async () => {
      await store().conversations.save('person:p-1', { conversation: { id: 'a:1' } });
      await store().conversations.save('person:p-2', { conversation: { id: 'a:2' } });
      const seen = await store().transaction(async (tx) => {
        await tx.outbox.enqueue({
          key: 'inquiry:Q-R8-0001:posted',
          conversationKey: 'channel:x',
          payload: { activity: { text: 'posted' } },
        });
        await tx.conversations.save('person:p-3', { conversation: { id: 'a:3' } });
        await tx.conversations.delete('person:p-1');
        return {
          message: await tx.outbox.get('inquiry:Q-R8-0001:posted'),
          keys: await tx.conversations.listKeys('person:'),
          deleted: await tx.conversations.get('person:p-1'),
          saved: await tx.conversations.get('person:p-3'),
        };
      });
      expect(seen.message).toMatchObject({ key: 'inquiry:Q-R8-0001:posted', status: 'pending', payload: { activity: { text: 'posted' } } });
      expect(seen.keys).toEqual(['person:p-2', 'person:p-3']);
      expect(seen.deleted).toBeUndefined();
      expect(seen.saved).toEqual({ conversation: { id: 'a:3' } });
      expect(await store().conversations.listKeys()).toEqual(['person:p-2', 'person:p-3']);
    });

    it('clear() empties the outbox, references and audit log', async () => {
      await store().outbox.enqueue({ key: 'k', conversationKey: 'c', payload: { activity: {} } });
      await store().conversations.save('person:p-1', { conversation: { id: 'a:1' } });
      await store().audit.append({ actorId: 'p-1', action: 'x', objectType: 'y', objectId: 'z', detail: {} });
      await store().clear();
      expect(await store().outbox.get('k')).toBeUndefined();
      expect(await store().conversations.listKeys()).toEqual([]);
      expect(await store().audit.list()).toEqual([]);
    });

    it('reports itself reachable', async () => {
      expect((await store().health()).reachable).toBe(true);
    });
  });
}

/** A full store's transactions span the city's records and the operational state. */
export function operationalContract(factory: StoreFactory) {
  operationalPortsContract(factory);

  describe('transactions', () => {
    const store = withFreshStore(factory);

    it('commits a domain change and the outbox message it causes together', async () => {
      await store().transaction(async (tx) => {
        await tx.inquiries.insert(make.inquiry());
        await tx.outbox.enqueue({ key: 'inquiry:Q-R8-0001:posted', conversationKey: 'channel:x', payload: { activity: {} } });
      });
      expect(await store().inquiries.get('Q-R8-0001')).toBeDefined();
      expect(await store().outbox.get('inquiry:Q-R8-0001:posted')).toBeDefined();
    });

    it('rolls back every write when the work fails, and the store stays usable', async () => {
      await expect(
        store().transaction(async (tx) => {
          await tx.inquiries.insert(make.inquiry());
          await tx.outbox.enqueue({ key: 'inquiry:Q-R8-0001:posted', conversationKey: 'channel:x', payload: { activity: {} } });
          throw new Error('Teams に投稿できませんでした');
        }),
      ).rejects.toThrow('Teams に投稿できませんでした');
      expect(await store().inquiries.get('Q-R8-0001')).toBeUndefined();
      expect(await store().outbox.get('inquiry:Q-R8-0001:posted')).toBeUndefined();
      await store().rulings.upsert(make.ruling());
      expect(await store().rulings.get('R-0001')).toBeDefined();
    });

    it('keeps writes made outside a transaction out of a concurrent one that rolls back', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const failing = store().transaction(async (tx) => {
        await tx.rulings.upsert(make.ruling({ id: 'R-in-tx' }));
        await gate;
        throw new Error('rollback');
      });
      const outside = store().rulings.upsert(make.ruling({ id: 'R-outside' }));
      release();
      await expect(failing).rejects.toThrow('rollback');
      await outside;
      expect(await store().rulings.get('R-outside')).toBeDefined();
      expect(await store().rulings.get('R-in-tx')).toBeUndefined();
    });

    it('clear() empties every aggregate', async () => {
      await store().departments.upsert(make.department());
      await store().rulings.upsert(make.ruling());
      await store().outbox.enqueue({ key: 'k', conversationKey: 'c', payload: { activity: {} } });
      await store().inquiries.allocateNumber(2026);
      await store().clear();
      expect(await store().departments.list()).toEqual([]);
      expect(await store().rulings.list()).toEqual([]);
      expect(await findCandidates(store().rulings, [['退職']], {}, 10)).toEqual([]);
      expect(await store().outbox.get('k')).toBeUndefined();
      expect(await store().inquiries.allocateNumber(2026)).toBe('Q-R8-0001');
    });

    it('reports itself reachable', async () => {
      expect((await store().health()).reachable).toBe(true);
    });
  });
}
