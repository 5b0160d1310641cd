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

    it('stores a double press or a replayed submission once', async () => {
      const first = await store().checkIns.submit(make.checkIn());
      const replay = await store().checkIns.submit(make.checkIn({ weather: '雨', progress: '二度押し' }));
      expect(first).toEqual({ outcome: 'created', checkIn: make.checkIn() });
      expect(replay).toEqual({ outcome: 'replayed', checkIn: make.checkIn() });
      expect(await store().checkIns.history('A1-1', 2026, 2)).toEqual([make.checkIn()]);
    });

    it('keeps every revision and refuses one drawn from an outdated answer', async () => {
      await store().checkIns.submit(make.checkIn());
      const edit = make.checkIn({ revision: 2, weather: 'くもり', submittedBy: 'p-pmo', submittedAt: '2026-10-06T09:00:00.000Z' });
      expect(await store().checkIns.submit(edit)).toEqual({ outcome: 'updated', checkIn: edit });
      // Another person's card, also drawn from revision 1, arrives after the edit.
      const late = make.checkIn({ revision: 2, submissionId: 'other-card', weather: '雨' });
      expect(await store().checkIns.submit(late)).toEqual({ outcome: 'conflict', checkIn: edit });
      const skipped = make.checkIn({ revision: 5, submissionId: 'skipped' });
      expect((await store().checkIns.submit(skipped)).outcome).toBe('conflict');
      expect(await store().checkIns.get('A1-1', 2026, 2)).toEqual(edit);
      expect((await store().checkIns.history('A1-1', 2026, 2)).map((c) => [c.revision, c.weather, c.submittedBy])).toEqual([
        [1, '晴れ', 'p-1'],
        [2, 'くもり', 'p-pmo'],
      ]);
      expect(await store().checkIns.listForQuarter(2026, 2)).toEqual([edit]);
    });

    it('refuses a first answer that claims to be a later revision', async () => {
      expect((await store().checkIns.submit(make.checkIn({ revision: 2 }))).outcome).toBe('conflict');
      expect(await store().checkIns.get('A1-1', 2026, 2)).toBeUndefined();
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

  describe('CheckInCycleStore', () => {
    const store = withFreshStore(factory);

    it('opens a quarter once: a second opener (another instance) changes nothing', async () => {
      expect(await store().checkInCycles.open(make.cycle())).toBe(true);
      expect(await store().checkInCycles.open(make.cycle({ openedBy: 'p-pmo', opensOn: '2026-12-01' }))).toBe(false);
      expect(await store().checkInCycles.get(2026, 3)).toEqual(make.cycle());
      expect(await store().checkInCycles.get(2026, 4)).toBeUndefined();
    });

    it('closes a cycle once and lists the newest first', async () => {
      await store().checkInCycles.open(make.cycle({ fiscalYear: 2026, quarter: 2 }));
      await store().checkInCycles.open(make.cycle({ fiscalYear: 2026, quarter: 3 }));
      await store().checkInCycles.open(make.cycle({ fiscalYear: 2025, quarter: 4 }));
      expect(await store().checkInCycles.close(2026, 2, '2026-10-15T00:00:00.000Z')).toBe(true);
      expect(await store().checkInCycles.close(2026, 2, '2026-10-16T00:00:00.000Z')).toBe(false);
      expect((await store().checkInCycles.get(2026, 2))?.closedAt).toBe('2026-10-15T00:00:00.000Z');
      expect((await store().checkInCycles.list()).map((c) => `${c.fiscalYear}Q${c.quarter}:${c.closedAt ? 'closed' : 'open'}`)).toEqual([
        '2026Q3:open',
        '2026Q2:closed',
        '2025Q4:open',
      ]);
    });
  });
}
