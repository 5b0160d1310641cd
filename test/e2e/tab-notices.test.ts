import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../bot/app';
import type { Department, Person } from '../../bot/directory/model';
import type { NoticeDetail, NoticeListItem } from '../../bot/notices/api-routes';
import type { NoticeFigures } from '../../bot/analytics/notice-metrics';
import { loadConfig } from '../../bot/platform/config';
import { addBusinessDays, japanDateOf } from '../../bot/platform/fiscal-calendar';
import { silentLogger } from '../../bot/platform/logger';
import { seriousViolations } from '../support/axe';
import { launchChromium, SCREENSHOT_DIR } from '../support/browser';
import { jsonOf, tempDir } from '../support/processes';

const KITA = 'ward-kita-hoken-nenkin';
const MINAMI = 'ward-minami-hoken-nenkin';
/** No notice channel and nobody in it: the bot cannot reach it (届け先なし). */
const NISHI = 'ward-nishi-hoken-nenkin';
const MINAMI_CHANNEL = '19:minami-hoken-nenkin-notices@thread.tacv2';
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]/;

/** A notice body with markup in it: the tab must show it as text. */
const HOSTILE_BODY = '令和9年4月1日から、資格喪失日は転出日の翌日とします。\n<b>太字</b><img src=x onerror="window.__injected=1">';

/**
 * The お知らせ tab in Debian's Chromium on the real server (SQLite, demo data, the real API):
 * HQ's list with 確認 x/y and 期限超過, the filters, the section matrix, a ward person confirming
 * from the tab, composing with a field error then success, an approver approving, the dashboard's
 * figures, English without Japanese leftovers, and axe.
 */
