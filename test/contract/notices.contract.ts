import type { Notice, NoticeSection } from '../../bot/notices/model';
import { ConcurrencyConflictError, DuplicateRecordError } from '../../bot/store/ports';
import { make, withFreshStore, type StoreFactory } from './fixtures';

const confirmed = (departmentId: string, by: string, at: string): NoticeSection => ({
  departmentId,
  status: 'confirmed',
  confirmedBy: by,
  confirmedAt: at,
});

export function noticeContract(factory: StoreFactory) {
  describe('NoticeStore', () => {
    const store = withFreshStore(factory);
    const ids = async (filter?: Parameters<ReturnType<typeof store>['notices']['list']>[0]) =>
      (await store().notices.list(filter)).map((n) => n.id);

    it('numbers notices per fiscal year without reuse', async () => {
      expect(await store().notices.allocateId(2026)).toBe('N-R8-0001');
      expect(await store().notices.allocateId(2026)).toBe('N-R8-0002');
      expect(await store().notices.allocateId(2027)).toBe('N-R9-0001');
      expect(await store().notices.allocateId(2026)).toBe('N-R8-0003');
      // Inquiries count on their own.
      expect(await store().inquiries.allocateNumber(2026)).toBe('Q-R8-0001');
      expect(await store().notices.allocateId(2026)).toBe('N-R8-0004');
    });

    it('hands out distinct ids to concurrent requests', async () => {
      const allocated = await Promise.all(Array.from({ length: 20 }, () => store().notices.allocateId(2026)));
      expect(new Set(allocated).size).toBe(20);
      expect(allocated.sort().at(-1)).toBe('N-R8-0020');
    });

    it('keeps Japanese text, a long body, the sections and the history exactly as written', async () => {
      const body = [
        ...`【制度改正】「軽減判定」の基準額を改めます。\n\n${'第三子以降の保険料は、世帯の所得に応じて二割・五割・七割を軽減します。🌸 "引用" と \\ も\n'.repeat(200)}`,
      ]
        .slice(0, 8000)
        .join('');
      const sections = Array.from({ length: 60 }, (_, i): NoticeSection =>
        i % 3 === 0
          ? confirmed(`ward-${i}-hoken-nenkin`, `p-${i}`, `2026-12-0${(i % 7) + 1}T0${i % 10}:30:00.000Z`)
          : {
              departmentId: `ward-${i}-hoken-nenkin`,
              status: i % 3 === 1 ? 'pending' : 'unreachable',
              confirmedBy: null,
              confirmedAt: null,
            },
      );
      const notice = make.notice({
        body,
        sections,
        revision: 3,
        audience: { wardSections: sections.map((s) => s.departmentId) },
        effectiveOn: null,
        supersedesRulingIds: ['R-0001'],
        returnComment: '文言を直しました',
        history: [
          {
            revision: 1,
            title: '旧い件名（第1版）',
            body: '最初の本文',
            correctedBy: 'p-1',
            correctedAt: '2026-12-03T02:00:00.000Z',
            sections: [confirmed('ward-0-hoken-nenkin', 'p-0', '2026-12-02T00:00:00.000Z')],
          },
          {
            revision: 2,
            title: '旧い件名（第2版）',
            body: '二度目の本文',
            correctedBy: 'p-2',
            correctedAt: '2026-12-05T02:00:00.000Z',
            sections: [],
          },
        ],
      });
      expect([...notice.body].length).toBe(8000);
      await store().notices.insert(notice);
      expect(await store().notices.get(notice.id)).toEqual(notice);
      expect(await store().notices.get('N-R8-0999')).toBeUndefined();
      const allWards = make.notice({
        id: 'N-R8-0002',
        requestId: 'req-0002',
        audience: { allWards: true },
        status: 'awaitingApproval',
        approvedBy: null,
        sentAt: null,
      });
      await store().notices.insert(allWards);
      expect(await store().notices.get('N-R8-0002')).toEqual(allWards);
    });

    it('refuses a second notice with the same id', async () => {
      await store().notices.insert(make.notice());
      await expect(store().notices.insert(make.notice({ title: '別件', requestId: 'req-other' }))).rejects.toBeInstanceOf(
        DuplicateRecordError,
      );
      expect((await store().notices.get('N-R8-0001'))?.title).toBe('国民健康保険料の軽減判定の見直し');
    });

    it('finds a notice by its sender and requestId, and refuses a second one from the same request', async () => {
      await store().notices.insert(make.notice());
      expect((await store().notices.findByRequest('p-1', 'req-0001'))?.id).toBe('N-R8-0001');
      expect(await store().notices.findByRequest('p-2', 'req-0001')).toBeUndefined();
      expect(await store().notices.findByRequest('p-1', 'req-9999')).toBeUndefined();
      await expect(store().notices.insert(make.notice({ id: 'N-R8-0002' }))).rejects.toBeInstanceOf(DuplicateRecordError);
      expect(await store().notices.get('N-R8-0002')).toBeUndefined();
      // Another sender may use the same requestId.
      await store().notices.insert(make.notice({ id: 'N-R8-0003', senderId: 'p-2' }));
      expect((await store().notices.findByRequest('p-2', 'req-0001'))?.id).toBe('N-R8-0003');
    });

    it('updates only from the version the caller read (optimistic concurrency)', async () => {
      const original = make.notice();
      await store().notices.insert(original);
      const kita: Notice = {
        ...original,
        sections: [confirmed('ward-kita-hoken-nenkin', 'p-11', '2026-12-08T00:00:00.000Z'), original.sections[1]],
        updatedAt: '2026-12-08T00:00:00.000Z',
      };
      await store().notices.update(kita, original.updatedAt);
      expect(await store().notices.get(original.id)).toEqual(kita);
      const stale: Notice = {
        ...original,
        sections: [original.sections[0], confirmed('ward-minami-hoken-nenkin', 'p-21', '2026-12-08T00:00:01.000Z')],
        updatedAt: '2026-12-08T00:00:01.000Z',
      };
      await expect(store().notices.update(stale, original.updatedAt)).rejects.toBeInstanceOf(ConcurrencyConflictError);
      expect(await store().notices.get(original.id)).toEqual(kita);
      await expect(store().notices.update(make.notice({ id: 'N-R8-0999' }), original.updatedAt)).rejects.toBeInstanceOf(
        ConcurrencyConflictError,
      );
      expect(await store().notices.get('N-R8-0999')).toBeUndefined();
    });

    it('lets exactly one of two sections confirming from the same read save; the other conflicts', async () => {
      const original = make.notice();
      await store().notices.insert(original);
      const kita: Notice = {
        ...original,
        sections: [confirmed('ward-kita-hoken-nenkin', 'p-11', '2026-12-08T00:00:00.000Z'), original.sections[1]],
        updatedAt: '2026-12-08T00:00:00.000Z',
      };
      const minami: Notice = {
        ...original,
        sections: [original.sections[0], confirmed('ward-minami-hoken-nenkin', 'p-21', '2026-12-08T00:00:00.001Z')],
        updatedAt: '2026-12-08T00:00:00.001Z',
      };
      const results = await Promise.allSettled([
        store().notices.update(kita, original.updatedAt),
        store().notices.update(minami, original.updatedAt),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(refused?.reason).toBeInstanceOf(ConcurrencyConflictError);
      const saved = results[0].status === 'fulfilled' ? kita : minami;
      expect(await store().notices.get(original.id)).toEqual(saved);
    });

    it('lists newest first and filters by sender department, audience section, year and status', async () => {
      const section = (departmentId: string): NoticeSection => ({ departmentId, status: 'pending', confirmedBy: null, confirmedAt: null });
      await store().notices.insert(make.notice());
      await store().notices.insert(
        make.notice({
          id: 'N-R8-0002',
          requestId: 'r2',
          createdAt: '2026-12-08T01:00:00.000Z',
          senderDepartmentId: 'hq-shimin',
          sections: [section('ward-kita-shimin')],
          status: 'awaitingApproval',
        }),
      );
      await store().notices.insert(
        make.notice({
          id: 'N-R7-0001',
          requestId: 'r3',
          fiscalYear: 2025,
          createdAt: '2025-06-01T01:00:00.000Z',
          sections: [section('ward-kita-hoken-nenkin')],
        }),
      );
      // Same moment: the higher id is the newer.
      await store().notices.insert(
        make.notice({
          id: 'N-R8-0003',
          requestId: 'r4',
          createdAt: '2026-12-08T01:00:00.000Z',
          sections: [section('ward-minami-hoken-nenkin'), section('ward-kita-shimin')],
        }),
      );
      expect(await ids()).toEqual(['N-R8-0003', 'N-R8-0002', 'N-R8-0001', 'N-R7-0001']);
      expect(await ids({ senderDepartmentId: 'hq-hoken-nenkin' })).toEqual(['N-R8-0003', 'N-R8-0001', 'N-R7-0001']);
      expect(await ids({ sectionId: 'ward-kita-hoken-nenkin' })).toEqual(['N-R8-0001', 'N-R7-0001']);
      expect(await ids({ sectionId: 'ward-kita-shimin' })).toEqual(['N-R8-0003', 'N-R8-0002']);
      expect(await ids({ sectionId: 'ward-nowhere' })).toEqual([]);
      expect(await ids({ fiscalYear: 2026 })).toEqual(['N-R8-0003', 'N-R8-0002', 'N-R8-0001']);
      expect(await ids({ status: 'awaitingApproval' })).toEqual(['N-R8-0002']);
      expect(
        await ids({ senderDepartmentId: 'hq-hoken-nenkin', sectionId: 'ward-minami-hoken-nenkin', fiscalYear: 2026, status: 'sent' }),
      ).toEqual(['N-R8-0003', 'N-R8-0001']);
    });
  });
}
