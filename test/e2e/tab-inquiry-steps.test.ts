import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/platform/config';
import { silentLogger } from '../../bot/platform/logger';
import { seriousViolations } from '../support/axe';
import { launchChromium, SCREENSHOT_DIR } from '../support/browser';
import { tempDir } from '../support/processes';

/**
 * The inquiry page's steps in Debian's Chromium: 取り下げる (with a reason, then undone) by the
 * asker, 担当を外す by the assignee, 担当変更 by the department's approver; each button only for
 * who may press it, the server's refusal shown as it said it, and the page redrawn after each.
 */
describe('inquiry steps in the tab', () => {
  let app: RunningApp;
  let browser: BrowserContext;
  let page: Page;
  const dialog = () => page.getByRole('dialog');
  const steps = () => page.getByRole('region', { name: 'この照会への操作' });
  const fact = (term: string) =>
    page
      .locator('dt')
      .filter({ hasText: new RegExp(`^${term}$`) })
      .locator('xpath=following-sibling::dd[1]');
  /** Waits until the fact `term` reads `value` (the page redraws after a step, or reloads after a refusal), then checks it. */
  const expectFact = async (term: string, value: string) => {
    const exactly = new RegExp(`^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    await fact(term).filter({ hasText: exactly }).waitFor({ timeout: 10_000 });
    expect(await fact(term).textContent()).toBe(value);
  };
  const status = () => page.getByRole('status');

  async function openAs(name: string, number: string) {
    await page.goto(`${app.url}/tab/#/inquiries/${number}`);
    await page.evaluate(() => sessionStorage.clear()); // signed out: the picker comes first
    await page.reload();
    await page.getByRole('button', { name: `${name} としてサインイン` }).click();
    await page.getByTestId('signed-in-as').waitFor();
    await page.goto(`${app.url}/tab/#/inquiries/${number}`);
    await page.getByRole('heading', { level: 2 }).waitFor();
    await page.getByText(number, { exact: true }).first().waitFor();
  }

  const buttonNames = async () => ((await steps().count()) === 0 ? [] : steps().getByRole('button').allTextContents());

  beforeAll(async () => {
    const config = loadConfig({ APP_DATA_DIR: tempDir('renkei-tab-inquiry-steps-'), CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0' });
    config.port = 0;
    app = await startApp(config, silentLogger);
    browser = await launchChromium();
    page = await browser.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('lets the asker withdraw only with a reason, and undo it while nobody has taken it on', async () => {
    await openAs('佐藤 美咲', 'Q-R8-0004');
    expect(await buttonNames()).toEqual(['取り下げる']);
    await steps().getByRole('button', { name: '取り下げる' }).click();
    await dialog().getByRole('heading', { name: 'Q-R8-0004 を取り下げますか' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'tab-inquiry-withdraw-dialog.png'), animations: 'disabled' });

    // No reason: asked for one, nothing sent.
    await dialog().getByRole('button', { name: '取り下げる（確定）' }).click();
    await dialog().getByText('取り下げる理由を入力してください。').waitFor();
    expect((await app.store.inquiries.get('Q-R8-0004'))?.status).toBe('submitted');

    await dialog()
      .getByRole('textbox', { name: /取り下げる理由/ })
      .fill('自己解決しました');
    await dialog().getByRole('button', { name: '取り下げる（確定）' }).click();
    await dialog().waitFor({ state: 'detached' });
    await status().getByText('Q-R8-0004 を取り下げました。').waitFor();
    await expectFact('取下げの理由', '自己解決しました');
    await expect(page.getByText('取下げ', { exact: true }).first().isVisible()).resolves.toBe(true);
    expect((await app.store.inquiries.get('Q-R8-0004'))?.status).toBe('withdrawn');

    expect(await buttonNames()).toEqual(['取下げを取り消す']);
    await steps().getByRole('button', { name: '取下げを取り消す' }).click();
    await status().getByText('Q-R8-0004 の取下げを取り消しました。').waitFor();
    expect(await buttonNames()).toEqual(['取り下げる']);
    expect((await app.store.inquiries.get('Q-R8-0004'))?.status).toBe('submitted');
  });

  it("shows the asker no HQ steps and an HQ responder no asker's step: the assignee gives it back", async () => {
    await openAs('鈴木 健太', 'Q-R8-0003');
    expect(await buttonNames()).toEqual(['担当を外す']);
    await steps().getByRole('button', { name: '担当を外す' }).click();
    await dialog().getByRole('heading', { name: 'Q-R8-0003 の担当を外しますか' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // Cancel changes nothing.
    await dialog().getByRole('button', { name: 'キャンセル' }).click();
    await dialog().waitFor({ state: 'detached' });
    expect((await app.store.inquiries.get('Q-R8-0003'))?.assigneeId).toBe('p-hq-responder');

    await steps().getByRole('button', { name: '担当を外す' }).click();
    await dialog().getByRole('button', { name: '担当を外す（確定）' }).click();
    await status().getByText('Q-R8-0003 の担当を外しました。').waitFor();
    await expectFact('担当', '担当者未定');
    expect(await buttonNames()).toEqual([]);
    expect((await app.store.inquiries.get('Q-R8-0003'))?.assigneeId).toBeNull();
  });

  it("lets the department's approver hand it to a responder, and shows the server's refusal when it was taken meanwhile", async () => {
    await openAs('高橋 直子', 'Q-R8-0003');
    expect(await buttonNames()).toEqual(['担当変更']);
    await steps().getByRole('button', { name: '担当変更' }).click();
    await dialog().getByRole('heading', { name: 'Q-R8-0003 の担当者を変更する' }).waitFor();
    const choice = dialog().getByRole('combobox', { name: /新しい担当者/ });
    expect((await choice.locator('option').allTextContents()).sort()).toEqual(['—', '高橋 直子', '鈴木 健太'].sort());
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'tab-inquiry-reassign-dialog.png'), animations: 'disabled' });

    // Someone else hands it to 鈴木 健太 while the dialog is open: the same choice is refused, and said so.
    const meanwhile = await fetch(`${app.url}/api/inquiries/Q-R8-0003/assignee`, {
      method: 'POST',
      headers: { Authorization: 'Demo p-hq-approver', 'Content-Type': 'application/json' },
      body: JSON.stringify({ personId: 'p-hq-responder' }),
    });
    expect(meanwhile.status).toBe(200);
    await choice.selectOption({ label: '鈴木 健太' });
    await dialog().getByRole('button', { name: '担当を変更する' }).click();
    await dialog().getByRole('alert').getByText('既にその職員が担当しています').waitFor();
    // The page behind was read again: 鈴木 健太 has it now.
    await expectFact('担当', '鈴木 健太');
    await dialog().getByRole('button', { name: 'キャンセル' }).click();
    await dialog().waitFor({ state: 'detached' });

    await steps().getByRole('button', { name: '担当変更' }).click();
    await expect(
      dialog()
        .getByRole('combobox', { name: /新しい担当者/ })
        .locator('option')
        .allTextContents(),
    ).resolves.toEqual(['—', '高橋 直子']);
    await dialog()
      .getByRole('combobox', { name: /新しい担当者/ })
      .selectOption({ label: '高橋 直子' });
    await dialog().getByRole('button', { name: '担当を変更する' }).click();
    await status().getByText('Q-R8-0003 の担当者を 高橋 直子 さんに変更しました。').waitFor();
    await expectFact('担当', '高橋 直子');
    expect((await app.store.inquiries.get('Q-R8-0003'))?.assigneeId).toBe('p-hq-approver');
  });

  it('shows nobody else a step, and the dialogs in English for an English reader', async () => {
    await openAs('伊藤 由美', 'Q-R8-0003');
    expect(await buttonNames()).toEqual([]);

    await openAs('佐藤 美咲', 'Q-R8-0003');
    await page.getByTestId('language-switch').click();
    const english = page.getByRole('region', { name: 'Actions on this inquiry' });
    await english.getByRole('button', { name: 'Withdraw' }).click();
    await dialog().getByRole('heading', { name: 'Withdraw Q-R8-0003?' }).waitFor();
    await expect(
      dialog()
        .getByRole('textbox', { name: /Reason for withdrawing/ })
        .isVisible(),
    ).resolves.toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('language-switch').click();
    await steps().waitFor();
  });
});
