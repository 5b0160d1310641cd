import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchChromium, SCREENSHOT_DIR } from '../support/browser';
import { LocalStack } from '../support/local-stack';

/** What a person sees: the Playground's Teams-like UI and the tab, in Debian's Chromium. */
describe('in the browser', () => {
  let stack: LocalStack;
  let browser: BrowserContext;

  beforeAll(async () => {
    stack = await LocalStack.start();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('a user types こんにちは in the Playground and sees the help card', async () => {
    const page = await browser.newPage();
    await page.goto(stack.playgroundUrl);
    await page.getByText('Connected.', { exact: true }).waitFor({ timeout: 20_000 });
    const compose = page.locator('div[role="textbox"][contenteditable="true"]');
    await compose.click();
    await compose.fill('こんにちは');
    await page.locator('button[aria-label="Send Message"]').click();
    // The card shows in the chat and again in the Playground's inspector panel; take the chat's.
    const card = page.locator('.ac-adaptiveCard').filter({ hasText: '本庁・区役所 連携ボットでできること' }).first();
    await card.waitFor({ timeout: 15_000 });
    await expect(card.textContent()).resolves.toContain('佐藤 美咲 さん、こんにちは。');
    await expect(
      card
        .getByRole('link', { name: '判断事例・マニュアルを開く' })
        .or(card.getByRole('button', { name: '判断事例・マニュアルを開く' }))
        .count(),
    ).resolves.toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'playground-help-card.png'), fullPage: true });
    await page.close();
  });

  it('the tab signs in a demo person and lists the departments', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.botUrl}/tab/`);
    await page.getByRole('button', { name: '高橋 直子 としてサインイン' }).click();
    await expect(page.getByTestId('signed-in-as').textContent()).resolves.toBe('高橋 直子 さん（健康福祉局 保険年金課）');
    await page.getByRole('tab', { name: '部署' }).click();
    await page.getByRole('heading', { name: /部署一覧/ }).waitFor();
    const rows = page.getByRole('row');
    await expect(rows.count()).resolves.toBe(20); // header + 19 demo departments
    await expect(page.getByRole('row', { name: /北区役所 保険年金課/ }).count()).resolves.toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'tab-departments.png'), fullPage: true });
    await page.getByRole('button', { name: 'サインアウト' }).click();
    await page.getByRole('heading', { name: 'デモ用サインイン' }).waitFor();
    await page.close();
  });
});
