import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchChromium, SCREENSHOT_DIR } from '../support/browser';
import { LocalStack } from '../support/local-stack';

/** 佐藤 美咲 asks HQ through the Playground's Teams-like UI; the question appears as a thread in 保険年金課's channel. */
describe('asking in the browser', () => {
  let stack: LocalStack;
  let browser: BrowserContext;

  beforeAll(async () => {
    stack = await LocalStack.start({ CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0', INQUIRY_DEADLINE_INTERVAL_SECONDS: '0' });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('fills in the form, sees the suggestions, sends it and finds the thread in the department channel', async () => {
    const page = await browser.newPage();
    await page.goto(stack.playgroundUrl);
    await page.getByText('Connected.', { exact: true }).waitFor({ timeout: 20_000 });
    const compose = page.locator('div[role="textbox"][contenteditable="true"]');
    await compose.click();
    await compose.fill('質問');
    await page.locator('button[aria-label="Send Message"]').click();

    const form = page.locator('.ac-adaptiveCard').filter({ hasText: '疑義照会（本庁の所管課への質問）' }).first();
    await form.waitFor({ timeout: 15_000 });
    await form.getByRole('combobox', { name: /宛先の所管課/ }).click();
    await page.getByRole('option', { name: '健康福祉局 保険年金課' }).click();
    await form.getByLabel(/分野/).fill('国民健康保険');
    await form.getByLabel('件名').fill('口座振替の開始月と納付書の扱い');
    await form.getByLabel('内容').fill('11月に口座振替を申し込んだ世帯に、12月期の納付書を送る必要はありますか。');
    await form.getByRole('button', { name: '確認して次へ' }).click();

    const check = page.locator('.ac-adaptiveCard').filter({ hasText: '送信前の確認' }).first();
    await check.waitFor({ timeout: 15_000 });
    await check.getByRole('button', { name: 'それでも質問する' }).click();
    const done = page
      .locator('.ac-adaptiveCard')
      .filter({ hasText: /Q-R8-\d{4} として 健康福祉局 保険年金課 に送りました/ })
      .first();
    await done.waitFor({ timeout: 15_000 });

    await page.getByRole('treeitem', { name: /保険年金課 疑義照会/ }).click();
    const thread = page.locator('.ac-adaptiveCard').filter({ hasText: '口座振替の開始月と納付書の扱い' }).first();
    await thread.waitFor({ timeout: 15_000 });
    await expect(thread.textContent()).resolves.toContain('佐藤 美咲（北区役所 保険年金課）');
    await expect(thread.getByRole('button', { name: '担当する' }).count()).resolves.toBe(1);
    await thread.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'inquiry-thread.png') });
    await page.close();
  });
});
