import fs from 'node:fs';
import type { RunningApp } from '../../bot/app';
import { demoApi, startDemoApp } from '../support/demo-api';

type Span = { text: string; hit?: true };
interface ManualResult {
  id: string;
  title: string;
  location: { page?: number; heading?: string } | null;
  highlight: { title: Span[]; snippet: Span[] };
}

/** Issue 22 item 5 through the real server on demo data: manuals found by their documents' text, with the page or heading. */
describe('GET /api/manuals/search', () => {
  let app: RunningApp;
  let dataDir: string;
  const { get } = demoApi(() => app.url);
  const search = async (q: string, limit?: number) => {
    const response = await get(`/api/manuals/search?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ''}`, 'p-ward-staff');
    expect(response.status).toBe(200);
    return ((await response.json()) as { results: ManualResult[] }).results;
  };

  beforeAll(async () => {
    ({ app, dataDir } = await startDemoApp('renkei-manual-search-'));
  });

  afterAll(async () => {
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds a PDF manual by a word on one page, with the page and the word marked in a snippet of it', async () => {
    const [first] = await search('限度額適用認定証');
    expect(first).toMatchObject({ id: 'M-001', location: { page: 4 } });
    expect(first.highlight.snippet).toContainEqual({ text: '限度額適用認定証', hit: true });
    expect(first.highlight.snippet.map((s) => s.text).join('')).toContain('世帯主又は被保険者本人から受け付ける');
  });

  it('finds a docx manual under its heading', async () => {
    const [first] = await search('暗証番号の再設定');
    expect(first).toMatchObject({ id: 'M-008', location: { heading: '特例転入' } });
  });

  it('a manual found by its title alone has no location; a limit is kept; nothing is found for words in no manual', async () => {
    const byTitle = await search('印鑑登録');
    expect(byTitle[0]).toMatchObject({ id: 'M-009', location: null });
    expect(await search('保険', 2)).toHaveLength(2);
    expect(await search('ぴよぴよ')).toEqual([]);
  });

  it('refuses a bad limit with a clear error', async () => {
    const response = await get('/api/manuals/search?q=%E5%9B%BD%E4%BF%9D&limit=0', 'p-ward-staff');
    expect(response.status).toBe(400);
  });

  it('leaves the rulings contract as it was: GET /api/rulings gives rulings only, {id,title,score}', async () => {
    const response = await get(`/api/rulings?q=${encodeURIComponent('限度額適用認定証 国保')}&limit=5`);
    const body = (await response.json()) as Record<string, unknown>[];
    expect(Array.isArray(body)).toBe(true);
    for (const row of body) {
      expect(Object.keys(row).sort()).toEqual(['id', 'score', 'title']);
      expect(String(row.id)).toMatch(/^R-/);
    }
  });
});
