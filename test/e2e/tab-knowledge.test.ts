import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/platform/config';
import { silentLogger } from '../../bot/platform/logger';
import { seriousViolations } from '../support/axe';
import { launchChromium, SCREENSHOT_DIR } from '../support/browser';
import { tempDir } from '../support/processes';

/** The rulings and manuals tab in Debian's Chromium: search, detail, filter, manuals, accessibility. */
describe('rulings and manuals tab', () => {
  let app: RunningApp;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const config = loadConfig({ APP_DATA_DIR: tempDir('renkei-tab-') });
    config.port = 0;
    app = await startApp(config, silentLogger);
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${app.url}/tab/`);
    await page.getByRole('button', { name: '佐藤 美咲 としてサインイン' }).click();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('searches 「国保 喪失」 and opens the ruling', async () => {
    await page.getByRole('searchbox').fill('国保 喪失');
    await page.getByRole('button', { name: '検索' }).click();
    const first = page.getByTestId('ruling-results').getByRole('link').first();
    // Locator waits, not waitForFunction with a string: the tab's CSP forbids eval, so a string predicate fails once it has to poll.
    await first.filter({ hasText: '資格喪失' }).waitFor();
    await expect(first.textContent()).resolves.toContain('資格喪失');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'tab-search.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await first.click();
    // The ruling's own title (the list has a heading too), which takes the focus when it opens.
    await page.locator('#ruling-title').waitFor();
    expect(await page.evaluate('document.activeElement?.id')).toBe('ruling-title');
    expect(page.url()).toContain('#/rulings/R-0011');
    await expect(page.getByRole('heading', { name: '回答' }).count()).resolves.toBe(1);
    await expect(page.getByText('国民健康保険法').first().isVisible()).resolves.toBe(true);
  });

  it('marks the words found in titles and snippets, and says so with what to try when nothing is found', async () => {
    await page.goto(`${app.url}/tab/#/rulings`);
    await page.reload();
    await page.getByRole('searchbox').fill('国保 喪失');
    await page.getByRole('button', { name: '検索' }).click();
    const marks = page.getByTestId('ruling-results').locator('li').first().locator('mark');
    await marks.first().waitFor();
    expect((await marks.allTextContents()).join(' ')).toContain('喪失');
    await page.getByRole('searchbox').fill('ぴよぴよ');
    await page.getByRole('button', { name: '検索' }).click();
    await page.getByTestId('no-results').getByText('該当する判断事例は見つかりませんでした。').waitFor();
    await expect(page.getByTestId('ruling-results').locator('li').count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('opens a ruling from its link and shows its chain of revisions', async () => {
    await page.goto(`${app.url}/tab/#/rulings/R-0003`);
    await page.reload();
    await page.getByRole('heading', { name: '改正の経緯' }).waitFor();
    await expect(page.getByRole('link', { name: /R-0012 により改正されました/ }).count()).resolves.toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'tab-ruling-chain.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('shows the inquiry a ruling was shared from', async () => {
    await page.goto(`${app.url}/tab/#/rulings/R-0020`);
    await page.reload();
    await page.getByText('照会元: Q-R8-0001').waitFor();
  });

  it('filters by 所管課', async () => {
    await page.goto(`${app.url}/tab/#/rulings`);
    await page.getByRole('combobox', { name: '所管課' }).click();
    await page.getByRole('option', { name: '介護保険課' }).click();
    const results = page.getByTestId('ruling-results').locator('li');
    await results.filter({ hasText: '介護保険課' }).first().waitFor();
    await results.filter({ hasNotText: '介護保険課' }).first().waitFor({ state: 'detached' });
    const items = await page.getByTestId('ruling-results').locator('li').allTextContents();
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((text) => text.includes('介護保険課'))).toBe(true);
  });

  it('lists manuals with overdue and no-owner badges', async () => {
    await page.getByRole('tab', { name: 'マニュアル' }).click();
    await page.getByRole('heading', { name: 'マニュアル' }).waitFor();
    const overdueRows = page.getByRole('row').filter({ hasText: '見直し期限超過' });
    await overdueRows.first().waitFor(); // the table loads after the heading; count() does not wait
    await expect(overdueRows.count()).resolves.toBeGreaterThan(0);
    await expect(page.getByRole('row').filter({ hasText: '管理者未設定' }).count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'tab-manuals.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("searches the manuals' text and says on which page the words are (issue 22 item 5)", async () => {
    await page.getByRole('tab', { name: 'マニュアル' }).click();
    await page.getByRole('searchbox', { name: 'マニュアルを本文から検索' }).fill('限度額適用認定証');
    await page.getByRole('button', { name: '検索' }).click();
    const first = page.getByTestId('manual-results').locator('li').first();
    await first.filter({ hasText: '4ページ' }).waitFor();
    await expect(first.textContent()).resolves.toContain('国民健康保険 窓口事務マニュアル');
    expect(await first.locator('mark').allTextContents()).toContain('限度額適用認定証');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'tab-manual-search.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('offers the channel tab configuration page (manifest configurableTabs) outside the sign-in', async () => {
    const config = await browser.newPage();
    await config.goto(`${app.url}/tab/#/config`);
    await config.getByRole('heading', { name: 'チャネルのタブに表示する内容' }).waitFor();
    await expect(config.getByRole('radio').count()).resolves.toBe(3);
    await expect(config.getByRole('radio', { name: '判断事例' }).isChecked()).resolves.toBe(true);
    await expect(config.getByText('デモ用サインイン').count()).resolves.toBe(0);
    await config.close();
  });
});
