import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../bot/app';
import { loadDemoData } from '../../bot/demo/demo-data';
import { loadConfig } from '../../bot/platform/config';
import { businessDaysBetween, japanDateOf } from '../../bot/platform/fiscal-calendar';
import { silentLogger } from '../../bot/platform/logger';
import { seriousViolations } from '../support/axe';
import { launchChromium, SCREENSHOT_DIR } from '../support/browser';
import { tempDir } from '../support/processes';

const { inquiries: demoInquiries } = loadDemoData();

/** Whether a demo inquiry is past its due date today (the date moves, so this is computed). */
const isOverdue = (number: string) =>
  businessDaysBetween(japanDateOf(new Date()), demoInquiries.find((i) => i.number === number)!.dueOn) < 0;

/** The 照会 tab in Debian's Chromium: the asker's list, finished ones, the answer and its ruling, an HQ inbox. */
describe('inquiries tab', () => {
  let app: RunningApp;
  let browser: BrowserContext;
  let page: Page;
  const list = () => page.getByTestId('inquiry-list');
  const listedNumbers = () => list().locator('tbody tr td:first-child').allTextContents();
  const row = (number: string) => list().getByRole('row').filter({ hasText: number });

  async function signInAs(name: string) {
    await page.getByRole('button', { name: `${name} としてサインイン` }).click();
    await page.getByTestId('signed-in-as').waitFor();
  }

  beforeAll(async () => {
    const config = loadConfig({ APP_DATA_DIR: tempDir('renkei-tab-inquiries-'), CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0' });
    config.port = 0;
    app = await startApp(config, silentLogger);
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${app.url}/tab/`);
    await signInAs('佐藤 美咲');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("lists the asker's three open inquiries, the earliest due first, with their status badges", async () => {
    await page.getByRole('tab', { name: '照会', exact: true }).click();
    await row('Q-R8-0004').waitFor();
    expect(page.url()).toContain('#/inquiries');
    expect(await listedNumbers()).toEqual(['Q-R8-0003', 'Q-R8-0002', 'Q-R8-0004']);
    for (const [number, status] of [
      ['Q-R8-0003', '対応中'],
      ['Q-R8-0002', '承認待ち'],
      ['Q-R8-0004', '受付待ち'],
    ]) {
      await expect(row(number).textContent()).resolves.toContain(status);
      await expect(row(number).getByText('期限超過').count()).resolves.toBe(isOverdue(number) ? 1 : 0);
    }
    await expect(row('Q-R8-0003').textContent()).resolves.toContain('至急');
    // Ward staff see their own and their section's, never everything.
    await expect(page.getByRole('radio', { name: '自分の照会' }).isChecked()).resolves.toBe(true);
    await expect(page.getByRole('radio', { name: 'すべて' }).count()).resolves.toBe(0);
  });

  it('shows the finished inquiry when asked, with no serious accessibility problems', async () => {
    await expect(row('Q-R8-0001').count()).resolves.toBe(0);
    await page.getByRole('switch', { name: '完了も表示' }).click();
    await row('Q-R8-0001').waitFor();
    expect(await listedNumbers()).toEqual(['Q-R8-0003', 'Q-R8-0002', 'Q-R8-0004', 'Q-R8-0001']);
    await expect(row('Q-R8-0001').textContent()).resolves.toContain('回答済（全区共有）');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'tab-inquiries.png'), fullPage: true, animations: 'disabled' });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('opens the answered inquiry with its answer, answerer, approver and a link to the ruling', async () => {
    await row('Q-R8-0001').getByRole('link', { name: 'Q-R8-0001' }).click();
    await page.getByRole('heading', { name: '回答', exact: true }).waitFor();
    expect(page.url()).toContain('#/inquiries/Q-R8-0001');
    await expect(page.getByRole('heading', { level: 2 }).textContent()).resolves.toContain('在留期間の更新');
    const answer = page.getByRole('region', { name: '回答' });
    await expect(answer.textContent()).resolves.toContain('資格を喪失しません');
    await expect(answer.getByRole('definition').allTextContents()).resolves.toEqual(expect.arrayContaining(['鈴木 健太', '高橋 直子']));
    await expect(page.getByText('国民健康保険法施行規則第1条第1号').first().isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'tab-inquiry-detail.png'), fullPage: true, animations: 'disabled' });
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: /R-0020/ }).click();
    await page.getByText('照会元: Q-R8-0001').waitFor();
    expect(page.url()).toContain('#/rulings/R-0020');
  });

  it("gives an HQ responder the department's queue, without another department's inquiry", async () => {
    await page.goto(`${app.url}/tab/#/inquiries`);
    await page.getByRole('button', { name: 'サインアウト' }).click();
    await signInAs('鈴木 健太');
    await row('Q-R8-0002').waitFor();
    await expect(page.getByRole('radio', { name: '所属の照会' }).isChecked()).resolves.toBe(true);
    expect(await listedNumbers()).toEqual(['Q-R8-0003', 'Q-R8-0002']);
    await expect(row('Q-R8-0004').count()).resolves.toBe(0);
  });
});
