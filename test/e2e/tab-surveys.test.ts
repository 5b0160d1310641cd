import fs from 'node:fs';
import path from 'node:path';
import { Workbook } from 'exceljs';
import iconv from 'iconv-lite';
import type { BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../bot/app';
import type { Department } from '../../bot/directory/model';
import { addBusinessDays, japanDateOf } from '../../bot/platform/fiscal-calendar';
import { loadConfig } from '../../bot/platform/config';
import { silentLogger } from '../../bot/platform/logger';
import type { SurveyFigures } from '../../bot/analytics/survey-metrics';
import type { SurveyListItem, SurveyView } from '../../bot/surveys/api-routes';
import { seriousViolations } from '../support/axe';
import { downloadedBytes, launchChromium, SCREENSHOT_DIR } from '../support/browser';
import { staffPerson } from '../support/demo-api';
import { jsonOf, tempDir } from '../support/processes';

const KITA = 'ward-kita-hoken-nenkin';
const MINAMI = 'ward-minami-hoken-nenkin';
const NISHI = 'ward-nishi-hoken-nenkin';
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]/;

const QUESTIONS = [
  { key: 'cases', label: '資格確認書の交付件数', type: 'number', required: true, unit: '件', min: 0, max: 100000 },
  { key: 'issue', label: '窓口での課題', type: 'choice', required: true, choices: ['特になし', '説明に時間がかかる', 'その他'] },
  { key: 'opinion', label: '御意見', type: 'text', required: false },
];

/**
 * The 全区照会 tab in Debian's Chromium on the real server (SQLite, demo data, the real API):
 * HQ's list with 回答 x/y and 期限超過 and the filters, HQ's one table with totals and the three
 * downloads (read back), the form builder with the server's field errors, a ward section
 * answering and approving in the tab, English without Japanese leftovers, and axe.
 */
