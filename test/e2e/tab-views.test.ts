import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/platform/config';
import { addBusinessDays, fiscalYearCode, fiscalYearOf, japanDateOf } from '../../bot/platform/fiscal-calendar';
import { silentLogger } from '../../bot/platform/logger';
import { STRINGS, type Locale } from '../../tab/src/strings';
import { seriousViolations } from '../support/axe';
import { launchChromium, SCREENSHOT_DIR } from '../support/browser';
import { tempDir } from '../support/processes';

/** The 全区照会 made in beforeAll (the demo data has none): the first of the fiscal year. */
const SURVEY_ID = `S-${fiscalYearCode(fiscalYearOf(japanDateOf(new Date())))}-0001`;

/** Who sees which views: one person per side, so every view of the tab is visited once. */
const VISITS: { person: string | null; views: { name: string; hash: string }[] }[] = [
  { person: null, views: [{ name: 'sign-in', hash: '#/rulings' }] },
  {
    person: 'p-hq-responder',
    views: [
      { name: 'rulings', hash: '#/rulings' },
      { name: 'ruling', hash: '#/rulings/R-0003' },
      { name: 'inquiries', hash: '#/inquiries' },
      { name: 'inquiry', hash: '#/inquiries/Q-R8-0002' },
      { name: 'notices', hash: '#/notices' },
      { name: 'notice-compose', hash: '#/notices/new' },
      { name: 'surveys', hash: '#/surveys' },
      { name: 'survey', hash: `#/surveys/${SURVEY_ID}` },
      { name: 'survey-compose', hash: '#/surveys/new' },
      { name: 'manuals', hash: '#/manuals' },
      { name: 'departments', hash: '#/departments' },
    ],
  },
  {
    person: 'p-pmo',
    views: [
      { name: 'dashboard', hash: '#/dashboard' },
      { name: 'initiative', hash: '#/dashboard/initiatives/A1-1' },
    ],
  },
  {
    person: 'p-ward-manager',
    views: [
      { name: 'ward-manager-landing', hash: '' },
      { name: 'survey-ward', hash: `#/surveys/${SURVEY_ID}` },
      { name: 'my-initiatives', hash: '#/dashboard' },
    ],
  },
];

/**
 * `axe`: where each view is scanned. Once in each language and once in each scheme is enough to
 * cover both (contrast depends on the scheme, names and labels on the language); a scan takes
 * about as long as everything else a view needs, and this suite runs in `npm test`.
 */
const COMBOS: { locale: Locale; scheme: 'light' | 'dark'; axe: boolean }[] = [
  { locale: 'ja', scheme: 'light', axe: true },
  { locale: 'ja', scheme: 'dark', axe: false },
  { locale: 'en', scheme: 'light', axe: false },
  { locale: 'en', scheme: 'dark', axe: true },
];

/** A UI string's literal parts (placeholders cut out), long enough not to occur by chance in other text. */
function fragments(value: string, minLength: number): string[] {
  return value
    .split(/\{\w+\}/)
    .map((part) => part.trim())
    .filter((part) => part.length >= minLength);
}

const jaValues = new Set(Object.values(STRINGS.ja));
const enValues = new Set(Object.values(STRINGS.en));
/** English UI words that must not show in Japanese views (those both tables share, like "PMO", are fine). */
const ENGLISH_WORDS = [...enValues].filter((v) => !jaValues.has(v) && /[a-z]{3}/.test(v)).flatMap((v) => fragments(v, 8));
/** Japanese UI words that must not show in English views. */
const JAPANESE_WORDS = [...jaValues].filter((v) => !enValues.has(v)).flatMap((v) => fragments(v, 6));

/**
 * Interface text: text nodes under <main>, leaving out what is marked as another language (the
 * language switch) and what is hidden from readers. React writes 「{label}（{count}）」 as separate
 * text nodes of one element: those are joined. (A string: the tests' TypeScript has no DOM types.)
 */
const INTERFACE_TEXT = `(() => {
  const pageLang = document.documentElement.lang;
  const walker = document.createTreeWalker(document.querySelector('main') || document.body, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const owner = node.parentElement;
    if (!owner || owner.closest('[aria-hidden="true"]')) continue;
    const lang = owner.closest('[lang]')?.getAttribute('lang');
    if (lang && lang !== pageLang) continue;
    const last = parts[parts.length - 1];
    if (last && last.owner === owner) last.text += node.textContent || '';
    else parts.push({ owner, text: node.textContent || '' });
  }
  return parts.map((p) => p.text).join('\\n');
})()`;

/**
 * Every view of the tab in Japanese and English, light and dark: a screenshot of each in
 * test-results/, an axe scan (nothing serious or critical), and no words of the other language
 * in the interface (the city's data, such as ruling titles, stays Japanese in both).
 */
