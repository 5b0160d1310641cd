import fs from 'node:fs';
import path from 'node:path';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/platform/config';
import { silentLogger } from '../../bot/platform/logger';
import { jsonOf, startNode, tempDir } from '../support/processes';

const CLI = 'dist/bot/cli/main.js';
const CLEAN_ENV = { APP_MODE: undefined, MicrosoftAppId: undefined };

async function cli(args: string[], dataDir: string) {
  const run = startNode([CLI, ...args], { ...CLEAN_ENV, APP_DATA_DIR: dataDir });
  const { code } = await run.exited;
  return { code, output: run.output() };
}

const ruling = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id,
    title: `自動車の保有と生活保護 ${id}`,
    question: '車を持っている人は生活保護を受けられるか',
    answer: '原則として処分を求めるが、通勤に必要な場合は保有を認めることがある。',
    department: '保護自立支援課',
    category: '生活保護',
    legalBasis: '生活保護法第4条',
    tags: ['車', '資産'],
    publishedAt: '2026-05-01',
    status: 'current',
    ...extra,
  });

/** The search contract: import rulings, search rulings --json, GET /api/rulings, as the product is measured. */
describe('rulings import and search contract', () => {
  let dataDir: string;
  let app: RunningApp;

  beforeAll(async () => {
    dataDir = tempDir('renkei-search-');
    const file = path.join(dataDir, 'rulings.jsonl');
    fs.writeFileSync(
      file,
      [
        '\uFEFF' + ruling('X-1'),
        '{broken',
        ruling('X-2', { status: 'superseded', supersededBy: 'X-1', title: '古い取扱い：自動車の保有' }),
        ruling('X-3', { publishedAt: '2026-13-01' }),
        '',
        ruling('X-4', {
          title: '児童手当の第3子の数え方',
          question: '3人目の数え方',
          answer: '22歳年度末までの子を数える',
          department: 'こども家庭給付課',
          category: '児童手当',
          tags: ['第3子'],
        }),
      ].join('\n'),
    );
    const imported = await cli(['import', 'rulings', file], dataDir);
    expect(imported.code).toBe(1); // invalid lines were reported
    expect(imported.output).toContain(`${file}:2: (line)`);
    expect(imported.output).toContain(`${file}:4: publishedAt`);
    expect(imported.output).toMatch(/取り込みました.*3/);
    const config = loadConfig({ APP_DATA_DIR: dataDir, APP_DEMO_DATA: '0' });
    config.port = 0;
    app = await startApp(config, silentLogger);
  });

  afterAll(async () => {
    await app.stop();
  });

  it('prints a JSON array of {id, title, score}, best first, current rulings only', async () => {
    const { code, output } = await cli(['search', 'rulings', '車', '--json'], dataDir);
    expect(code).toBe(0);
    const hits = JSON.parse(output.trim().split('\n').at(-1)!);
    expect(hits.map((h: { id: string }) => h.id)).toEqual(['X-1']);
    expect(Object.keys(hits[0]).sort()).toEqual(['id', 'score', 'title']);
    expect(hits[0].score).toBeGreaterThan(0);
  });

  it('answers GET /api/rulings with the same ranking', async () => {
    const cliHits = JSON.parse(
      (await cli(['search', 'rulings', '第三子', '--json', '--limit', '5'], dataDir)).output.trim().split('\n').at(-1)!,
    );
    const apiHits = await jsonOf(fetch(`${app.url}/api/rulings?q=${encodeURIComponent('第三子')}&limit=5`));
    expect(apiHits).toEqual(cliHits);
    expect(apiHits[0].id).toBe('X-4');
  });

  it('re-import updates by id instead of adding', async () => {
    const file = path.join(dataDir, 'update.jsonl');
    fs.writeFileSync(file, ruling('X-1', { title: '自動車の保有（改訂）' }));
    expect((await cli(['import', 'rulings', file], dataDir)).code).toBe(0);
    const hits = await jsonOf(fetch(`${app.url}/api/rulings?q=${encodeURIComponent('自動車')}`));
    expect(hits.filter((h: { id: string }) => h.id === 'X-1')).toEqual([
      { id: 'X-1', title: '自動車の保有（改訂）', score: expect.any(Number) },
    ]);
  });

  it('shows superseded rulings only when asked, below current ones', async () => {
    const hits = await jsonOf(fetch(`${app.url}/api/rulings?q=${encodeURIComponent('自動車 保有')}&status=all`));
    expect(hits.map((h: { id: string }) => h.id)).toEqual(['X-1', 'X-2']);
  });

  it.each([
    ['"', 200],
    ['NEAR(自動車 保有, 2) OR "x" AND -y*', 200],
    ['\u0000\u0007\u001b[31m', 200],
    ['あ'.repeat(10_000), 200],
    ["'; DROP TABLE rulings; --", 200],
  ])('survives a hostile query %#', async (q, status) => {
    const response = await fetch(`${app.url}/api/rulings?q=${encodeURIComponent(q)}`);
    expect(response.status).toBe(status);
    expect(Array.isArray(await jsonOf(response))).toBe(true);
  });

  it.each(['0', '101', 'ten', '-1', '1.5'])('refuses limit=%s with a clear 400', async (limit) => {
    const response = await fetch(`${app.url}/api/rulings?q=x&limit=${limit}`);
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).error.message).toContain('limit');
  });

  it('gives the tab details, the supersession chain and filters', async () => {
    const detail = await jsonOf(fetch(`${app.url}/api/rulings/X-2`));
    expect(detail.chain.map((r: { id: string }) => r.id)).toEqual(['X-2', 'X-1']);
    expect((await fetch(`${app.url}/api/rulings/nope`)).status).toBe(404);
    const facets = await jsonOf(fetch(`${app.url}/api/rulings/facets`));
    expect(facets.departments).toEqual(['こども家庭給付課', '保護自立支援課']);
    expect(facets.fiscalYears).toEqual([2026]);
    const filtered = await jsonOf(fetch(`${app.url}/api/rulings/search?q=&department=${encodeURIComponent('こども家庭給付課')}`));
    expect(filtered.results.map((r: { id: string }) => r.id)).toEqual(['X-4']);
  });
});
