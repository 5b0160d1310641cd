import path from 'node:path';
import Database from 'better-sqlite3';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { checkInText } from '../../bot/checkins/strings';
import { inquiryText } from '../../bot/inquiries/strings';
import { noticeText } from '../../bot/notices/strings';
import { addBusinessDays, japanDateOf } from '../../bot/platform/fiscal-calendar';
import type { Locale } from '../../bot/platform/i18n';
import { DATABASE_FILE_NAME } from '../../bot/store/sqlite/database';
import { surveyText } from '../../bot/surveys/strings';
import { launchChromium, SCREENSHOT_DIR } from '../support/browser';
import { LocalStack, PLAYGROUND, type PlaygroundEvent } from '../support/local-stack';

const KITA = 'ward-kita-hoken-nenkin';
type Action = { title: string; verb: string; data: Record<string, unknown> };
const actionsOf = (e: PlaygroundEvent | { value: unknown }): Action[] =>
  (('message' in e ? e.message.attachments?.[0]?.content : e.value) as { actions?: Action[] } | undefined)?.actions ?? [];
const actionOf = (e: PlaygroundEvent | { value: unknown }, title: string) => {
  const action = actionsOf(e).find((a) => a.title === title);
  if (!action) throw new Error(`no action ${title}: ${JSON.stringify(actionsOf(e).map((a) => a.title))}`);
  return action;
};

/**
 * The main cards as Teams' own renderer draws them in Microsoft 365 Agents Playground (Chromium):
 * a search result, the check-in form, the asker's status card and the HQ thread card of an
 * inquiry, a notice and a survey answer card. Each is checked to show its title and its buttons
 * with no error in the chat, then saved to test-results/playground-card-<name>-<locale>.png.
 * In English (佐藤 美咲's directory language switched to en) the cards of her personal chat again;
 * the channel cards stay Japanese by design (a channel is read by many).
 */
