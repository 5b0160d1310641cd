import fc from 'fast-check';
import { formCardMessage, rollUpMessages, rollUpRecipients } from '../../bot/checkins/effects';
import type { Answer } from '../../bot/checkins/rules/check-in-form';
import { editingClosed } from '../../bot/checkins/rules/review-window';
import { computeRollUp } from '../../bot/checkins/rules/rollup';
import { closeCycle, queueReminders, submitCheckIn } from '../../bot/checkins/workflow';
import { adaptiveCard } from '../../bot/platform/adaptive-card';
import type { Store } from '../../bot/store/ports';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { make } from '../contract/fixtures';
import { tempDir } from '../support/processes';

const answer: Answer = {
  progress: '様式を改定しました',
  weather: '晴れ',
  direction: '継続',
  directionReason: '',
  nextActions: '研修',
  kpiActuals: [{ kpiId: 'A1-1-k1', value: 42 }],
};
const cycle = make.cycle({ fiscalYear: 2026, quarter: 3, opensOn: '2026-12-22', dueOn: '2027-01-18' });
const initiative = make.initiative({ code: 'A1-1', ownerId: 'p-owner' });
const owner = make.person({ id: 'p-owner', entraObjectId: '00000000-0000-4000-8000-00000000000a', displayName: '山田 太郎' });
const colleague = make.person({
  id: 'p-other',
  entraObjectId: '00000000-0000-4000-8000-00000000000b',
  displayName: '鈴木 花子',
  locale: 'en',
});

describe('check-in rules and effects (pure)', () => {
  it('allows a 修正 up to and including the due date', () => {
    expect(editingClosed(cycle, '2027-01-17')).toBe(false);
    expect(editingClosed(cycle, '2027-01-18')).toBe(false);
    expect(editingClosed(cycle, '2027-01-19')).toBe(true);
  });

  it("keys the form card once per quarter and initiative, and each reminder once per offset, in the owner's language", () => {
    const card = adaptiveCard([]);
    const first = formCardMessage(owner, initiative, cycle, card);
    expect(first).toMatchObject({ key: 'checkin:2026Q3:A1-1:card', conversationKey: 'person:p-owner' });
    expect(first.payload.activity.summary).toBe('四半期チェックイン：R8年度 Q3 A1-1 書かない窓口の実現');
    expect(formCardMessage(owner, initiative, cycle, card, -3).key).toBe('checkin:2026Q3:A1-1:reminder:-3');
    expect(formCardMessage({ ...owner, locale: 'en' }, initiative, cycle, card).payload.activity.summary).toMatch(/^Quarterly check-in: /);
  });

  it('sends the roll-up to the PMO channel when one is set, else to each PMO member in their language', () => {
    expect(rollUpRecipients('19:pmo@thread.tacv2', [owner])).toEqual([{ conversationKey: 'channel:19:pmo@thread.tacv2', locale: 'ja' }]);
    expect(rollUpRecipients(undefined, [owner, colleague])).toEqual([
      { conversationKey: 'person:p-owner', locale: 'ja' },
      { conversationKey: 'person:p-other', locale: 'en' },
    ]);
    const view = { rollUp: computeRollUp(cycle, [initiative], [], cycle.dueOn), ownerNames: new Map([['p-owner', '山田 太郎']]) };
    const messages = rollUpMessages(cycle, view, rollUpRecipients(undefined, [owner, colleague]));
    expect(messages.map((m) => [m.key, m.payload.activity.summary])).toEqual([
      ['checkin:2026Q3:rollup:person:p-owner', 'チェックイン集計：R8年度 Q3'],
      ['checkin:2026Q3:rollup:person:p-other', 'Check-in roll-up: FY2026 Q3'],
    ]);
  });
});

