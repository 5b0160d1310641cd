import { computeAnalytics } from '../../bot/analytics/metrics';
import { loadAnalyticsInput } from '../../bot/analytics/load';
import { DEMO_ANCHOR_DAY } from '../../bot/demo/demo-clock';
import { loadDemoData } from '../../bot/demo/demo-data';
import { seedDemoData } from '../../bot/demo/seed';
import { queueItem } from '../../bot/inquiries/rules/queue';
import { addDays, fiscalQuarterOf, fiscalYearCode, japanDateOf, previousQuarter, type IsoDate } from '../../bot/platform/fiscal-calendar';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import inquiriesFile from '../../bot/demo/data/inquiries.json';
import { tempDir } from '../support/processes';

/** Issue 23: the demo moves to the day it is loaded, so it shows the same mix on any day. */
describe('demo that stays fresh', () => {
  const today = japanDateOf(new Date());
  const noon = (day: IsoDate) => new Date(`${day}T12:00:00+09:00`);

  it('is the files as written on their anchor day', () => {
    const demo = loadDemoData(DEMO_ANCHOR_DAY);
    expect(demo.inquiries.map((i) => [i.number, i.createdAt, i.dueOn])).toEqual(inquiriesFile.map((i) => [i.number, i.createdAt, i.dueOn]));
    expect(demo.cycles.map((c) => `${c.fiscalYear}Q${c.quarter}`)).toEqual(['2025Q3', '2025Q4', '2026Q1', '2026Q2']);
  });

  it.each([
    ['today', today],
    ['a month past today', addDays(today, 31)],
    ['a year past today', addDays(today, 366)],
    ['a Sunday after a year-end closure', '2028-01-02'],
  ])('seeded %s shows on time, due soon and overdue, a current check-in history and nothing in the future', async (_, day) => {
    const store = SqliteStore.open(tempDir('renkei-demo-fresh-'));
    try {
      await seedDemoData(store, { today: day });
      const [inquiries, people, departments] = await Promise.all([store.inquiries.list(), store.people.list(), store.departments.list()]);
      const directory = { people: new Map(people.map((p) => [p.id, p])), departments: new Map(departments.map((d) => [d.id, d])) };
      const items = inquiries.map((inquiry) => queueItem(inquiry, day, directory));
      expect(items.filter((i) => i.overdue).length).toBeGreaterThanOrEqual(1);
      expect(items.filter((i) => !i.finished && !i.overdue && i.businessDaysLeft! <= 2).length).toBeGreaterThanOrEqual(1);
      expect(inquiries.filter((i) => i.answer && japanDateOf(new Date(i.answer.answeredAt)) <= i.dueOn).length).toBeGreaterThanOrEqual(1);
      // Numbers follow the fiscal year asked in; nothing happened after the day it was loaded.
      for (const inquiry of inquiries) expect(inquiry.number.startsWith(`Q-${fiscalYearCode(inquiry.fiscalYear)}-`)).toBe(true);
      for (const inquiry of inquiries) expect(japanDateOf(new Date(inquiry.createdAt)) <= day).toBe(true);
      const audit = await store.audit.list({ limit: 10_000 });
      expect(audit.every((e) => japanDateOf(new Date(e.at)) <= day)).toBe(true);
      expect(audit.filter((e) => e.objectType === 'inquiry').every((e) => inquiries.some((i) => i.number === e.objectId))).toBe(true);

      // The check-in history ends at this quarter or the one before (its cycle the latest begun).
      const figures = computeAnalytics(await loadAnalyticsInput(store, noon(day)));
      const latest = figures.checkIns.at(-1)!;
      const current = fiscalQuarterOf(day);
      expect([
        `${current.fiscalYear}Q${current.quarter}`,
        `${previousQuarter(current).fiscalYear}Q${previousQuarter(current).quarter}`,
      ]).toContain(`${latest.fiscalYear}Q${latest.quarter}`);
      expect(figures.checkIns.length).toBe(4);
      const answers = (await Promise.all(figures.checkIns.map((q) => store.checkIns.listForQuarter(q.fiscalYear, q.quarter)))).flat();
      expect(answers.every((a) => japanDateOf(new Date(a.submittedAt)) <= day)).toBe(true);
      expect(figures.inquiries.onTime.counted).toBeGreaterThanOrEqual(2);
    } finally {
      await store.close();
    }
  });
});
