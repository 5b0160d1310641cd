import { CheckInScheduler } from '../../bot/checkins/scheduler';
import { seedDemoData } from '../../bot/demo/seed';
import type { CheckInConfig } from '../../bot/platform/config';
import { silentLogger } from '../../bot/platform/logger';
import type { Store } from '../../bot/store/ports';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { tempDir } from '../support/processes';

const settings: CheckInConfig = {
  opensBeforeQuarterEnd: 5,
  dueAfterQuarterEnd: 10,
  reminderOffsets: [-3, 0, 2],
  schedulerIntervalSeconds: 0,
};
/** 09:00 in Japan on the given day. */
const at = (day: string) => new Date(`${day}T00:00:00.000Z`);

async function outboxKeys(store: Store, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for (const message of await store.outbox.listDue('9999-01-01T00:00:00.000Z', 10_000))
    if (message.key.startsWith(prefix)) keys.push(message.key);
  return keys.sort();
}

describe('check-in scheduler against a real store (R8年度 Q3 with demo data)', () => {
  let store: Store;
  let clock: Date;
  const scheduler = (nudges: { count: number } = { count: 0 }, s: Store = store) =>
    new CheckInScheduler({ store: s, settings, logger: silentLogger, nudge: () => (nudges.count += 1), now: () => clock });

  beforeEach(async () => {
    store = SqliteStore.open(tempDir('renkei-scheduler-'));
    await seedDemoData(store);
    // Two owners have talked to the bot; the others have not.
    await store.conversations.save('person:p-pmo', { conversation: { id: 'a:pmo' } });
    await store.conversations.save('person:p-ward-staff', { conversation: { id: 'a:ward-staff' } });
  });
  afterEach(() => store.close());

  it('does nothing before the window, opens it on the day with one card per reachable initiative, and lists the unreachable owners', async () => {
    clock = at('2026-12-18');
    expect(await scheduler().tick()).toEqual({ opened: [], reminders: 0, closed: [] });
    clock = at('2026-12-21');
    const nudges = { count: 0 };
    expect(await scheduler(nudges).tick()).toEqual({ opened: ['2026Q3'], reminders: 0, closed: [] });
    expect(nudges.count).toBe(1);
    const pmoOwned = (await store.initiatives.list({ ownerId: 'p-pmo' })).map((i) => `checkin:2026Q3:${i.code}:card`);
    expect(await outboxKeys(store, 'checkin:2026Q3:')).toEqual([...pmoOwned, 'checkin:2026Q3:A1-2:card'].sort());
    const cycle = await store.checkInCycles.get(2026, 3);
    expect(cycle).toMatchObject({ opensOn: '2026-12-21', dueOn: '2027-01-18', openedBy: 'scheduler', closedAt: null });
    expect(cycle?.unreachableOwnerIds).toEqual(['p-admin', 'p-hq-approver', 'p-hq-responder', 'p-ward-manager']);
    const card = await store.outbox.get('checkin:2026Q3:A1-2:card');
    expect(card?.conversationKey).toBe('person:p-ward-staff');
    expect(JSON.stringify(card?.payload)).toContain('窓口待ち時間の短縮');
  });

  it('opens a cycle once when two schedulers tick at the same moment (the store decides, not the process)', async () => {
    clock = at('2026-12-21');
    const results = await Promise.all([scheduler().tick(), scheduler().tick()]);
    expect(results.flatMap((r) => r.opened)).toEqual(['2026Q3']);
    expect((await store.checkInCycles.list()).filter((c) => c.fiscalYear === 2026 && c.quarter === 3)).toHaveLength(1);
    expect(await outboxKeys(store, 'checkin:2026Q3:A1-2')).toEqual(['checkin:2026Q3:A1-2:card']);
  });

  it('reminds only owners who have not answered, once per reminder day, then closes with one roll-up to the PMO', async () => {
    clock = at('2026-12-21');
    await scheduler().tick();
    const pmoCodes = (await store.initiatives.list({ ownerId: 'p-pmo' })).map((i) => i.code);
    await store.checkIns.submit({
      initiativeCode: pmoCodes[0],
      fiscalYear: 2026,
      quarter: 3,
      progress: '順調',
      weather: '晴れ',
      direction: '継続',
      directionReason: '',
      nextActions: '',
      kpiActuals: [],
      submittedBy: 'p-pmo',
      submittedAt: clock.toISOString(),
      revision: 1,
      submissionId: 'x',
    });
    clock = at('2027-01-13'); // −3 business days before the 1/18 due date
    expect((await scheduler().tick()).reminders).toBe(pmoCodes.length); // everyone reachable but the one who answered (A1-2 + PMO's others)
    expect(await outboxKeys(store, 'checkin:2026Q3:' + pmoCodes[0] + ':reminder')).toEqual([]);
    expect(await outboxKeys(store, 'checkin:2026Q3:A1-2:reminder')).toEqual(['checkin:2026Q3:A1-2:reminder:-3']);
    expect((await scheduler().tick()).reminders).toBe(0); // the same day again: nothing new
    clock = at('2027-01-20'); // +2 (overdue) reminder
    expect((await scheduler().tick()).reminders).toBe(pmoCodes.length);
    const overdue = await store.outbox.get('checkin:2026Q3:A1-2:reminder:2');
    expect(JSON.stringify(overdue?.payload)).toContain('回答期限を過ぎています');
    clock = at('2027-01-21');
    expect(await scheduler().tick()).toEqual({ opened: [], reminders: 0, closed: ['2026Q3'] });
    expect(await outboxKeys(store, 'checkin:2026Q3:rollup')).toEqual(['checkin:2026Q3:rollup:person:p-pmo']);
    const rollUp = JSON.stringify((await store.outbox.get('checkin:2026Q3:rollup:person:p-pmo'))?.payload);
    expect(rollUp).toContain(`回答 1 / ${(await store.initiatives.list()).length} 件`);
    expect(await scheduler().tick()).toEqual({ opened: [], reminders: 0, closed: [] });
  });
});