describe('notices tab', () => {
  let app: RunningApp;
  let browser: BrowserContext;
  let page: Page;
  let dataDir: string;
  /** A: 制度改正 to 北区 and 南区, 北区 confirmed; B: 事務連絡 to 北区 and 西区 (unreachable), past its deadline; C: マニュアル改正 to 北区, confirmed. */
  const ids = { a: '', b: '', c: '' };
  const today = japanDateOf(new Date());

  const call = async <T>(method: 'GET' | 'POST', url: string, personId: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${app.url}${url}`, {
      method,
      headers: { Authorization: `Demo ${personId}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await jsonOf(response);
    if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${JSON.stringify(json)}`);
    return json as T;
  };
  /** Composed by the HQ responder, approved by the HQ approver (保険年金課 sends as an organisation). */
  async function sendNotice(notice: Record<string, unknown>): Promise<string> {
    const created = await call<NoticeDetail>('POST', '/api/notices', 'p-hq-responder', notice);
    expect(created.status).toBe('awaitingApproval');
    const sent = await call<NoticeDetail>('POST', `/api/notices/${created.id}/approve`, 'p-hq-approver', {});
    expect(sent.status).toBe('sent');
    return sent.id;
  }

  const list = () => page.getByTestId('notice-list');
  const row = (id: string) => list().getByRole('row').filter({ hasText: id });
  const listedIds = () => list().locator('tbody tr td:first-child').allTextContents();
  const matrixRow = (name: string) =>
    page
      .getByTestId('notice-matrix')
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name }) });

  async function signInAs(name: string, hash = '#/notices') {
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
    dataDir = tempDir('renkei-tab-notices-');
    const config = loadConfig({ APP_DATA_DIR: dataDir, CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0', INQUIRY_DEADLINE_INTERVAL_SECONDS: '0' });
    config.port = 0;
    app = await startApp(config, silentLogger);
    const departments = await app.store.departments.list();
    const update = (id: string, change: Partial<Department>) =>
      app.store.departments.upsert({ ...(departments.find((d) => d.id === id) as Department), ...change });
    await update(KITA, { categories: ['国民健康保険'] });
    await update(MINAMI, { noticeChannelId: MINAMI_CHANNEL, categories: ['国民健康保険'] });
    await update(NISHI, { noticeChannelId: null, categories: ['国民年金'] });
    const minamiStaff: Person = {
      id: 'p-minami-staff',
      entraObjectId: '6b1e0c3a-0071-4000-8000-000000000071',
      displayName: '山本 花子',
      email: 'p-minami-staff@sakura-city.example',
      departmentId: MINAMI,
      title: '主事',
      roles: ['staff'],
      locale: 'ja',
    };
    await app.store.people.upsert(minamiStaff);

    ids.a = await sendNotice({
      kind: '制度改正',
      title: '国民健康保険の資格喪失日の取扱い',
      body: HOSTILE_BODY,
      effectiveOn: addBusinessDays(today, 20),
      confirmBy: addBusinessDays(today, 5),
      audience: { wardSections: [KITA, MINAMI] },
      rulingIds: ['R-0002'],
      supersedesRulingIds: ['R-0001'],
      manualIds: ['M-001'],
    });
    ids.b = await sendNotice({
      kind: '事務連絡',
      title: '年金事務の窓口時間の変更',
      body: '窓口の受付時間を変更します。',
      audience: { wardSections: [KITA, NISHI] },
    });
    ids.c = await sendNotice({
      kind: 'マニュアル改正',
      title: '国保資格マニュアルの改訂',
      body: '第3章を改訂しました。',
      audience: { wardSections: [KITA] },
    });
    // The done-condition: one of the two sections of A confirms (through the API, as on the card).
    await call('POST', `/api/notices/${ids.a}/confirm`, 'p-ward-staff', {});
    await call('POST', `/api/notices/${ids.c}/confirm`, 'p-ward-manager', {});
    // B's 確認期限 has passed (set in the store: the API rightly refuses a deadline in the past).
    const b = (await app.store.notices.get(ids.b))!;
    await app.store.notices.update({ ...b, confirmBy: addBusinessDays(today, -2) }, b.updatedAt);

    browser = await launchChromium();
    page = await browser.newPage();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("lists HQ's notices with 確認 x/y, 期限超過 and the unreachable section", async () => {
    await signInAs('鈴木 健太');
    await row(ids.a).waitFor();
    expect(await listedIds()).toEqual(expect.arrayContaining([ids.a, ids.b, ids.c]));
    await expect(row(ids.a).textContent()).resolves.toContain('確認 1/2');
    await expect(row(ids.a).getByText('期限超過').count()).resolves.toBe(0);
    await expect(row(ids.b).textContent()).resolves.toContain('確認 0/2');
    await expect(row(ids.b).getByText('期限超過').count()).resolves.toBe(1);
    await expect(row(ids.b).textContent()).resolves.toContain('届け先なし 1');
    await expect(row(ids.c).textContent()).resolves.toContain('確認 1/1');
    await expect(row(ids.a).textContent()).resolves.toContain('制度改正');
    // HQ has no section of its own in the audience: no 確認しました for it.
    await expect(
      list()
        .getByRole('button', { name: /確認しました/ })
        .count(),
    ).resolves.toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'tab-notices.png'), fullPage: true, animations: 'disabled' });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('filters by 種別, 分野, 年度 and 未確認あり, as the server answers', async () => {
    const choose = async (label: string, option: string) => {
      await page.getByRole('combobox', { name: label }).selectOption({ label: option });
    };
    const waitForIds = async (expected: string[]) => {
      for (let i = 0; i < 50 && JSON.stringify((await listedIds()).sort()) !== JSON.stringify([...expected].sort()); i++)
        await page.waitForTimeout(100);
      expect((await listedIds()).sort()).toEqual([...expected].sort());
    };
    await choose('種別', '事務連絡');
    await waitForIds([ids.b]);
    await choose('種別', 'すべての種別');
    await waitForIds([ids.a, ids.b, ids.c]);
    await choose('分野', '国民年金');
    await waitForIds([ids.b]);
    await choose('分野', 'すべての分野');
    await page.getByRole('switch', { name: '未確認の課があるものだけ' }).click();
    await waitForIds([ids.a, ids.b]);
    const fy = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 4 ? 1 : 0);
    await choose('年度', `R${fy - 2018}年度`);
    await waitForIds([ids.a, ids.b]);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('shows the notice as text, its links, and the matrix: one section confirmed (who, when), one pending', async () => {
    await page.goto(`${app.url}/tab/#/notices/${encodeURIComponent(ids.a)}`);
    await page.getByTestId('notice-matrix').waitFor();
    await expect(page.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('国民健康保険の資格喪失日の取扱い');
    const kita = matrixRow('北区役所 保険年金課');
    const minami = matrixRow('南区役所 保険年金課');
    await expect(kita.textContent()).resolves.toContain('確認済み');
    await expect(kita.textContent()).resolves.toContain('佐藤 美咲');
    // The tab's one date style: 2026-12-14 (月) 09:30, Japan time.
    await expect(kita.locator('td').nth(2).textContent()).resolves.toMatch(/^\d{4}-\d{2}-\d{2} \([月火水木金土日]\) \d{2}:\d{2}$/);
    await expect(minami.textContent()).resolves.toContain('未確認');
    await expect(minami.locator('td').nth(1).textContent()).resolves.toBe('—');
    await expect(page.getByTestId('notice-matrix').locator('caption').textContent()).resolves.toContain('1/2');
    // The body's markup is text: shown as typed, never an element, never run.
    const body = page.getByTestId('notice-body');
    await expect(body.textContent()).resolves.toContain('<b>太字</b><img src=x onerror=');
    await expect(body.locator('b, img').count()).resolves.toBe(0);
    await expect(page.evaluate('window.__injected')).resolves.toBeUndefined();
    // Rulings link into the tab's ruling pages; the superseded one is marked.
    const rulings = page.getByRole('region', { name: '関係する判断事例' });
    await expect(rulings.getByRole('listitem').filter({ hasText: 'R-0001' }).textContent()).resolves.toContain('このお知らせにより改正');
    await expect(rulings.getByRole('listitem').filter({ hasText: 'R-0002' }).textContent()).resolves.not.toContain(
      'このお知らせにより改正',
    );
    await expect(page.getByRole('region', { name: '関係するマニュアル' }).textContent()).resolves.toContain('M-001');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'tab-notice-detail.png'), fullPage: true, animations: 'disabled' });
    expect(await seriousViolations(page)).toEqual([]);
    await rulings.getByRole('link', { name: 'R-0002' }).click();
    await page.waitForURL(/#\/rulings\/R-0002$/);
  });

  it('lets a ward person confirm from the tab: the row updates, and the matrix shows who', async () => {
    await signInAs('佐藤 美咲');
    await row(ids.b).waitFor();
    await expect(row(ids.a).textContent()).resolves.toContain('自課は確認済み');
    const confirm = row(ids.b).getByRole('button', { name: `${ids.b}「年金事務の窓口時間の変更」を確認しました` });
    await confirm.focus();
    await page.keyboard.press('Enter');
    await row(ids.b).getByText('自課は確認済み').waitFor();
    await expect(row(ids.b).textContent()).resolves.toContain('確認 1/2');
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: `${ids.b} の確認を記録しました。` })
        .count(),
    ).resolves.toBe(1);
    // The server has it, and a second confirm changes nothing.
    const detail = await call<NoticeDetail>('GET', `/api/notices/${ids.b}`, 'p-hq-responder');
    expect(detail.sections.find((s) => s.departmentId === KITA)).toMatchObject({ status: 'confirmed', confirmedBy: 'p-ward-staff' });
    expect(detail.sections.find((s) => s.departmentId === NISHI)?.status).toBe('unreachable');

    await row(ids.b).getByRole('link', { name: ids.b }).click();
    await page.getByTestId('notice-matrix').waitFor();
    await expect(matrixRow('北区役所 保険年金課').textContent()).resolves.toContain('佐藤 美咲');
    await expect(matrixRow('西区役所 保険年金課').textContent()).resolves.toContain('届け先なし（送信できません）');
    await expect(page.getByRole('button', { name: /確認しました/ }).count()).resolves.toBe(0);
    // A ward person cannot write a notice.
    await page.goto(`${app.url}/tab/#/notices`);
    await row(ids.a).waitFor();
    await expect(page.getByRole('link', { name: 'お知らせを作成' }).count()).resolves.toBe(0);
  });

  it("composes from the tab: the server's field error under its input, then the notice; an approver approves it", async () => {
    await signInAs('鈴木 健太');
    await page.getByRole('link', { name: 'お知らせを作成' }).click();
    await page.getByRole('heading', { name: 'お知らせの作成' }).waitFor();
    await page.getByRole('textbox', { name: '本文' }).fill('様式第2号を改めます。');
    await page.getByRole('checkbox', { name: '南区役所 保険年金課' }).check();
    await page.getByRole('button', { name: '送信' }).click();
    // The title was left empty: the server names it, the tab shows its words under 件名 and focuses it.
    const title = page.getByRole('textbox', { name: '件名' });
    await page.getByText('件名を入力してください。').waitFor();
    await expect(title.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.evaluate('document.activeElement?.getAttribute("aria-invalid")')).resolves.toBe('true');
    await page.getByRole('alert').filter({ hasText: '送信できませんでした。各項目の下の内容を確認してください。' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await title.fill('申請様式の改正');
    await page.getByRole('button', { name: '送信' }).click();
    await page.waitForURL(/#\/notices\/N-/);
    await page.getByRole('heading', { level: 2, name: '申請様式の改正' }).waitFor();
    const id = decodeURIComponent(page.url().split('#/notices/')[1]);
    await expect(page.getByText('承認待ち').first().isVisible()).resolves.toBe(true);
    // The author may not approve their own.
    await expect(page.getByRole('button', { name: '承認して送信' }).count()).resolves.toBe(0);

    await signInAs('高橋 直子', `#/notices/${encodeURIComponent(id)}`);
    await page.getByRole('button', { name: '承認して送信' }).click();
    await page.getByTestId('notice-matrix').waitFor();
    await expect(matrixRow('南区役所 保険年金課').textContent()).resolves.toContain('未確認');
    const sent = await call<NoticeDetail>('GET', `/api/notices/${encodeURIComponent(id)}`, 'p-hq-approver');
    expect([sent.status, sent.approvedBy, sent.sections.map((s) => s.departmentId)]).toEqual(['sent', 'p-hq-approver', [MINAMI]]);
  });

  it("shows the dashboard's お知らせ figures with their denominators, as GET /api/analytics gives them", async () => {
    const { notices } = await call<{ notices: NoticeFigures }>('GET', '/api/analytics', 'p-pmo');
    expect(notices.sent).toBe(4);
    await signInAs('田中 誠', '#/dashboard');
    const figures = page.getByTestId('notice-figures');
    await figures.waitFor();
    await expect(figures.textContent()).resolves.toContain(`${notices.sent} 件`);
    await expect(figures.textContent()).resolves.toContain(`${notices.sectionsOnTime}/${notices.sectionsDecided}件`);
    const table = page.getByTestId('notice-department-table');
    const line = table.getByRole('row').filter({ hasText: '健康福祉局 保険年金課' });
    const [department] = notices.byDepartment;
    await expect(line.textContent()).resolves.toContain(`${department.sectionsOnTime}/${department.sectionsDecided}件`);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('speaks English with no Japanese leftovers beyond the data itself', async () => {
    await page.addInitScript(() => Object.defineProperty(navigator, 'language', { get: () => 'en-GB' }));
    await page.reload(); // the script runs in new documents only
    await signInAs('高橋 直子', '#/notices');
    await row(ids.a).waitFor();
    await expect(page.getByRole('tab', { name: 'Notices' }).count()).resolves.toBe(1);
    const items = (await call<{ items: NoticeListItem[] }>('GET', '/api/notices', 'p-hq-approver')).items;
    const details = await Promise.all(
      items.map((i) => call<NoticeDetail>('GET', `/api/notices/${encodeURIComponent(i.id)}`, 'p-hq-approver')),
    );
    const departments = (await call<{ departments: Department[] }>('GET', '/api/departments', 'p-hq-approver')).departments;
    // Data stays as the city wrote it: titles, bodies, names of sections and people, 分野.
    const data = [
      ...details.flatMap((d) => [
        d.title,
        d.body,
        d.senderName,
        d.senderDepartmentName,
        ...d.sections.map((s) => s.name),
        ...d.sections.flatMap((s) => s.confirmedByName ?? []),
        ...Object.values(d.names),
      ]),
      ...departments.flatMap((d) => [`${d.office} ${d.name}`, d.office, d.name, ...(d.categories ?? [])]),
      '高橋 直子',
      // The language switch names Japanese in Japanese (marked lang="ja"), as language pickers do.
      '日本語',
    ].sort((x, y) => y.length - x.length);
    const leftovers = (text: string) =>
      data
        .reduce((rest, value) => rest.split(value).join(' '), text)
        .split('\n')
        .filter((line) => JAPANESE.test(line));

    expect(leftovers(await page.locator('main').innerText())).toEqual([]);
    await expect(row(ids.b).textContent()).resolves.toContain('Overdue');
    await row(ids.a).getByRole('link', { name: ids.a }).click();
    await page.getByTestId('notice-matrix').waitFor();
    await expect(page.getByTestId('notice-matrix').textContent()).resolves.toContain('Confirmed');
    expect(leftovers(await page.locator('main').innerText())).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${app.url}/tab/#/notices/new`);
    await page.getByRole('heading', { name: 'Write a notice' }).waitFor();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Check the subject.').waitFor();
    expect(leftovers(await page.locator('main').innerText())).toEqual([]);
  });
});
