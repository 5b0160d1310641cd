import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/platform/config';
import { silentLogger } from '../../bot/platform/logger';
import { seriousViolations } from '../support/axe';
import { launchChromium, SCREENSHOT_DIR } from '../support/browser';
import { tempDir } from '../support/processes';

/**
 * Issue 22 item 7 in Debian's Chromium: the 判断事例 search lives in the URL (back, reload and
 * shared links keep it; back from a ruling returns to the same results), the count and the
 * words marked are announced; and the administrators' screen for learned synonyms.
 * Waits are locators only: the tab's CSP forbids eval, so no string predicates.
 */
describe('判断事例 search in the URL, and learned synonyms', () => {
  let app: RunningApp;
  let browser: BrowserContext;
  let page: Page;
  const titles = () => page.getByTestId('ruling-results').getByRole('link').allTextContents();

  const signInAs = async (name: string) => {
    await page.goto(`${app.url}/tab/`);
    // Signed out, and in the language the browser prefers (a failed test may have left English chosen).
    await page.evaluate('sessionStorage.clear(), localStorage.clear()');
    await page.reload();
    await page.getByRole('button', { name: `${name} としてサインイン` }).click();
    await page.getByTestId('signed-in-as').waitFor();
  };

  beforeAll(async () => {
    const config = loadConfig({ APP_DATA_DIR: tempDir('renkei-tab-search-url-') });
    config.port = 0;
    app = await startApp(config, silentLogger);
    browser = await launchChromium();
    page = await browser.newPage();
    await signInAs('佐藤 美咲');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('keeps the query and filters in the URL: back, reload and a shared link show the same results', async () => {
    await page.getByRole('searchbox').fill('国保 喪失');
    await page.getByRole('button', { name: '検索' }).click();
    await page.waitForURL(/#\/rulings\?q=/);
    // URLSearchParams' form: a space is '+'.
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#/rulings?q=国保+喪失');
    const status = page.getByTestId('results-status');
    await status.filter({ hasText: '件見つかりました。' }).waitFor();
    const first = await titles();
    expect(first[0]).toContain('資格喪失');

    // A filter joins the query in the URL.
    await page.getByRole('combobox', { name: '状態' }).click();
    await page.getByRole('option', { name: 'すべて' }).click();
    await page.waitForURL(/status=all/);
    expect(new URL(page.url()).hash).toContain('q=');

    // Back: the filter is undone, the query and its results stay.
    await page.goBack();
    await page.waitForURL((url) => !url.hash.includes('status=all'));
    await expect(page.getByRole('searchbox').inputValue()).resolves.toBe('国保 喪失');
    await status.filter({ hasText: '件見つかりました。' }).waitFor();
    expect(await titles()).toEqual(first);

    // Reload, and the same link in a new page.
    await page.reload();
    await status.filter({ hasText: '件見つかりました。' }).waitFor();
    expect(await titles()).toEqual(first);
    // A colleague opening the link signs in first; the link survives it.
    const shared = await browser.newPage();
    await shared.goto(page.url());
    await shared.getByRole('button', { name: '鈴木 健太 としてサインイン' }).click();
    await shared.getByTestId('results-status').filter({ hasText: '件見つかりました。' }).waitFor();
    await expect(shared.getByRole('searchbox').inputValue()).resolves.toBe('国保 喪失');
    await expect(shared.getByTestId('ruling-results').getByRole('link').allTextContents()).resolves.toEqual(first);
    await shared.close();
  });

  it('returns from a ruling to the same results, by browser back and by the back link', async () => {
    const listUrl = page.url();
    const first = await titles();
    await page.getByTestId('ruling-results').getByRole('link').first().click();
    await page.locator('#ruling-title').waitFor();
    expect(new URL(page.url()).hash).toMatch(/^#\/rulings\/R-\d+\?q=/);
    await page.goBack();
    await page.getByTestId('results-status').filter({ hasText: '件見つかりました。' }).waitFor();
    expect(page.url()).toBe(listUrl);
    expect(await titles()).toEqual(first);
    await expect(page.getByRole('searchbox').inputValue()).resolves.toBe('国保 喪失');

    await page.getByTestId('ruling-results').getByRole('link').first().click();
    await page.getByRole('link', { name: /一覧に戻る/ }).click();
    await page.getByTestId('results-status').filter({ hasText: '件見つかりました。' }).waitFor();
    expect(page.url()).toBe(listUrl);
    expect(await titles()).toEqual(first);
  });

  it('announces the count and the words marked in a polite live region, and marks the words as highlights', async () => {
    const status = page.getByTestId('results-status');
    await expect(status.getAttribute('role')).resolves.toBe('status');
    const text = (await status.textContent()) ?? '';
    expect(text).toMatch(/^\d+件見つかりました。一致した語（.*喪失.*）を強調表示しています。$/);
    expect(Number(/^(\d+)件/.exec(text)?.[1])).toBe((await titles()).length);
    // <mark> is exposed to assistive technology as a highlight, inside the title read as one phrase.
    const firstTitle = page.getByTestId('ruling-results').getByRole('link').first();
    await expect(firstTitle.locator('mark').count()).resolves.toBeGreaterThan(0);
    // Between the marks plain text, not a span per piece (Fluent's Text is the one span around the title).
    await expect(firstTitle.locator('span span').count()).resolves.toBe(0);
    // Nothing found: the region says so.
    await page.getByRole('searchbox').fill('ぴよぴよ');
    await page.getByRole('button', { name: '検索' }).click();
    await status.filter({ hasText: '該当する判断事例は見つかりませんでした。' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('announces in English too', async () => {
    await page.getByTestId('language-switch').click();
    await page.goto(`${app.url}/tab/#/rulings?q=${encodeURIComponent('国保 喪失')}`);
    // Waited for in full: a substring would also match the last test's "No rulings found." while the new search runs.
    const announced = /^\d+ rulings found\. Matching words are highlighted: .*喪失.*\.$/;
    await page.getByTestId('results-status').filter({ hasText: announced }).waitFor();
    await page.getByTestId('language-switch').click();
    await page.getByRole('button', { name: '検索' }).waitFor();
  });

  it('shows administrators the learned candidates; accepting one makes the next search find the ruling by that word', async () => {
    // A clerk searches 「保険証 ロスト」 and opens the lost-card ruling from the results' link.
    await page.goto(`${app.url}/tab/#/rulings?q=${encodeURIComponent('保険証 ロスト')}&status=all`);
    await page.getByTestId('results-status').filter({ hasText: '件見つかりました。' }).waitFor();
    await page
      .getByTestId('ruling-results')
      .getByRole('link', { name: /紛失した場合の再交付/ })
      .click();
    await page.locator('#ruling-title').waitFor();
    // She does not see the administrators' tab, and the server refuses her the screen's data.
    await expect(page.getByRole('tab', { name: '同義語の候補' }).count()).resolves.toBe(0);
    await page.goto(`${app.url}/tab/#/synonyms`);
    await page.getByText('同義語の候補は、システム管理者だけが確認できます。').waitFor();

    await signInAs('渡辺 翔');
    await page.getByRole('tab', { name: '同義語の候補' }).click();
    const row = page.getByTestId('synonym-candidates').getByRole('row').filter({ hasText: 'ロスト' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('国民健康保険被保険者証を紛失した場合の再交付');
    await expect(row.textContent()).resolves.toContain('「保険証 ロスト」');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'tab-synonyms.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await row.getByRole('combobox', { name: '「ロスト」に対応づける語' }).selectOption('紛失');
    await row.getByRole('button', { name: '「ロスト」を「紛失」の同義語として採用' }).click();
    await page.getByTestId('synonyms-status').filter({ hasText: '「ロスト」を「紛失」の同義語として採用しました。' }).waitFor();
    await row.waitFor({ state: 'detached' });
    expect(await page.evaluate('document.activeElement?.dataset.testid')).toBe('synonyms-status');
    await page.getByTestId('synonyms-accepted').getByRole('row').filter({ hasText: '渡辺 翔' }).waitFor();
    // In English too.
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: 'Synonym candidates' }).waitFor();
    await page.getByRole('heading', { name: 'Accepted synonyms' }).waitFor();
    await expect(page.getByTestId('synonyms-accepted').getByRole('row').filter({ hasText: '紛失' }).count()).resolves.toBe(1);
    await page.getByTestId('language-switch').click();

    // The next search for the word alone finds the ruling, without a restart.
    await page.goto(`${app.url}/tab/#/rulings?q=${encodeURIComponent('ロスト')}`);
    await page.getByTestId('results-status').filter({ hasText: '件見つかりました。' }).waitFor();
    expect((await titles()).join(' ')).toContain('紛失');
  });

  it('loads teams-js only inside a frame (Teams), and falls back to the local sign-in when no Teams host answers', async () => {
    const scripts = (target: Page) => {
      const urls: string[] = [];
      target.on('request', (request) => request.url().endsWith('.js') && urls.push(request.url()));
      return urls;
    };
    const isTeamsJs = async (url: string) => (await (await fetch(url)).text()).includes('teams-js/validDomains');
    // A plain browser tab: teams-js is never downloaded.
    const plain = await browser.newPage();
    const plainScripts = scripts(plain);
    await plain.goto(`${app.url}/tab/#/rulings`);
    await plain.getByRole('button', { name: '佐藤 美咲 としてサインイン' }).waitFor();
    expect(await Promise.all(plainScripts.map(isTeamsJs))).not.toContain(true);
    // In a frame, as Teams hosts it (the CSP allows the app's own origin as a frame ancestor): teams-js is
    // fetched, the host does not answer, and after its 3 s wait the tab offers the local sign-in.
    const framed = await browser.newPage();
    const framedScripts = scripts(framed);
    await framed.goto(`${app.url}/healthz`);
    await framed.setContent(`<iframe title="tab" src="${app.url}/tab/#/rulings" width="1000" height="700"></iframe>`);
    await framed.frameLocator('iframe').getByRole('button', { name: '佐藤 美咲 としてサインイン' }).waitFor({ timeout: 15_000 });
    expect(await Promise.all(framedScripts.map(isTeamsJs))).toContain(true);
    await plain.close();
    await framed.close();
  });
});
