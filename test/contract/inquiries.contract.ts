import { ConcurrencyConflictError } from '../../bot/store/ports';
import { make, withFreshStore, type StoreFactory } from './fixtures';

export function inquiryContract(factory: StoreFactory) {
  describe('InquiryStore', () => {
    const store = withFreshStore(factory);

    it('numbers inquiries per fiscal year without reuse', async () => {
      expect(await store().inquiries.allocateNumber(2026)).toBe('Q-R8-0001');
      expect(await store().inquiries.allocateNumber(2026)).toBe('Q-R8-0002');
      expect(await store().inquiries.allocateNumber(2027)).toBe('Q-R9-0001');
      expect(await store().inquiries.allocateNumber(2019)).toBe('Q-R1-0001');
      expect(await store().inquiries.allocateNumber(2026)).toBe('Q-R8-0003');
    });

    it('hands out distinct numbers to concurrent requests', async () => {
      const numbers = await Promise.all(Array.from({ length: 25 }, () => store().inquiries.allocateNumber(2026)));
      expect(new Set(numbers).size).toBe(25);
      expect(numbers.sort().at(-1)).toBe('Q-R8-0025');
    });

    it('refuses a second inquiry with the same number', async () => {
      await store().inquiries.insert(make.inquiry());
      await expect(store().inquiries.insert(make.inquiry({ subject: '別件' }))).rejects.toThrow('Q-R8-0001');
      expect((await store().inquiries.get('Q-R8-0001'))?.subject).toBe('資格取得日の扱い');
    });

    it('updates only from the version the caller read (optimistic concurrency)', async () => {
      const original = make.inquiry();
      await store().inquiries.insert(original);
      const claimed = { ...original, status: 'claimed' as const, assigneeId: 'p-2', updatedAt: '2026-11-20T02:00:00.000Z' };
      await store().inquiries.update(claimed, original.updatedAt);
      const stale = { ...original, status: 'withdrawn' as const, updatedAt: '2026-11-20T03:00:00.000Z' };
      await expect(store().inquiries.update(stale, original.updatedAt)).rejects.toBeInstanceOf(ConcurrencyConflictError);
      expect(await store().inquiries.get(original.number)).toEqual(claimed);
      await expect(store().inquiries.update(make.inquiry({ number: 'Q-R8-0999' }), original.updatedAt)).rejects.toBeInstanceOf(
        ConcurrencyConflictError,
      );
    });

    it('keeps an answer’s citation and the draft’s as part of the record (同様の照会・判断事例)', async () => {
      const original = make.inquiry({ status: 'claimed', assigneeId: 'p-2' });
      await store().inquiries.insert(original);
      const citation = { kind: 'ruling' as const, id: 'R-0006', title: '住所地特例「施設」の扱い' };
      const answered = {
        ...original,
        status: 'answered' as const,
        draft: {
          text: '同じ取扱いです。',
          shareWithAllWards: false,
          ruling: null,
          citation,
          draftedBy: 'p-2',
          draftedAt: '2026-11-20T02:00:00.000Z',
        },
        answer: { text: '同じ取扱いです。', answeredBy: 'p-2', approvedBy: null, answeredAt: '2026-11-20T02:00:00.000Z', citation },
        updatedAt: '2026-11-20T02:00:00.000Z',
      };
      await store().inquiries.update(answered, original.updatedAt);
      expect(await store().inquiries.get(original.number)).toEqual(answered);
      expect((await store().inquiries.list({ status: 'answered' }))[0]?.answer?.citation).toEqual(citation);
    });

    it('lists newest first and filters by department, asker, status and year', async () => {
      await store().inquiries.insert(make.inquiry());
      await store().inquiries.insert(
        make.inquiry({ number: 'Q-R8-0002', createdAt: '2026-11-21T01:00:00.000Z', status: 'claimed', targetDepartmentId: 'hq-kaigo' }),
      );
      await store().inquiries.insert(
        make.inquiry({ number: 'Q-R7-0001', fiscalYear: 2025, askerId: 'p-9', createdAt: '2025-06-01T01:00:00.000Z' }),
      );
      expect((await store().inquiries.list()).map((i) => i.number)).toEqual(['Q-R8-0002', 'Q-R8-0001', 'Q-R7-0001']);
      expect((await store().inquiries.list({ targetDepartmentId: 'hq-hoken-nenkin' })).map((i) => i.number)).toEqual([
        'Q-R8-0001',
        'Q-R7-0001',
      ]);
      expect((await store().inquiries.list({ status: 'claimed' })).map((i) => i.number)).toEqual(['Q-R8-0002']);
      expect((await store().inquiries.list({ askerId: 'p-9' })).map((i) => i.number)).toEqual(['Q-R7-0001']);
      expect((await store().inquiries.list({ fiscalYear: 2026 })).map((i) => i.number)).toEqual(['Q-R8-0002', 'Q-R8-0001']);
    });
  });
}