describe('the main cards in the Playground', () => {
  let stack: LocalStack;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    stack = await LocalStack.start({ CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0', INQUIRY_DEADLINE_INTERVAL_SECONDS: '0' });
    await stack.connect();
    browser = await launchChromium();
    page = await browser.newPage();
    // Proactive cards render only while the page is open: open it first.
    await page.goto(stack.playgroundUrl);
    await page.getByText('Connected.', { exact: true }).waitFor({ timeout: 20_000 });
    // The bot learns General from a first message there (notices and surveys go to its ward sections there).
    await stack.say(PLAYGROUND.generalChannel, PLAYGROUND.users.wardStaff, 'ヘルプ');
    await stack.waitForBotMessage(PLAYGROUND.generalChannel);
    const opened = stack.waitForBotMessage(PLAYGROUND.groupChat);
    await stack.say(PLAYGROUND.groupChat, PLAYGROUND.users.pmo, 'チェックイン開始 R8 Q3');
    await opened;
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function send(text: string) {
    const compose = page.locator('div[role="textbox"][contenteditable="true"]');
    await compose.click();
    await compose.fill(text);
    await page.locator('button[aria-label="Send Message"]').click();
  }

  async function openConversation(name: RegExp) {
    await page.getByRole('treeitem', { name }).first().click();
  }

  /** The newest card showing `title`: visible with each of `buttons`, no error message in the chat; then its screenshot. */
  async function shows(name: string, locale: Locale, title: string, buttons: string[]): Promise<Locator> {
    const card = page.locator('.ac-adaptiveCard').filter({ hasText: title }).last();
    await card.waitFor({ timeout: 20_000 });
    await card.scrollIntoViewIfNeeded();
    await expect(card.getByText(title).first().isVisible()).resolves.toBe(true);
    // Teams' renderer gives Action.OpenUrl the link role, the others the button role.
    for (const button of buttons) {
      const control = card.getByRole('button', { name: button, exact: true }).or(card.getByRole('link', { name: button, exact: true }));
      expect([button, await control.first().isVisible()]).toEqual([button, true]);
    }
    await expect(
      page.getByText(/申し訳ありません|Sorry, something went wrong|このボタンの操作は使えません|This button no longer works/).count(),
    ).resolves.toBe(0);
    await card.screenshot({ path: path.join(SCREENSHOT_DIR, `playground-card-${name}-${locale}.png`), animations: 'disabled' });
    return card;
  }

  /** A question sent through the bot's own cards (質問 → 確認して次へ → それでも質問する), as the Playground's user. */
  async function ask(locale: Locale, subject: string): Promise<string> {
    const mark = stack.events.length;
    const formShown = stack.waitForBotMessage(PLAYGROUND.personalChat, (e) =>
      JSON.stringify(e.message.attachments ?? []).includes(inquiryText(locale, 'ask.title')),
    );
    await stack.say(PLAYGROUND.personalChat, PLAYGROUND.users.wardStaff, locale === 'ja' ? '質問' : 'ask');
    const form = await formShown;
    expect(stack.events.length).toBeGreaterThan(mark);
    const next = actionOf(form, inquiryText(locale, 'ask.next'));
    const preview = await stack.execute(PLAYGROUND.personalChat, form.message.messageId, next.verb, {
      ...next.data,
      targetDepartmentId: 'hq-hoken-nenkin',
      category: '国民健康保険',
      subject,
      body: '11月に口座振替を申し込んだ世帯に、12月期の納付書を送る必要はありますか。',
      legalBasis: '',
      desiredAnswerDate: addBusinessDays(japanDateOf(new Date()), 3),
      urgency: '通常',
    });
    const submit = actionOf(preview, inquiryText(locale, 'suggest.askAnyway'));
    const sent = await stack.execute(PLAYGROUND.personalChat, form.message.messageId, submit.verb, submit.data);
    const number = /Q-R8-\d{4}/.exec(JSON.stringify(sent.value))?.[0];
    expect(number).toBeDefined();
    return number as string;
  }

  it('shows the search result, check-in, inquiry, notice and survey cards in Japanese', async () => {
    await openConversation(/Personal Chat/);
    await send('国保 喪失');
    await shows('search', 'ja', inquiryText('ja', 'search.title', { query: '国保 喪失' }), [
      inquiryText('ja', 'search.open'),
      inquiryText('ja', 'search.resolved'),
      inquiryText('ja', 'search.ask'),
    ]);

    await send('チェックイン');
    const list = await shows('checkin-list', 'ja', checkInText('ja', 'list.title'), [checkInText('ja', 'list.open')]);
    await list
      .getByRole('button', { name: checkInText('ja', 'list.open') })
      .first()
      .click();
    await shows('checkin', 'ja', '四半期チェックイン：R8年度 Q3', [checkInText('ja', 'card.submit')]);

    const number = await ask('ja', '口座振替の開始月と納付書の扱い');
    await shows('inquiry-asker', 'ja', inquiryText('ja', 'card.yourInquiry'), [inquiryText('ja', 'withdraw.button')]);
    await openConversation(/保険年金課 疑義照会/);
    const thread = await shows('inquiry-thread', 'ja', `${number}　口座振替の開始月と納付書の扱い`, [
      inquiryText('ja', 'thread.claim'),
      inquiryText('ja', 'reassign.button'),
    ]);
    await expect(thread.textContent()).resolves.toContain('佐藤 美咲（北区役所 保険年金課）');

    // お知らせ and 全区照会 from HQ (the tab's forms post the same JSON) reach 北区's card in General.
    const notice = await fetch(`${stack.botUrl}/api/notices`, {
      method: 'POST',
      headers: { Authorization: 'Demo p-admin', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        kind: '制度改正',
        title: '国保の資格喪失日の取扱い',
        body: '令和9年4月1日から、資格喪失日は転出日の翌日とします。',
        confirmBy: addBusinessDays(japanDateOf(new Date()), 3),
        audience: { wardSections: [KITA] },
      }),
    });
    expect(notice.status).toBe(201);
    const survey = await fetch(`${stack.botUrl}/api/surveys`, {
      method: 'POST',
      headers: { Authorization: 'Demo p-hq-responder', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        title: '資格確認書の交付件数調査',
        purpose: '12月分の交付件数と主な交付方法を回答してください。',
        dueOn: addBusinessDays(japanDateOf(new Date()), 5),
        audience: { wardSections: [KITA] },
        requiresWardApproval: true,
        questions: [
          { key: 'cases', label: '交付件数', type: 'number', unit: '件', min: 0, required: true },
          { key: 'method', label: '主な交付方法', type: 'choice', choices: ['窓口', '郵送'], required: true },
        ],
      }),
    });
    expect(survey.status).toBe(201);
    await openConversation(/General/);
    await shows('notice', 'ja', '国保の資格喪失日の取扱い', [noticeText('ja', 'card.confirm')]);
    await shows('survey', 'ja', '資格確認書の交付件数調査', [surveyText('ja', 'card.save')]);
  }, 180_000);

  it("shows her personal chat's cards in English once her directory language is English", async () => {
    // What a roster import with 言語 = en does, straight in the running server's SQLite file.
    const db = new Database(path.join(stack.dataDir, DATABASE_FILE_NAME));
    try {
      db.prepare(`UPDATE people SET doc = json_set(doc, '$.locale', 'en') WHERE id = 'p-ward-staff'`).run();
    } finally {
      db.close();
    }
    await openConversation(/Personal Chat/);
    await send('国保 喪失');
    await shows('search', 'en', inquiryText('en', 'search.title', { query: '国保 喪失' }), [
      inquiryText('en', 'search.open'),
      inquiryText('en', 'search.resolved'),
      inquiryText('en', 'search.ask'),
    ]);

    await send('checkin');
    const list = await shows('checkin-list', 'en', checkInText('en', 'list.title'), [checkInText('en', 'list.open')]);
    await list
      .getByRole('button', { name: checkInText('en', 'list.open') })
      .first()
      .click();
    await shows('checkin', 'en', checkInText('en', 'card.title', { quarter: 'FY2026 Q3' }), [checkInText('en', 'card.submit')]);

    await ask('en', 'Direct debit start month');
    const asker = await shows('inquiry-asker', 'en', inquiryText('en', 'card.yourInquiry'), [inquiryText('en', 'withdraw.button')]);
    await expect(asker.textContent()).resolves.toContain('Waiting to be taken');
  }, 120_000);
});
