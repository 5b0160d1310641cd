import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { RepeatedTopicsFigure } from '../../bot/analytics/repeated-topics';
import { startApp, type RunningApp } from '../../bot/app';
import type { Inquiry } from '../../bot/inquiries/model';
import { loadConfig } from '../../bot/platform/config';
import { silentLogger } from '../../bot/platform/logger';
import { make } from '../contract/fixtures';
import { seriousViolations } from '../support/axe';
import { launchChromium, SCREENSHOT_DIR } from '../support/browser';
import { tempDir } from '../support/processes';

const R0006 = '市外の有料老人ホームに入居した場合の介護保険の住所地特例';

/**
 * 同様の照会・判断事例 in the tab (Debian's Chromium): an inquiry's similar cases, the citation of an
 * answer, a ruling's 「引用した回答」 and the dashboard's repeated topics, on the demo data with four
 * inquiries of 中央区 and 南区 added.
 */
describe('similar cases, citations and repeated topics in the tab', () => {
  let app: RunningApp;
  let browser: BrowserContext;
  let page: Page;

  const answeredBy = (text: string, answeredAt: string, o: Partial<Inquiry['answer'] & object> = {}) => ({
    text,
    answeredBy: 'p-hq-responder',
    approvedBy: null,
    answeredAt,
    ...o,
  });
  const added = (number: string, o: Partial<Inquiry>) =>
    make.inquiry({
      number,
      fiscalYear: 2025,
      askerId: 'p-someone-in-chuo',
      askerDepartmentId: 'ward-chuo-hoken-nenkin',
      targetDepartmentId: 'hq-hoken-nenkin',
      category: '後期高齢者医療',
      status: 'answered',
      createdAt: '2025-09-20T01:00:00.000Z',
      updatedAt: '2025-10-01T01:00:00.000Z',
      ...o,
    });

  async function signInAs(name: string) {
    await page.getByRole('button', { name: `${name} としてサインイン` }).click();
    await page.getByTestId('signed-in-as').waitFor();
  }

  beforeAll(async () => {
    const config = loadConfig({ APP_DATA_DIR: tempDir('renkei-tab-similar-'), CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0' });
    config.port = 0;
    app = await startApp(config, silentLogger);
    const about = {
      subject: '市外の特別養護老人ホームに入所した後期高齢者医療の被保険者の住所地特例',
      body: '特別養護老人ホームに入所して住民票を移した被保険者に住所地特例は適用されますか。',
    };
    await app.store.inquiries.insert(
      added('Q-R7-0101', {
        ...about,
        answer: answeredBy('住所地特例が適用され、入所前の住所地の被保険者のままです。', '2025-10-01T01:00:00.000Z'),
      }),
    );
    await app.store.inquiries.insert(
      added('Q-R7-0102', {
        ...about,
        answer: answeredBy('R-0006 のとおりです。', '2025-11-01T01:00:00.000Z', {
          citation: { kind: 'ruling', id: 'R-0006', title: R0006 },
        }),
      }),
    );
    const kodomo = { targetDepartmentId: 'hq-kodomo', category: '児童手当' };
    await app.store.inquiries.insert(
      added('Q-R7-0201', {
        ...kodomo,
        subject: '離婚協議中で別居している父母の児童手当の受給者',
        body: '離婚協議中で別居している父母のどちらが児童手当を受給しますか。',
        answer: answeredBy('児童と同居する父母が受給者です。', '2025-10-01T01:00:00.000Z'),
      }),
    );
    await app.store.inquiries.insert(
      added('Q-R7-0202', {
        ...kodomo,
        askerDepartmentId: 'ward-minami-hoken-nenkin',
        subject: '別居中の父母（離婚協議中）の児童手当の受給者',
        body: '離婚協議中で別居している父母のどちらを児童手当の受給者としますか。',
        status: 'submitted',
        answer: null,
        createdAt: '2025-10-05T01:00:00.000Z',
      }),
    );
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${app.url}/tab/`);
    await signInAs('鈴木 健太');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("shows HQ an inquiry's similar cases: the ruling and another ward's earlier inquiry with its status and answer", async () => {
    await page.goto(`${app.url}/tab/#/inquiries/Q-R8-0003`);
    const similar = page.getByTestId('inquiry-similar');
    await similar.waitFor();
    const earlier = similar.getByRole('listitem').filter({ hasText: 'Q-R7-0101' });
    await expect(earlier.textContent()).resolves.toContain('中央区役所 保険年金課');
    await expect(earlier.textContent()).resolves.toContain('回答済');
    await expect(earlier.textContent()).resolves.toContain('住所地特例が適用され、入所前の住所地の被保険者のままです。');
    await expect(similar.getByRole('link', { name: /^判断事例 R-0006/ }).count()).resolves.toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'tab-similar-cases.png'), fullPage: true, animations: 'disabled' });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('says which ruling an answer cites, and the ruling lists the answers that cite it', async () => {
    await page.goto(`${app.url}/tab/#/inquiries/Q-R7-0102`);
    const note = page.getByTestId('inquiry-citation');
    await note.waitFor();
    await expect(note.textContent()).resolves.toBe(`この回答は判断事例 R-0006「${R0006}」を引用しています。`);
    await note.getByRole('link').click();
    const citedBy = page.getByTestId('ruling-cited-by');
    await citedBy.waitFor();
    expect(page.url()).toContain('#/rulings/R-0006');
    await expect(citedBy.getByRole('listitem').allTextContents()).resolves.toEqual([
      'Q-R7-0102 中央区役所 保険年金課からの照会　2025-11-01 (土) 10:00 回答',
    ]);
    await page.goto(`${app.url}/tab/#/rulings/R-0020`);
    await page.getByText('この判断事例を引用して回答した照会はまだありません。').waitFor();
  });

  it('lists on the dashboard the topic two wards asked without a ruling, with the basis the API gives', async () => {
    await page.getByRole('button', { name: 'サインアウト' }).click();
    await signInAs('田中 誠');
    await page.getByRole('tab', { name: '効果検証' }).click();
    const table = page.getByTestId('repeated-topics-table');
    await table.waitFor();
    const response = await fetch(`${app.url}/api/analytics`, { headers: { Authorization: 'Demo p-pmo' } });
    const { repeatedTopics } = (await response.json()) as { repeatedTopics: RepeatedTopicsFigure };
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(repeatedTopics.topics.length);
    const topic = table.locator('tbody tr').filter({ hasText: 'Q-R7-0201' });
    await expect(topic.textContent()).resolves.toContain('離婚協議中で別居している父母の児童手当の受給者');
    await expect(topic.getByRole('link', { name: 'Q-R7-0202' }).count()).resolves.toBe(1);
    const basis = await page.getByTestId('repeated-basis').textContent();
    expect(basis).toContain(`取下げを除く照会 ${repeatedTopics.basis.inquiriesCompared} 件`);
    expect(basis).toContain(`判断事例で解決済みの話題 ${repeatedTopics.basis.topicsWithRuling} 件`);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