describe('every tab view, in both languages and both colour schemes', () => {
  let app: RunningApp;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const config = loadConfig({ APP_DATA_DIR: tempDir('renkei-tab-views-') });
    config.port = 0;
    app = await startApp(config, silentLogger);
    // One 全区照会 to 北区役所 保険年金課, so its HQ table and the ward's answer form have a page.
    const created = await fetch(`${app.url}/api/surveys`, {
      method: 'POST',
      headers: { Authorization: 'Demo p-hq-responder', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        title: '資格確認書の交付件数調査',
        purpose: '12月分の交付件数をお知らせください。',
        dueOn: addBusinessDays(japanDateOf(new Date()), 5),
        requiresWardApproval: true,
        audience: { wardSections: ['ward-kita-hoken-nenkin'] },
        questions: [{ key: 'cases', label: '資格確認書の交付件数', type: 'number', required: true, unit: '件', min: 0, max: 100000 }],
      }),
    });
    expect(((await created.json()) as { id: string }).id).toBe(SURVEY_ID);
    browser = await launchChromium();
    page = await browser.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** Interface text: text nodes under <main>, leaving out what is marked as another language (the language switch). */
  const interfaceText = (): Promise<string> => page.evaluate(INTERFACE_TEXT);

  async function settled(locale: Locale, view: string) {
    await page
      .locator('main h2')
      .first()
      .waitFor({ timeout: 10_000 })
      .catch(async (error: Error) => {
        throw new Error(`${view}: no heading (${error.message.split('\n')[0]}): ${(await page.locator('main').innerText()).slice(0, 300)}`);
      });
    const loading = page.getByText(STRINGS[locale].loading, { exact: true });
    for (let i = 0; i < 100 && (await loading.count()) > 0; i += 1) await page.waitForTimeout(100);
    expect(await loading.count()).toBe(0);
  }

  it.each(COMBOS)(
    '$locale, $scheme',
    async ({ locale, scheme, axe }) => {
      await page.emulateMedia({ colorScheme: scheme });
      const problems: string[] = [];
      for (const { person, views } of VISITS) {
        await page.goto(`${app.url}/tab/`);
        await page.evaluate(
          `localStorage.setItem('renkei.locale', '${locale}');` +
            (person ? `sessionStorage.setItem('renkei.demoPersonId', '${person}')` : `sessionStorage.removeItem('renkei.demoPersonId')`),
        );
        for (const [index, view] of views.entries()) {
          await page.goto(`${app.url}/tab/${view.hash}`);
          // The person and the language are read when the tab starts; later views of one person are hash changes.
          if (index === 0) await page.reload();
          await settled(locale, view.name);
          expect(await page.evaluate('document.documentElement.lang')).toBe(locale);
          await page.screenshot({
            path: path.join(SCREENSHOT_DIR, `tab-view-${view.name}-${locale}-${scheme}.jpeg`),
            fullPage: true,
            type: 'jpeg',
            quality: 80,
          });
          if (axe) for (const violation of await seriousViolations(page)) problems.push(`${view.name}: ${violation}`);
          // Each view shows its content, not an error in its place.
          for (const alert of await page.getByRole('alert').allTextContents()) problems.push(`${view.name}: alert "${alert}"`);
          const text = await interfaceText();
          const leaks =
            locale === 'ja'
              ? [...ENGLISH_WORDS.filter((w) => text.includes(w)), ...(text.match(/\((?:no such|bad|not |too )[a-z ]*\)/g) ?? [])]
              : [...JAPANESE_WORDS.filter((w) => text.includes(w)), ...(text.match(/[A-Za-z0-9][（）「」、。：]|[（「][A-Za-z]/g) ?? [])];
          for (const leak of leaks) problems.push(`${view.name}: other language "${leak}"`);
        }
      }
      expect(problems).toEqual([]);
    },
    120_000,
  );

  it('moves focus to the heading after sign-in, rings focused inputs and links, and lands people where their work is', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${app.url}/tab/`);
    await page.evaluate(`localStorage.setItem('renkei.locale', 'ja'); sessionStorage.removeItem('renkei.demoPersonId')`);
    await page.reload();
    await page.getByRole('button', { name: '伊藤 由美 としてサインイン' }).click();
    // A ward 課長: her section's inquiries, with focus on that view's heading.
    await page.locator('#inquiries-title:focus').waitFor();
    expect(page.url()).toContain('#/inquiries');
    await page.getByRole('radio', { name: '所属の照会' }).and(page.locator(':checked')).waitFor();

    const outline = (selector: string): Promise<string> =>
      page.evaluate(
        `(() => { const s = getComputedStyle(document.querySelector(${JSON.stringify(selector)})); return s.outlineStyle + ' ' + s.outlineWidth; })()`,
      );
    // A link reached with the keyboard has a 2px ring.
    const firstLink = page.locator('main table a').first();
    await firstLink.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.tagName')).toBe('A');
    expect(await outline('main table a:focus')).toBe('solid 2px');

    // Her own initiative: a 担当施策 tab with its link; the page's back link leads back there, not to a refusal.
    await page.getByRole('tab', { name: '担当施策' }).click();
    await page.getByRole('link', { name: 'A1-1 書かない窓口の実現' }).click();
    await page.locator('#initiative-title').waitFor();
    await page.getByRole('link', { name: '← 担当施策' }).click();
    await page.getByTestId('my-initiatives').waitFor();
    expect(await page.getByTestId('dashboard-not-allowed').count()).toBe(0);

    // The search box's field is ringed while it has focus.
    await page.getByRole('tab', { name: '判断事例' }).click();
    await page.getByRole('searchbox').focus();
    expect(await outline('.fui-Input:focus-within')).toBe('solid 2px');
  }, 60_000);
});
