import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, SCREENSHOT_DIR } from '../support/browser';
import { LocalStack, PLAYGROUND } from '../support/local-stack';

/** The owner fills in the check-in card in the Playground's Teams-like UI, as she would in Teams. */
describe('check-in card in the browser', () => {
  let stack: LocalStack;
  let browser: BrowserContext;

  beforeAll(async () => {
    stack = await LocalStack.start({ CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0' });
    await stack.connect();
    browser = await launchChromium();
    const opened = stack.waitForBotMessage(PLAYGROUND.groupChat);
    await stack.say(PLAYGROUND.groupChat, PLAYGROUND.users.pmo, 'チェックイン開始 R8 Q3');
    await opened;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function send(page: Page, text: string) {
    const compose = page.locator('div[role="textbox"][contenteditable="true"]');
    await compose.click();
    await compose.fill(text);
    await page.locator('button[aria-label="Send Message"]').click();
  }

  it('fills the form, sees the error with her input kept, fixes it and gets the summary', async () => {
    const page = await browser.newPage();
    await page.goto(stack.playgroundUrl);
    await page.getByText('Connected.', { exact: true }).waitFor({ timeout: 20_000 });
    await send(page, 'チェックイン');
    const list = page.locator('.ac-adaptiveCard').filter({ hasText: 'あなたの未回答のチェックイン' }).first();
    await list.waitFor({ timeout: 15_000 });
    await list.getByRole('button', { name: '回答する' }).click();

    const form = page.locator('.ac-adaptiveCard').filter({ hasText: '四半期チェックイン：R8年度 Q3' }).first();
    await form.waitFor({ timeout: 15_000 });
    await form.getByLabel('進捗状況').fill('北区・南区で窓口予約システムを稼働した。');
    await form.getByLabel(/窓口平均待ち時間.*の実績/).fill('二十四分');
    await form.getByRole('radio', { name: '☁ くもり' }).check();
    await form.getByRole('radio', { name: '継続' }).check();
    await form.getByRole('button', { name: '提出する' }).click();

    await form.getByText('数値で入力してください').waitFor({ timeout: 15_000 });
    await expect(form.getByLabel('進捗状況').inputValue()).resolves.toBe('北区・南区で窓口予約システムを稼働した。');
    await expect(form.getByRole('radio', { name: '☁ くもり' }).isChecked()).resolves.toBe(true);
    await form.getByText('入力内容を確認してください。').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'checkin-card-error.png') });

    await form.getByLabel(/窓口平均待ち時間.*の実績/).fill('24.5');
    await form.getByRole('button', { name: '提出する' }).click();
    const summary = page.locator('.ac-adaptiveCard').filter({ hasText: 'チェックイン提出済み：R8年度 Q3' }).first();
    await summary.waitFor({ timeout: 15_000 });
    await expect(summary.textContent()).resolves.toContain('24.5分');
    await expect(summary.getByRole('button', { name: '修正する' }).count()).resolves.toBe(1);
    await summary.getByText('チェックイン提出済み：R8年度 Q3').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'checkin-card-submitted.png') });
    await page.close();
  });
});