describe('surveys tab', () => {
  let app: RunningApp;
  let browser: BrowserContext;
  let page: Page;
  let dataDir: string;
  /** A: to 北区 and 南区, 北区 answered and approved; B: 意見照会 to 北区 (its opinion sent) and 西区 (国民年金), past its deadline; C: to 北区, answered. */
  const ids = { a: '', b: '', c: '' };
  const today = japanDateOf(new Date());

  const call = async <T>(method: 'GET' | 'POST' | 'PUT', url: string, personId: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${app.url}${url}`, {
      method,
      headers: { Authorization: `Demo ${personId}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await jsonOf(response);
    if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${JSON.stringify(json)}`);
    return json as T;
  };
  const create = async (survey: Record<string, unknown>) =>
    (
      await call<SurveyView>('POST', '/api/surveys', 'p-hq-responder', {
        purpose: '12月分の交付件数と窓口での課題をお知らせください。',
        dueOn: addBusinessDays(today, 5),
        requiresWardApproval: true,
        questions: QUESTIONS,
        ...survey,
      })
    ).id;
  const answer = (id: string, section: string, who: string, answers: Record<string, unknown>) =>
    call('PUT', `/api/surveys/${id}/answers/${section}`, who, { answers, submit: true });

  const list = () => page.getByTestId('survey-list');
  const row = (id: string) => list().getByRole('row').filter({ hasText: id });
  const listedIds = () => list().locator('tbody tr td:first-child').allTextContents();
  const tableRow = (name: string) =>
    page
      .getByTestId('survey-table')
      .locator('tbody tr')
      .filter({ has: page.getByRole('rowheader', { name }) });

  async function signInAs(name: string, hash = '#/surveys') {
    await page.goto(`${app.url}/tab/${hash}`);
    const signOut = page.getByRole('button', { name: /サインアウト|Sign out/ });
    await Promise.race([
      signOut.waitFor(),
      page
        .getByRole('button', { name: /としてサインイン|Sign in as/ })
        .first()
        .waitFor(),
    ]);
    if (await signOut.isVisible()) await signOut.click();
    await page.getByRole('button', { name: new RegExp(`^(${name} としてサインイン|Sign in as ${name})$`) }).click();
    await page.getByTestId('signed-in-as').waitFor();
  }

  beforeAll(async () => {
    dataDir = tempDir('renkei-tab-surveys-');
    const config = loadConfig({ APP_DATA_DIR: dataDir, CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0', INQUIRY_DEADLINE_INTERVAL_SECONDS: '0' });
    config.port = 0;
    app = await startApp(config, silentLogger);
    const departments = await app.store.departments.list();
    const update = (id: string, change: Partial<Department>) =>
      app.store.departments.upsert({ ...(departments.find((d) => d.id === id) as Department), ...change });
    await update(KITA, { categories: ['国民健康保険'] });
    await update(MINAMI, { categories: ['国民健康保険'] });
    await update(NISHI, { categories: ['国民年金'] });
    await app.store.people.upsert({ ...staffPerson('p-minami-staff', MINAMI, ['staff'], 71), displayName: '山本 花子' });
    await app.store.people.upsert({ ...staffPerson('p-minami-manager', MINAMI, ['staff', 'approver'], 72), displayName: '中村 課長' });

    ids.a = await create({ title: '資格確認書の交付件数調査', audience: { wardSections: [KITA, MINAMI] } });
    ids.b = await create({
      title: '国保資格マニュアル改訂案への意見照会',
      audience: { wardSections: [KITA, NISHI] },
      manualId: 'M-001',
      draftUrl: 'https://sakura-city.example/drafts/m-001-v2.docx',
      questions: [{ key: 'opinion', label: '改訂案への御意見', type: 'text', required: true }],
    });
    ids.c = await create({ title: '窓口混雑の実態調査', audience: { wardSections: [KITA] }, requiresWardApproval: false });
    // 北区 answers A (with markup and a formula in the text) and its approver approves; C is answered at once.
    await answer(ids.a, KITA, 'p-ward-staff', { cases: '１，２３４', issue: 'その他', opinion: '=HYPERLINK("x")<b>混雑</b>' });
    await call('POST', `/api/surveys/${ids.a}/answers/${KITA}/approve`, 'p-ward-manager', {});
    await answer(ids.c, KITA, 'p-ward-staff', { cases: 7, issue: '特になし' });
    await answer(ids.b, KITA, 'p-ward-staff', { opinion: '第3章に転出の記載例を加えてください。' });
    await call('POST', `/api/surveys/${ids.b}/answers/${KITA}/approve`, 'p-ward-manager', {});
    // B's 回答期限 has passed (set in the store: the API rightly refuses a deadline in the past).
    const b = (await app.store.surveys.get(ids.b))!;
    await app.store.surveys.update({ ...b, dueOn: addBusinessDays(today, -2) }, b.updatedAt);

    browser = await launchChromium();
    page = await browser.newPage();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("lists HQ's surveys with 回答 x/y, 期限超過 and the 意見照会 mark", async () => {
    await signInAs('鈴木 健太');
    await row(ids.a).waitFor();
    expect((await listedIds()).sort()).toEqual([ids.a, ids.b, ids.c].sort());
    await expect(row(ids.a).textContent()).resolves.toContain('回答 1/2');
    await expect(row(ids.a).getByText('期限超過').count()).resolves.toBe(0);
    await expect(row(ids.b).textContent()).resolves.toContain('回答 1/2');
    await expect(row(ids.b).getByText('期限超過').count()).resolves.toBe(1);
    await expect(row(ids.b).textContent()).resolves.toContain('意見照会');
    await expect(row(ids.c).textContent()).resolves.toContain('回答 1/1');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'tab-surveys.png'), fullPage: true, animations: 'disabled' });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('filters by 分野, 年度 and 未回答あり, as the server answers', async () => {
    const choose = (label: string, option: string) => page.getByRole('combobox', { name: label }).selectOption({ label: option });
    const waitForIds = async (expected: string[]) => {
      for (let i = 0; i < 50 && JSON.stringify((await listedIds()).sort()) !== JSON.stringify([...expected].sort()); i++)
        await page.waitForTimeout(100);
      expect((await listedIds()).sort()).toEqual([...expected].sort());
    };
    await choose('分野', '国民年金');
    await waitForIds([ids.b]);
    await choose('分野', 'すべての分野');
    await waitForIds([ids.a, ids.b, ids.c]);
    await page.getByRole('switch', { name: '未回答の課があるものだけ' }).click();
    await waitForIds([ids.a, ids.b]);
    const fy = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 4 ? 1 : 0);
    await choose('年度', `R${fy - 2018}年度`);
    await waitForIds([ids.a, ids.b]);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("shows HQ's one table: a row per section, who approved, totals, text as text", async () => {
    await page.goto(`${app.url}/tab/#/surveys/${encodeURIComponent(ids.a)}`);
    await page.getByTestId('survey-table').waitFor();
    await expect(page.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('資格確認書の交付件数調査');
    const kita = tableRow('北区役所 保険年金課');
    await expect(kita.textContent()).resolves.toContain('回答済み');
    await expect(kita.textContent()).resolves.toContain('佐藤 美咲'); // answered by
    await expect(kita.textContent()).resolves.toContain('伊藤 由美'); // approved by
    await expect(kita.textContent()).resolves.toContain('1,234 件');
    // Markup typed into an answer is text.
    await expect(kita.textContent()).resolves.toContain('=HYPERLINK("x")<b>混雑</b>');
    await expect(kita.locator('b').count()).resolves.toBe(0);
    await expect(tableRow('南区役所 保険年金課').textContent()).resolves.toContain('未回答');
    const totals = page.getByTestId('survey-totals');
    const cases = totals.locator('td[data-question="cases"]');
    await expect(cases.textContent()).resolves.toBe('合計 1,234平均 1,234最小 1,234最大 1,234');
    await expect(totals.locator('td[data-question="issue"]').textContent()).resolves.toBe('特になし: 0説明に時間がかかる: 0その他: 1');
    await expect(page.getByTestId('survey-table').locator('caption').textContent()).resolves.toContain('2 課中 1 課が回答済み');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'tab-survey-detail.png'), fullPage: true, animations: 'disabled' });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('downloads the table as xlsx, CSV (UTF-8 with BOM) and CSV (Shift_JIS), each read back', async () => {
    const save = async (name: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
      return { name: download.suggestedFilename(), bytes: await downloadedBytes(download) };
    };
    const xlsx = await save('Excel（xlsx）');
    expect(xlsx.name).toBe(`照会_${ids.a}.xlsx`);
    const workbook = new Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(3);
    expect([sheet.getRow(2).getCell(1).value, sheet.getRow(2).getCell(6).value]).toEqual(['北区役所 保険年金課', 1234]);

    const utf8 = await save('CSV（UTF-8）');
    expect([...utf8.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(utf8.bytes.subarray(3).toString('utf8')).toContain(`"'=HYPERLINK(""x"")<b>混雑</b>"`); // formula neutralised

    const sjis = await save('CSV（Shift_JIS）');
    expect(sjis.name).toBe(`照会_${ids.a}_SJIS.csv`);
    const lines = iconv.decode(sjis.bytes, 'cp932').trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^北区役所 保険年金課,回答済み,佐藤 美咲,伊藤 由美,/);
    expect(lines[2]).toMatch(/^南区役所 保険年金課,未回答,/);
  });

  it('shows a 意見照会 with its manual and the draft link', async () => {
    await page.goto(`${app.url}/tab/#/surveys/${encodeURIComponent(ids.b)}`);
    await page.getByTestId('survey-table').waitFor();
    await expect(page.getByRole('link', { name: 'https://sakura-city.example/drafts/m-001-v2.docx' }).getAttribute('rel')).resolves.toBe(
      'noopener noreferrer',
    );
    await expect(page.getByRole('link', { name: 'M-001', exact: true }).count()).resolves.toBe(1);
    await expect(page.locator('article').getByText('期限超過').count()).resolves.toBe(1);
  });

  it("records HQ's response to the opinion (a reason is required for 反映しない) and sends 意見照会結果 as a notice", async () => {
    const opinion = page.locator(`[data-opinion="${KITA}/opinion"]`);
    await expect(opinion.textContent()).resolves.toContain('第3章に転出の記載例を加えてください。');
    const send = page.getByRole('button', { name: '意見照会結果を送る' });
    await expect(send.isDisabled()).resolves.toBe(true);
    await opinion.getByRole('radio', { name: '反映しない' }).check();
    await opinion.getByRole('button', { name: '対応を保存' }).click();
    await opinion.getByText('反映しないときは、その理由を入力してください。').waitFor();
    await expect(opinion.getByRole('textbox', { name: /理由・対応の内容/ }).getAttribute('aria-invalid')).resolves.toBe('true');
    await opinion.getByRole('textbox', { name: /理由・対応の内容/ }).fill('転出の例は別の章で扱います。');
    await opinion.getByRole('button', { name: '対応を保存' }).click();
    await page.getByRole('status').filter({ hasText: '北区役所 保険年金課の御意見への対応を保存しました。' }).waitFor();
    await expect(opinion.getByText('反映しない').first().isVisible()).resolves.toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '意見照会結果を送る' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /意見照会結果をお知らせ N-R\d+-\d{4} として作成しました。/ })
      .waitFor();
    const link = page.getByTestId('opinion-responses').getByRole('link', { name: /^N-R\d+-\d{4}$/ });
    const noticeId = (await link.textContent()) as string;
    await expect(page.getByRole('button', { name: '意見照会結果を送る' }).count()).resolves.toBe(0);
    const notice = await call<{ title: string; body: string; sections: { departmentId: string }[] }>(
      'GET',
      `/api/notices/${noticeId}`,
      'p-hq-responder',
    );
    expect(notice.title).toBe('意見照会結果：国保資格マニュアル改訂案への意見照会');
    expect(notice.body).toContain('御意見: 第3章に転出の記載例を加えてください。\n対応: 反映しない\n理由: 転出の例は別の章で扱います。');
    expect(notice.body).toContain(`#/surveys/${ids.b}`);
    expect(notice.sections.map((s) => s.departmentId).sort()).toEqual([KITA, NISHI].sort());
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'tab-survey-opinions.png'), fullPage: true, animations: 'disabled' });
    await link.click();
    await page.waitForURL(/#\/notices\/N-/);
  });

  it("builds a survey in the form: the server's field errors under their inputs, then the survey", async () => {
    await page.goto(`${app.url}/tab/#/surveys`);
    await page.getByRole('link', { name: '照会を作成' }).click();
    await page.getByRole('heading', { name: '照会の作成' }).waitFor();
    await expect(page.getByRole('switch', { name: /区役所の課の承認者が承認してから回答する/ }).isChecked()).resolves.toBe(true);
    await page.getByRole('textbox', { name: '趣旨' }).fill('窓口の待ち時間を調べます。');
    await page.getByRole('checkbox', { name: '南区役所 保険年金課' }).check();
    const first = page.getByTestId('question-1');
    await first.getByRole('textbox', { name: '質問文' }).fill('平均待ち時間');
    await first.getByRole('textbox', { name: '単位' }).fill('分');
    await first.getByRole('textbox', { name: '最小値' }).fill('10');
    await first.getByRole('textbox', { name: '最大値' }).fill('5');
    await page.getByRole('button', { name: '質問を追加' }).click();
    const second = page.getByTestId('question-2');
    await second.getByRole('textbox', { name: '質問文' }).fill('混雑する曜日');
    await second.getByRole('combobox', { name: '種類' }).selectOption({ label: '選択' });
    await page.getByRole('button', { name: '送信' }).click();
    // 件名 empty, max below min, a choice question without choices: each named under its input.
    const title = page.getByRole('textbox', { name: '件名' });
    await page.getByText('件名を入力してください。').waitFor();
    await expect(title.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(first.getByRole('textbox', { name: '最大値' }).getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(second.getByRole('textbox', { name: '選択肢' }).getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.evaluate('document.activeElement?.getAttribute("aria-invalid")')).resolves.toBe('true');
    expect(await seriousViolations(page)).toEqual([]);

    await title.fill('窓口の待ち時間調査');
    await first.getByRole('textbox', { name: '最大値' }).fill('240');
    await second.getByRole('textbox', { name: '選択肢' }).fill('月曜\n金曜\n特になし');
    await page.getByRole('button', { name: '送信' }).click();
    await page.waitForURL(/#\/surveys\/S-/);
    const id = decodeURIComponent(page.url().split('#/surveys/')[1]);
    await page.getByRole('heading', { level: 2, name: '窓口の待ち時間調査' }).waitFor();
    const stored = await call<SurveyView>('GET', `/api/surveys/${encodeURIComponent(id)}`, 'p-hq-responder');
    expect(stored.requiresWardApproval).toBe(true);
    expect(stored.questions).toEqual([
      { key: 'q1', label: '平均待ち時間', type: 'number', required: true, unit: '分', min: 10, max: 240 },
      { key: 'q2', label: '混雑する曜日', type: 'choice', required: true, choices: ['月曜', '金曜', '特になし'] },
    ]);
    expect(stored.sections.map((s) => s.departmentId)).toEqual([MINAMI]);
  });

  it('lets a ward section answer only its own: a bad value named, 承認依頼, then its approver approves', async () => {
    await signInAs('山本 花子', `#/surveys/${encodeURIComponent(ids.a)}`);
    await page.getByRole('heading', { name: '南区役所 保険年金課の回答' }).waitFor();
    // No HQ table, no downloads, nobody else's answer.
    await expect(page.getByTestId('survey-table').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Excel（xlsx）' }).count()).resolves.toBe(0);
    await expect(page.locator('main').textContent()).resolves.not.toContain('1,234');
    const cases = page.getByRole('textbox', { name: '資格確認書の交付件数' });
    await cases.fill('二百');
    await page.getByRole('radio', { name: '特になし' }).check();
    await page.getByRole('button', { name: '承認依頼' }).click();
    await page.getByRole('alert').filter({ hasText: '入力内容を確認してください。' }).waitFor();
    await expect(cases.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(cases.inputValue()).resolves.toBe('二百'); // kept as typed
    await cases.fill('２００');
    await page.getByRole('button', { name: '承認依頼' }).click();
    await page.getByRole('status').filter({ hasText: '承認を依頼しました。' }).waitFor();
    await expect(page.getByText('承認待ち').count()).resolves.toBeGreaterThan(0);
    // Staff cannot approve; the section's approver can.
    await expect(page.getByRole('button', { name: '承認して回答' }).count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    await signInAs('中村 課長', `#/surveys/${encodeURIComponent(ids.a)}`);
    await page.getByRole('button', { name: '承認して回答' }).click();
    await page.getByRole('status').filter({ hasText: '承認し、本庁に回答しました。' }).waitFor();
    const hq = await call<SurveyView>('GET', `/api/surveys/${ids.a}`, 'p-hq-responder');
    expect(hq.sections.find((s) => s.departmentId === MINAMI)).toMatchObject({
      status: 'answered',
      answers: { cases: 200, issue: '特になし' },
      answeredBy: 'p-minami-staff',
      approvedBy: 'p-minami-manager',
    });
    expect(hq.totals?.cases).toEqual({ sum: 1434, mean: 717, min: 200, max: 1234, count: 2 });
    // The ward list shows its own status, not HQ's count.
    await page.goto(`${app.url}/tab/#/surveys`);
    await row(ids.a).waitFor();
    await expect(row(ids.a).textContent()).resolves.toContain('回答済み');
    await expect(row(ids.a).textContent()).resolves.not.toContain('回答 2/2');
  });

  it("shows the dashboard's 全区照会 figures with their denominators, as GET /api/analytics gives them", async () => {
    const { surveys } = await call<{ surveys: SurveyFigures }>('GET', '/api/analytics', 'p-pmo');
    // A, B, C and the one built in the form (南区, not yet due: not counted); 6 sections asked. A 2/2 and C 1/1 on time;
    // B's deadline was moved into the past after 北区 answered, so that answer is late, and 西区 is overdue without one.
    expect([surveys.surveys, surveys.sectionsAsked, surveys.sectionsAnswered]).toEqual([4, 6, 4]);
    expect([surveys.answeredOnTime, surveys.answeredLate, surveys.openOverdue, surveys.counted]).toEqual([3, 1, 1, 5]);
    await signInAs('田中 誠', '#/dashboard');
    const figures = page.getByTestId('survey-figures');
    await figures.waitFor();
    await expect(figures.textContent()).resolves.toContain('4 件');
    await expect(figures.textContent()).resolves.toContain('60%（3/5件）');
    const nishi = page.getByTestId('survey-ward-table').getByRole('row').filter({ hasText: '西区役所' });
    await expect(nishi.textContent()).resolves.toContain('0/1件');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('speaks English with no Japanese leftovers beyond the data itself', async () => {
    await page.addInitScript(() => Object.defineProperty(navigator, 'language', { get: () => 'en-GB' }));
    await page.reload();
    await signInAs('鈴木 健太', '#/surveys');
    await row(ids.a).waitFor();
    const items = (await call<{ items: SurveyListItem[] }>('GET', '/api/surveys', 'p-hq-responder')).items;
    const details = await Promise.all(
      items.map((i) => call<SurveyView>('GET', `/api/surveys/${encodeURIComponent(i.id)}`, 'p-hq-responder')),
    );
    const departments = (await call<{ departments: Department[] }>('GET', '/api/departments', 'p-hq-responder')).departments;
    const data = [
      ...details.flatMap((d) => [
        d.title,
        d.purpose,
        d.senderDepartmentName,
        ...d.questions.flatMap((q) => [q.label, q.unit ?? '', ...(q.choices ?? [])]),
        ...d.sections.flatMap((s) => [s.name, s.answeredByName ?? '', s.approvedByName ?? '', ...Object.values(s.answers).map(String)]),
        ...(d.responses ?? []).map((r) => r.reason),
      ]),
      ...departments.flatMap((d) => [`${d.office} ${d.name}`, d.office, d.name, ...(d.categories ?? [])]),
      '鈴木 健太',
      // The language switch names Japanese in Japanese (marked lang="ja"), as language pickers do.
      '日本語',
    ]
      .filter(Boolean)
      .sort((x, y) => y.length - x.length);
    const leftovers = (text: string) =>
      data
        .reduce((rest, value) => rest.split(value).join(' '), text)
        .split('\n')
        .filter((line) => JAPANESE.test(line));
    await expect(page.getByRole('tab', { name: 'Surveys' }).count()).resolves.toBe(1);
    expect(leftovers(await page.locator('main').innerText())).toEqual([]);
    await expect(row(ids.b).textContent()).resolves.toContain('Overdue');
    await row(ids.a).getByRole('link', { name: ids.a }).click();
    await page.getByTestId('survey-table').waitFor();
    await expect(page.getByTestId('survey-totals').textContent()).resolves.toContain('Sum 1,434');
    expect(leftovers(await page.locator('main').innerText())).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    // The 意見照会 with HQ's response and its results notice.
    await page.goto(`${app.url}/tab/#/surveys/${encodeURIComponent(ids.b)}`);
    await page.getByTestId('opinion-responses').waitFor();
    await expect(page.getByTestId('opinion-responses').textContent()).resolves.toContain('Will not reflect');
    expect(leftovers(await page.locator('main').innerText())).toEqual([]);

    await page.goto(`${app.url}/tab/#/surveys/new`);
    await page.getByRole('heading', { name: 'Create a survey' }).waitFor();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Check the subject.').waitFor();
    await page.getByText('Check the question text of question 1.').waitFor();
    expect(leftovers(await page.locator('main').innerText())).toEqual([]);
  });
});