describe('check-in workflow steps against a real SQLite store', () => {
  let store: Store;
  let clock: Date;
  const deps = () => ({ store, now: () => clock });
  const submit = (o: Partial<Parameters<typeof submitCheckIn>[1]> = {}) =>
    submitCheckIn(deps(), { answer, initiative, cycle, by: 'p-owner', revision: 1, submissionId: 'sub-1', today: '2027-01-10', ...o });
  const audit = async () => (await store.audit.list({ objectType: 'checkIn' })).map((e) => [e.action, e.detail.revision]);

  beforeEach(async () => {
    store = SqliteStore.open(tempDir('renkei-checkin-workflow-'));
    clock = new Date('2027-01-10T01:00:00.000Z');
    await store.people.upsert(owner);
    await store.people.upsert(colleague);
    await store.initiatives.upsert(initiative);
    await store.checkInCycles.open(cycle);
  });
  afterEach(() => store.close());

  it('stores a first answer with its audit entry, and a replayed press changes nothing', async () => {
    const first = await submit();
    expect(first.outcome).toBe('created');
    expect(first.checkIn).toMatchObject({
      ...answer,
      initiativeCode: 'A1-1',
      fiscalYear: 2026,
      quarter: 3,
      revision: 1,
      submittedBy: 'p-owner',
      submittedAt: '2027-01-10T01:00:00.000Z',
    });
    clock = new Date('2027-01-10T02:00:00.000Z');
    const replay = await submit();
    expect(replay.outcome).toBe('replayed');
    expect(replay.checkIn?.submittedAt).toBe('2027-01-10T01:00:00.000Z');
    expect(await audit()).toEqual([['checkin.created', 1]]);
  });

  it('stores a 修正 as the next revision; a second press of an older card is a conflict that returns the stored answer', async () => {
    await submit();
    const edited = await submit({
      revision: 2,
      submissionId: 'sub-2',
      answer: { ...answer, weather: '雨', direction: '見直し', directionReason: '予算不足' },
    });
    expect(edited).toMatchObject({ outcome: 'updated', checkIn: { revision: 2, weather: '雨' } });
    const stale = await submit({ revision: 2, submissionId: 'sub-3', by: 'p-other' });
    expect(stale).toMatchObject({ outcome: 'conflict', checkIn: { revision: 2, submittedBy: 'p-owner', weather: '雨' } });
    expect((await store.checkIns.history('A1-1', 2026, 3)).map((c) => c.revision)).toEqual([1, 2]);
    expect(await audit()).toEqual(
      expect.arrayContaining([
        ['checkin.created', 1],
        ['checkin.updated', 2],
      ]),
    );
    expect(await audit()).toHaveLength(2);
  });

  it('refuses a 修正 after the due date (the stored answer comes back) but still takes a late first answer', async () => {
    const late = await submit({ today: '2027-01-19' });
    expect(late.outcome).toBe('created');
    const edit = await submit({ revision: 2, submissionId: 'sub-2', today: '2027-01-19', answer: { ...answer, progress: '遅れて修正' } });
    expect(edit).toMatchObject({ outcome: 'closed', checkIn: { revision: 1, progress: answer.progress } });
    expect((await store.checkIns.get('A1-1', 2026, 3))?.revision).toBe(1);
    expect(await audit()).toEqual([['checkin.created', 1]]);
  });

  it('refuses any answer once the cycle is closed: nothing stored, the roll-up already sent unchanged (issue 18, finding 13)', async () => {
    const other = make.initiative({ code: 'A1-2', ownerId: 'p-owner' });
    await store.initiatives.upsert(other);
    await store.people.upsert({ ...colleague, roles: ['staff', 'pmo'] });
    await submit();
    expect(await closeCycle(store, cycle, { now: new Date('2027-01-22T00:00:00.000Z') })).toBe(true);
    const before = {
      quarter: await store.checkIns.listForQuarter(2026, 3),
      rollUp: await store.outbox.get('checkin:2026Q3:rollup:person:p-other'),
      audit: await audit(),
    };
    // The cycle handed in is the one the handler read before the close: the step must read it again.
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('A1-1', 'A1-2'),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom('2027-01-10', '2027-01-18', '2027-01-22', '2027-03-01'),
        fc.uuid(),
        async (code, revision, today, submissionId) => {
          const result = await submit({
            initiative: code === 'A1-1' ? initiative : other,
            revision,
            today,
            submissionId,
            answer: { ...answer, progress: '締切後の回答' },
          });
          expect(result.outcome).toBe('cycleClosed');
          expect(result.checkIn?.progress ?? answer.progress).toBe(answer.progress);
        },
      ),
      { numRuns: 40 },
    );
    expect(await store.checkIns.listForQuarter(2026, 3)).toEqual(before.quarter);
    expect(await store.outbox.get('checkin:2026Q3:rollup:person:p-other')).toEqual(before.rollUp);
    expect(await audit()).toEqual(before.audit);
  });

  it('queues a reminder only to reachable owners who have not answered, once per offset', async () => {
    expect(await queueReminders(store, cycle, -3, '2027-01-13')).toBe(0); // the owner never talked to the bot
    await store.conversations.save('person:p-owner', { conversation: { id: 'a:owner' } });
    expect(await queueReminders(store, cycle, -3, '2027-01-13')).toBe(1);
    expect(await queueReminders(store, cycle, -3, '2027-01-13')).toBe(0);
    expect((await store.outbox.get('checkin:2026Q3:A1-1:reminder:-3'))?.conversationKey).toBe('person:p-owner');
    await submit();
    expect(await queueReminders(store, cycle, 0, '2027-01-18')).toBe(0);
  });

  it('closes a cycle once, with the roll-up queued in the same step', async () => {
    await store.people.upsert({ ...colleague, roles: ['staff', 'pmo'] });
    await submit();
    expect(await closeCycle(store, cycle, { now: new Date('2027-01-22T00:00:00.000Z') })).toBe(true);
    expect((await store.checkInCycles.get(2026, 3))?.closedAt).toBe('2027-01-22T00:00:00.000Z');
    const rollUp = await store.outbox.get('checkin:2026Q3:rollup:person:p-other');
    expect(rollUp?.payload.activity.summary).toBe('Check-in roll-up: FY2026 Q3');
    expect(JSON.stringify(rollUp?.payload)).toContain('1 of 1 answered');
    expect(await closeCycle(store, cycle, { now: new Date('2027-01-23T00:00:00.000Z') })).toBe(false);
    expect((await store.checkInCycles.get(2026, 3))?.closedAt).toBe('2027-01-22T00:00:00.000Z');
  });
});
