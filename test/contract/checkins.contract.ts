import { make, withFreshStore, type StoreFactory } from './fixtures';

export function checkInContract(factory: StoreFactory) {
  describe('InitiativeStore and CheckInStore', () => {
    const store = withFreshStore(factory);

    it('updates an initiative by code and lists codes in natural order', async () => {
      for (const code of ['B1-10', 'A1-2', 'B1-2', 'A1-10', 'B1-5a']) await store().initiatives.upsert(make.initiative({ code }));
      await store().initiatives.upsert(make.initiative({ code: 'A1-2', title: '窓口時間の短縮', ownerId: 'p-2' }));
      expect((await store().initiatives.list()).map((i) => i.code)).toEqual(['A1-2', 'A1-10', 'B1-2', 'B1-5a', 'B1-10']);
      expect((await store().initiatives.get('A1-2'))?.title).toBe('窓口時間の短縮');
      expect((await store().initiatives.list({ ownerId: 'p-2' })).map((i) => i.code)).toEqual(['A1-2']);
    });

    it('keeps the first check-in of a quarter: a second submission creates nothing', async () => {
      const first = await store().checkIns.submit(make.checkIn());
      const second = await store().checkIns.submit(make.checkIn({ weather: '雨', progress: '二度押し' }));
      expect(first.created).toBe(true);
      expect(second).toEqual({ created: false, checkIn: make.checkIn() });
      expect(await store().checkIns.listForQuarter(2026, 2)).toEqual([make.checkIn()]);
    });

    it('lists check-ins per quarter by code and per initiative oldest first', async () => {
      await store().checkIns.submit(make.checkIn({ initiativeCode: 'B1-3', fiscalYear: 2026, quarter: 2 }));
      await store().checkIns.submit(make.checkIn({ fiscalYear: 2026, quarter: 2 }));
      await store().checkIns.submit(make.checkIn({ fiscalYear: 2026, quarter: 1 }));
      await store().checkIns.submit(make.checkIn({ fiscalYear: 2025, quarter: 4 }));
      expect((await store().checkIns.listForQuarter(2026, 2)).map((c) => c.initiativeCode)).toEqual(['A1-1', 'B1-3']);
      expect((await store().checkIns.listForInitiative('A1-1')).map((c) => `${c.fiscalYear}Q${c.quarter}`)).toEqual(['2025Q4', '2026Q1', '2026Q2']);
      expect(await store().checkIns.get('A1-1', 2026, 3)).toBeUndefined();
    });
  });
}
