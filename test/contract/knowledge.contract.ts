import { findCandidates } from '../../bot/rulings/search/candidates';
import { normalizeForSearch, searchTokens } from '../../bot/rulings/search/normalize';
import { make, withFreshStore, type StoreFactory } from './fixtures';

export function knowledgeContract(factory: StoreFactory) {
  describe('RulingStore and ManualStore', () => {
    const store = withFreshStore(factory);

    it('re-imports a ruling by id and keeps text, tags and supersession intact', async () => {
      const hostile = make.ruling({
        id: 'R-0002',
        title: '=HYPERLINK("http://x") 第３子\u0000の扱い',
        tags: ['児手', "O'Brien", '"quoted"'],
        publishedAt: '2026-01-10',
      });
      await store().rulings.upsert(make.ruling());
      await store().rulings.upsert(hostile);
      await store().rulings.upsert(make.ruling({ status: 'superseded', supersededBy: 'R-0002' }));
      expect(await store().rulings.get('R-0002')).toEqual(hostile);
      expect(await store().rulings.get('R-0001')).toMatchObject({ status: 'superseded', supersededBy: 'R-0002' });
      expect((await store().rulings.list()).map((r) => r.id)).toEqual(['R-0002', 'R-0001']);
    });

    it('filters rulings by department, category and status', async () => {
      await store().rulings.upsert(make.ruling());
      await store().rulings.upsert(make.ruling({ id: 'R-0002', department: '介護保険課', category: '介護保険' }));
      await store().rulings.upsert(make.ruling({ id: 'R-0003', status: 'superseded', supersededBy: 'R-0001' }));
      expect((await store().rulings.list({ department: '介護保険課' })).map((r) => r.id)).toEqual(['R-0002']);
      expect((await store().rulings.list({ category: '国民健康保険', status: 'current' })).map((r) => r.id)).toEqual(['R-0001']);
      expect((await store().rulings.list({ status: 'superseded' })).map((r) => r.id)).toEqual(['R-0003']);
    });

    it('finds the rulings a ruling superseded', async () => {
      await store().rulings.upsert(make.ruling({ id: 'R-new' }));
      await store().rulings.upsert(make.ruling({ id: 'R-old-2', status: 'superseded', supersededBy: 'R-new', publishedAt: '2024-01-01' }));
      await store().rulings.upsert(make.ruling({ id: 'R-old-1', status: 'superseded', supersededBy: 'R-new', publishedAt: '2023-01-01' }));
      expect((await store().rulings.predecessors('R-new')).map((r) => r.id)).toEqual(['R-old-1', 'R-old-2']);
      expect(await store().rulings.predecessors('R-old-1')).toEqual([]);
    });

    it('offers facets (年度 from April) and limits a listing', async () => {
      await store().rulings.upsert(
        make.ruling({ id: 'R-1', publishedAt: '2026-03-31', department: '保険年金課', category: '国民健康保険' }),
      );
      await store().rulings.upsert(make.ruling({ id: 'R-2', publishedAt: '2026-04-01', department: '介護保険課', category: '介護保険' }));
      await store().rulings.upsert(
        make.ruling({ id: 'R-3', publishedAt: '2026-05-01', department: '保険年金課', category: '国民健康保険' }),
      );
      expect(await store().rulings.facets()).toEqual({
        departments: ['介護保険課', '保険年金課'],
        categories: ['介護保険', '国民健康保険'],
        fiscalYears: [2026, 2025],
      });
      expect((await store().rulings.list({}, 2)).map((r) => r.id)).toEqual(['R-3', 'R-2']);
      expect((await store().rulings.list({ fiscalYear: 2025 })).map((r) => r.id)).toEqual(['R-1']);
    });

    it('finds rulings by index tokens, title above body, within filters', async () => {
      await store().rulings.upsert(make.ruling({ id: 'R-title', title: '自動車の保有', question: 'その他', answer: 'その他' }));
      await store().rulings.upsert(make.ruling({ id: 'R-body', title: 'その他の取扱い', question: '自動車について', answer: 'その他' }));
      await store().rulings.upsert(make.ruling({ id: 'R-old', title: '自動車の保有', status: 'superseded', supersededBy: 'R-title' }));
      const hits = await findCandidates(store().rulings, [['自動', '動車']], { status: 'current' }, 10);
      expect(hits.map((h) => h.ruling.id)).toEqual(['R-title', 'R-body']);
      expect(hits[0].bm25).toBeGreaterThan(hits[1].bm25);
      expect(await findCandidates(store().rulings, [['"', 'or', '*']], {}, 10)).toEqual([]);
      expect(await findCandidates(store().rulings, [], {}, 10)).toEqual([]);
    });

    it('reports document frequencies and matches every group of a query, any token of each', async () => {
      await store().rulings.upsert(make.ruling({ id: 'R-both', title: '自動車の保有', question: '生活保護', answer: 'その他' }));
      await store().rulings.upsert(make.ruling({ id: 'R-car', title: '自動車の保有', question: 'その他', answer: 'その他' }));
      await store().rulings.upsert(
        make.ruling({
          id: 'R-aid',
          title: 'その他の取扱い',
          question: '生活保護',
          answer: 'その他',
          status: 'superseded',
          supersededBy: 'R-both',
        }),
      );
      const frequencies = await store().rulings.documentFrequencies(['動車', '保護', '"', '動車']);
      expect([...frequencies.entries()]).toEqual([
        ['動車', 2],
        ['保護', 2],
        ['"', 0],
      ]);
      const match = (allOf: string[][], filter = {}, weights = { title: 8, keywords: 3, body: 1 }) =>
        store().rulings.matchIndex({ allOf, filter, limit: 10, weights });
      expect((await match([['動車'], ['保護']])).map((h) => h.ruling.id)).toEqual(['R-both']);
      expect((await match([['動車', '"'], ['保護']])).map((h) => h.ruling.id)).toEqual(['R-both']);
      expect((await match([['動車', '保護']])).map((h) => h.ruling.id).sort()).toEqual(['R-aid', 'R-both', 'R-car']);
      expect((await match([['保護']], { status: 'current' })).map((h) => h.ruling.id)).toEqual(['R-both']);
      expect(await match([['"*" OR']])).toEqual([]);
      expect(await match([])).toEqual([]);
      // The weights are the caller's: with the body counted most, the body match leads.
      expect((await match([['保有', '保護']], {}, { title: 0, keywords: 0, body: 10 })).at(-1)!.ruling.id).toBe('R-car');
      expect((await match([['保有', '保護']], {}, { title: 10, keywords: 0, body: 0 })).at(-1)!.ruling.id).toBe('R-aid');
    });

    it('stores manuals, with or without an owner, sorted by department then title', async () => {
      await store().manuals.upsert(make.manual({ id: 'M-002', title: 'B マニュアル', ownerId: null }));
      await store().manuals.upsert(make.manual({ id: 'M-001', title: 'A マニュアル' }));
      await store().manuals.upsert(make.manual({ id: 'M-003', department: '介護保険課' }));
      expect((await store().manuals.list()).map((m) => m.id)).toEqual(['M-003', 'M-001', 'M-002']);
      expect((await store().manuals.list({ department: '保険年金課' })).map((m) => m.id)).toEqual(['M-001', 'M-002']);
      expect((await store().manuals.get('M-002'))?.ownerId).toBeNull();
    });

    it("indexes a manual's text by page or heading, replaces it on a new version, and keeps only the reason of a failed one", async () => {
      const tokens = (text: string) => searchTokens(normalizeForSearch(text));
      await store().manuals.upsert(make.manual({ id: 'M-001' }));
      await store().manuals.saveText('M-001', {
        source: 'v1',
        outcome: {
          ok: true,
          truncated: false,
          sections: [
            { page: 1, text: '総則' },
            { page: 2, text: '限度額適用認定証の交付' },
          ],
        },
      });
      await store().manuals.saveText('M-002', {
        source: 'd1',
        outcome: { ok: true, truncated: false, sections: [{ heading: '認定証の再交付', text: '紛失した認定証は再交付する' }] },
      });
      const found = await store().manuals.matchText(tokens('認定証'), 10);
      expect(found.map((s) => [s.manualId, s.page, s.heading])).toEqual(
        expect.arrayContaining([
          ['M-001', 2, undefined],
          ['M-002', undefined, '認定証の再交付'],
        ]),
      );
      expect(found).toHaveLength(2);
      expect(await store().manuals.textState('M-001')).toEqual({ source: 'v1', ok: true });

      // A new version that cannot be read: its old text goes (it no longer says that), the reason stays.
      await store().manuals.saveText('M-001', { source: 'v2', outcome: { ok: false, reason: 'encrypted', detail: 'password' } });
      expect((await store().manuals.matchText(tokens('認定証'), 10)).map((s) => s.manualId)).toEqual(['M-002']);
      expect(await store().manuals.textState('M-001')).toEqual({ source: 'v2', ok: false, reason: 'encrypted' });

      expect(await store().manuals.keepTextsOf(['M-001'])).toBe(1);
      expect(await store().manuals.matchText(tokens('認定証'), 10)).toEqual([]);
      expect(await store().manuals.textState('M-002')).toBeUndefined();
    });
  });
}
