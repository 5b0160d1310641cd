import { computeAnalytics } from '../../bot/analytics/metrics';
import { loadAnalyticsInput } from '../../bot/analytics/load';
import { monthOnly, queueMonthlySummary, summaryMonthFor } from '../../bot/analytics/monthly-summary';
import { DEMO_ANCHOR_DAY } from '../../bot/demo/demo-clock';
import { seedDemoData } from '../../bot/demo/seed';
import type { Store } from '../../bot/store/ports';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { tempDir } from '../support/processes';

describe('monthly summary for the PMO', () => {
  let store: Store;
  beforeEach(async () => {
    store = SqliteStore.open(tempDir('renkei-monthly-'));
    await seedDemoData(store, { today: DEMO_ANCHOR_DAY }); // the files' own dates
  });
  afterEach(() => store.close());

  it('is due for last month from the first business day on', () => {
    expect(summaryMonthFor('2026-11-02')).toBe('2026-10'); // Monday 11/2 is the first business day
    expect(summaryMonthFor('2026-11-01')).toBe('2026-09'); // Sunday: October is not over for the office yet
    expect(summaryMonthFor('2027-01-03')).toBe('2026-11'); // 年末年始
    expect(summaryMonthFor('2027-01-04')).toBe('2026-12');
  });

  it("sends October 2026 once to each reachable PMO member, with the month's figures", async () => {
    expect(await queueMonthlySummary(store, new Date('2026-11-23T00:00:00Z'), { tabUrl: 'http://x/tab/' })).toBe(0); // nobody reachable yet
    await store.conversations.save('person:p-pmo', { conversation: { id: 'a:pmo' } });
    expect(await queueMonthlySummary(store, new Date('2026-11-23T00:00:00Z'), { tabUrl: 'http://x/tab/' })).toBe(1);
    expect(await queueMonthlySummary(store, new Date('2026-11-24T00:00:00Z'), { tabUrl: 'http://x/tab/' })).toBe(0);
    const message = await store.outbox.get('analytics:monthly:2026-10:person:p-pmo');
    const text = JSON.stringify(message?.payload);
    const october = computeAnalytics(monthOnly(await loadAnalyticsInput(store), '2026-10'));
    expect(october.inquiries.total).toBe(1); // Q-R8-0001, asked 10/5
    expect(text).toContain('効果検証 月次サマリー（2026年10月）');
    expect(text).toContain(`${october.inquiries.total} 件（回答済 ${october.inquiries.answered} 件）`);
    expect(text).toContain(`"value":"${october.inquiries.deflections} 件（`);
    expect(text).toContain('http://x/tab/#/dashboard');
  });
});
