import fc from 'fast-check';
import type { CheckIn } from '../../bot/checkins/model';
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

    it('takes a submission id as a replay only within its own initiative and quarter (issue 18, finding 5)', async () => {
      let run = 0;
      // Another initiative, another quarter or another year, carrying an id that is stored already.
      const elsewhere = fc
        .record({
          otherCode: fc.boolean(),
          quarterShift: fc.integer({ min: 0, max: 3 }),
          yearShift: fc.integer({ min: 0, max: 1 }),
          id: fc.uuid(),
        })
        .filter((o) => o.otherCode || o.quarterShift > 0 || o.yearShift > 0);
      await fc.assert(
        fc.asyncProperty(elsewhere, async ({ otherCode, quarterShift, yearShift, id }) => {
          run += 1;
          const stored = make.checkIn({ initiativeCode: `R${run}-1`, fiscalYear: 2026, quarter: 1, submissionId: id });
          const foreign = make.checkIn({
            initiativeCode: otherCode ? `R${run}-2` : stored.initiativeCode,
            fiscalYear: 2026 + yearShift,
            quarter: ((quarterShift % 4) + 1) as CheckIn['quarter'],
            submissionId: id,
            weather: '雨',
            progress: '別の施策の回答',
          });
          expect((await store().checkIns.submit(stored)).outcome).toBe('created');
          // Not a replay of the other answer: stored as this initiative's own answer, and that one untouched.
          expect(await store().checkIns.submit(foreign)).toEqual({ outcome: 'created', checkIn: foreign });
          expect(await store().checkIns.get(foreign.initiativeCode, foreign.fiscalYear, foreign.quarter)).toEqual(foreign);
          expect(await store().checkIns.get(stored.initiativeCode, stored.fiscalYear, stored.quarter)).toEqual(stored);
          // Within its own quarter the same id is still a replay.
          expect(await store().checkIns.submit({ ...foreign, progress: '二度押し' })).toEqual({ outcome: 'replayed', checkIn: foreign });
        }),
        { numRuns: 6 },
      );
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
      expect((await store().checkIns.listForInitiative('A1-1')).map((c) => `${c.fiscalYear}Q${c.quarter}`)).toEqual([
        '2025Q4',
        '2026Q1',
        '2026Q2',
      ]);
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
