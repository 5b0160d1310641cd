import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { Analytics } from '../../bot/analytics/metrics';
import { startApp, type RunningApp } from '../../bot/app';
import type { CheckIn } from '../../bot/checkins/model';
import { loadConfig } from '../../bot/platform/config';
import { silentLogger } from '../../bot/platform/logger';
import { seriousViolations } from '../support/axe';
import { staffPerson } from '../support/demo-api';
import { downloadedBytes, launchChromium, SCREENSHOT_DIR } from '../support/browser';
import { tempDir } from '../support/processes';

const WEATHERS = ['晴れ', 'くもり', '雨'] as const;
const WEATHER_HEADERS = ['四半期', '対象施策', '回答', '晴れ', 'くもり', '雨', '期限内の回答', '期限内回答率 (%)'];
/** How the tables show a number (grouped, as in ja-JP) or a missing one. */
const shown = (value: number | null) => (value === null ? '—' : value.toLocaleString('ja-JP', { maximumFractionDigits: 10 }));

/** The 効果検証 dashboard in Debian's Chromium, checked against GET /api/analytics itself (no numbers written down here). */
describe('dashboard tab (効果検証)', () => {
  let app: RunningApp;
  let browser: BrowserContext;
  let page: Page;
  const requested: string[] = [];

  const api = async <T>(pathAndQuery: string, personId = 'p-pmo'): Promise<T> => {
    const response = await fetch(`${app.url}${pathAndQuery}`, { headers: { Authorization: `Demo ${personId}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };
  const rowsOf = (testId: string) =>
    page
      .getByTestId(testId)
      .evaluate((table) =>
        [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent ?? '')),
      );
  const weatherRows = (analytics: Analytics) =>
    analytics.checkIns.map((q) => [
      q.label,
      shown(q.initiatives),
      shown(q.answered),
      ...WEATHERS.map((w) => shown(q.weather[w])),
      shown(q.onTime),
      shown(q.onTimeRate),
    ]);
  const firstColumn = (testId: string) => page.getByTestId(testId).locator('tbody tr > :first-child').allTextContents();

  async function signInAs(name: string) {
    await page.getByRole('button', { name: `${name} としてサインイン` }).click();
    await page.getByTestId('signed-in-as').waitFor();
  }

  beforeAll(async () => {
    const config = loadConfig({
      APP_DATA_DIR: tempDir('renkei-tab-dashboard-'),
      CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0',
      INQUIRY_DEADLINE_INTERVAL_SECONDS: '0',
    });
    config.port = 0;
    app = await startApp(config, silentLogger);
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(`${app.url}/tab/`);
    await signInAs('田中 誠');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows 効果検証 to the PMO, loading the charts only then, with the weather chart and the same counts as the API', async () => {
    const tab = page.getByRole('tab', { name: '効果検証' });
    await tab.waitFor();
    // The chart library is not part of the tab's first load.
    expect(requested.filter((url) => url.includes('DashboardView'))).toEqual([]);
    await tab.click();
    await page.getByTestId('weather-table').waitFor();
    expect(page.url()).toContain('#/dashboard');
    expect(requested.some((url) => url.includes('DashboardView'))).toBe(true);

    const analytics = await api<Analytics>('/api/analytics');
    expect(analytics.checkIns.length).toBeGreaterThan(0);
    await expect(page.getByTestId('weather-table').locator('thead th').allTextContents()).resolves.toEqual(WEATHER_HEADERS);
    await expect(rowsOf('weather-table')).resolves.toEqual(weatherRows(analytics));

    // One bar segment per non-zero count, in an svg drawn as an image with a text summary.
    const chart = page.getByTestId('weather-chart');
    await expect(chart.getAttribute('role')).resolves.toBe('img');
    const summary = (await chart.getAttribute('aria-label')) ?? '';
    for (const q of analytics.checkIns)
      expect(summary).toContain(`${q.label}（晴れ ${q.weather['晴れ']}・くもり ${q.weather['くもり']}・雨 ${q.weather['雨']}）`);
    const segments = analytics.checkIns.reduce((n, q) => n + WEATHERS.filter((w) => q.weather[w] > 0).length, 0);
    await expect(chart.locator('svg .recharts-bar-rectangle').count()).resolves.toBe(segments);
    await expect(chart.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents()).resolves.toEqual(
      analytics.checkIns.map((q) => q.label),
    );

    // The headline figures are the API's.
    const headline = (await page.getByTestId('headline').textContent()) ?? '';
    expect(headline).toContain(`照会件数${analytics.inquiries.total} 件うち回答済 ${analytics.inquiries.answered} 件`);
    expect(headline).toContain(`照会せずに解決${analytics.inquiries.deflections} 件`);
    expect(headline).toContain(`閲覧 ${analytics.rulings.views} 回`);
    // Issue 23: a share with its denominator; the backlog and 未着手 beside it.
    expect(headline).toContain(
      `期限内の回答${analytics.inquiries.onTimeRate === null ? '—' : `${analytics.inquiries.onTimeRate}%`}${analytics.inquiries.onTime.answeredOnTime}/${analytics.inquiries.onTime.counted} 件`,
    );
    expect(headline).toContain(`未着手の照会${analytics.inquiries.backlog.unclaimed} 件`);
    expect(headline).toContain(`未回答の照会${analytics.inquiries.backlog.open} 件うち期限超過 ${analytics.inquiries.backlog.overdue} 件`);
    // One heading per section: the rulings table's caption is not repeated as its heading.
    await expect(page.getByRole('heading', { name: 'よく読まれた判断事例' }).count()).resolves.toBe(0);
  });

  it('draws the first KPI with actuals against its target line, and lists every KPI', async () => {
    const analytics = await api<Analytics>('/api/analytics');
    const kpi = analytics.kpis.find((k) => k.points.length > 0)!;
    const chart = page.getByTestId('kpi-chart');
    await expect(page.getByRole('combobox', { name: '表示する KPI' }).inputValue()).resolves.toBe(`${kpi.code}/${kpi.kpiId}`);
    await expect(chart.locator('.recharts-reference-line').count()).resolves.toBe(kpi.baseline === null ? 1 : 2);
    // The target and baseline are named in a key under the chart, where no label overprints the axis or a point.
    await expect(page.getByTestId('kpi-chart-key').textContent()).resolves.toContain(`目標 ${kpi.target}`);
    await expect(chart.locator('.recharts-label').count()).resolves.toBe(0);
    await expect(chart.locator('.recharts-line-dot, .recharts-line-dots circle').count()).resolves.toBeGreaterThan(0);
    await expect(chart.getAttribute('aria-label')).resolves.toContain(`目標 ${kpi.target}`);
    await expect(rowsOf('kpi-points-table')).resolves.toEqual(
      kpi.points.map((p) => [p.label, shown(p.actual), shown(kpi.target), shown(kpi.baseline)]),
    );
    await expect(firstColumn('kpi-latest-table')).resolves.toEqual(analytics.kpis.map((k) => `${k.code} ${k.title}`));
    // Answer times per department, from inquiries.byDepartment.
    await expect(firstColumn('department-table')).resolves.toEqual(analytics.inquiries.byDepartment.map((d) => d.name));
    await expect(page.getByTestId('department-chart').locator('svg .recharts-bar-rectangle').count()).resolves.toBeGreaterThan(0);
  });

  it('has no serious accessibility problems', async () => {
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'tab-dashboard.png'), fullPage: true, animations: 'disabled' });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('shows only R8年度 Q1 and Q2 when filtered by 年度 R8年度', async () => {
    await page.getByRole('combobox', { name: '年度', exact: true }).selectOption({ label: 'R8年度' });
    // The refetched figures have arrived when R7年度 has left the table.
    await page.getByTestId('weather-table').getByText('R7年度', { exact: false }).first().waitFor({ state: 'detached' });
    await expect(firstColumn('weather-table')).resolves.toEqual(['R8年度 Q1', 'R8年度 Q2']);
    const filtered = await api<Analytics>('/api/analytics?fy=2026');
    await expect(rowsOf('weather-table')).resolves.toEqual(weatherRows(filtered));
    await expect(
      page.getByTestId('weather-chart').locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents(),
    ).resolves.toEqual(['R8年度 Q1', 'R8年度 Q2']);
    await expect(firstColumn('kpi-points-table')).resolves.toEqual(['R8年度 Q1', 'R8年度 Q2']);
  });

  it('downloads the weather table as CSV with a BOM and the same header', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'CSV をダウンロード（四半期別の天気と期限内回答）' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('dashboard-weather-fy2026.csv');
    const bytes = await downloadedBytes(download);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe(WEATHER_HEADERS.map((h) => `"${h}"`).join(','));
    const filtered = await api<Analytics>('/api/analytics?fy=2026');
    expect(lines.slice(1)).toEqual([
      ...filtered.checkIns.map((q) =>
        [q.label, q.initiatives, q.answered, ...WEATHERS.map((w) => q.weather[w]), q.onTime, q.onTimeRate ?? '']
          .map((v) => `"${v}"`)
          .join(','),
      ),
      '',
    ]);
  });

  it("opens an initiative's page from the KPI table with its check-in history and KPI chart", async () => {
    const analytics = await api<Analytics>('/api/analytics');
    const kpi = analytics.kpis.find((k) => k.points.length > 0)!;
    await page
      .getByTestId('kpi-latest-table')
      .getByRole('link', { name: `${kpi.code} ${kpi.title}` })
      .first()
      .click();
    await page.getByTestId('checkin-history').waitFor();
    expect(page.url()).toContain(`#/dashboard/initiatives/${encodeURIComponent(kpi.code)}`);
    await expect(page.getByRole('heading', { level: 2 }).textContent()).resolves.toBe(`${kpi.code} ${kpi.title}`);

    const detail = await api<{ checkIns: CheckIn[] }>(`/api/analytics/initiatives/${encodeURIComponent(kpi.code)}`);
    const history = [...detail.checkIns].sort((a, b) => a.fiscalYear - b.fiscalYear || a.quarter - b.quarter);
    const rows = await rowsOf('checkin-history');
    expect(rows.map((r) => r.slice(0, 2))).toEqual(history.map((c) => [`R${c.fiscalYear - 2018}年度 Q${c.quarter}`, c.weather]));
    rows.forEach((row, i) => {
      expect(row[2]).toContain(history[i].direction);
      expect(row[3]).toBe(history[i].progress);
    });
    await expect(page.getByTestId(`kpi-chart-${kpi.kpiId}`).locator('.recharts-reference-line').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'tab-dashboard-initiative.png'), fullPage: true, animations: 'disabled' });
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: '効果検証に戻る' }).click();
    await page.getByTestId('weather-table').waitFor();
  });

  it('shows what people typed as text only, and neutralises formulas in the CSV', async () => {
    const hostile = '<img src=x onerror="window.__xss=1">';
    const formula = '=HYPERLINK("http://example.invalid","x")';
    await app.store.initiatives.upsert({
      code: 'Z9-9',
      pillar: 'Z:テスト',
      domain: 'Z9:テスト',
      leadDivision: '総務局',
      leadSection: 'DX推進課',
      title: `${hostile} 施策`,
      purpose: '',
      milestone: '',
      activities: '',
      q4Target: '',
      ownerId: null,
      kpis: [{ id: 'Z9-9-k1', name: formula, unit: '件', baseline: null, target: 1, targetDate: '2027-03-31', direction: 'higher' }],
    });
    await page.reload();
    const row = page.getByTestId('kpi-latest-table').getByRole('row').filter({ hasText: 'Z9-9' });
    await expect(row.getByRole('link').textContent()).resolves.toBe(`Z9-9 ${hostile} 施策`);
    await expect(row.locator('img').count()).resolves.toBe(0);
    await expect(page.evaluate('window.__xss')).resolves.toBeUndefined();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'CSV をダウンロード（KPI ごとの最新実績と目標）' }).click(),
    ]);
    const line = (await downloadedBytes(download))
      .toString('utf8')
      .split('\r\n')
      .find((l) => l.includes('Z9-9'));
    expect(line).toContain(`"Z9-9 <img src=x onerror=""window.__xss=1""> 施策","'=HYPERLINK(""http://example.invalid"",""x"")"`);
  });

  it('gives ward staff no 効果検証 tab, only their own initiative under 担当施策, and refuses others', async () => {
    await page.getByRole('button', { name: 'サインアウト' }).click();
    await signInAs('佐藤 美咲');
    await page.getByRole('tab', { name: '照会', exact: true }).waitFor();
    await expect(page.getByRole('tab', { name: '効果検証' }).count()).resolves.toBe(0);

    // An owner who is not PMO: #/dashboard lists her own initiatives (the figures stay PMO-only).
    await expect(page.getByRole('tab', { name: '担当施策' }).count()).resolves.toBe(1);
    await page.goto(`${app.url}/tab/#/dashboard`);
    const mine = page.getByTestId('my-initiatives');
    await mine.waitFor();
    await expect(mine.getByRole('link').allTextContents()).resolves.toEqual(['A1-2 窓口待ち時間の短縮']);
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    await expect(page.getByTestId('weather-table').count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    // 佐藤 美咲 owns A1-2 (the server lets an owner see their initiative), not A1-1.
    await page.goto(`${app.url}/tab/#/dashboard/initiatives/A1-2`);
    await page.getByTestId('checkin-history').waitFor();
    await page.goto(`${app.url}/tab/#/dashboard/initiatives/A1-1`);
    await expect(page.getByTestId('dashboard-not-allowed').textContent()).resolves.toContain('施策の担当者と PMO・管理者だけ');
    await expect(page.getByRole('alert').count()).resolves.toBe(0);

    // Someone who owns no initiative gets the clear PMO-only message.
    await app.store.people.upsert(staffPerson('p-no-initiative', 'ward-kita-shimin', ['staff'], 7));
    await page.getByRole('button', { name: 'サインアウト' }).click();
    await page.reload();
    await signInAs('p-no-initiative');
    await expect(page.getByRole('tab', { name: '担当施策' }).count()).resolves.toBe(0);
    await page.goto(`${app.url}/tab/#/dashboard`);
    const notice = page.getByTestId('dashboard-not-allowed');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain('PMO（業務改革の推進担当）と管理者だけが見られます');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
