// npm run bench:search — ruling search at scale, and the tab's weight and first paint.
// 100,000 synthetic rulings (made from the demo rulings' sentences) in a fresh store; a fixed
// mix of ward-staff queries; p50/p95 latency of the product's search, and of a naive LIKE scan
// of the same rows in the same run; the tab's initial JavaScript gzipped; navigation → first
// list rendered in headless Chromium against that store. The last line is JSON.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
build({ quiet: true });
const { SqliteStore } = require('../dist/bot/store/sqlite/sqlite-store.js');
const { createRulingSearch } = require('../dist/bot/rulings/search/create-search.js');
const { loadDemoData } = require('../dist/bot/demo/demo-data.js');
const { rulings: demoRulings, manuals: demoManuals, people: demoPeople, departments: demoDepartments } = loadDemoData();

const DOCS = Number(process.argv[process.argv.indexOf('--docs') + 1]) || 100_000;
const QUERIES = [
  '国保 喪失',
  '会社を辞めた人の国保',
  '生保 車',
  '第三子',
  'ＤＶ 住民票',
  '児手 高校生',
  '後期高齢 障害認定',
  'きょうだい 扶養',
  'ハンコ',
  '転入 代理人',
  '介護保険 住所地特例',
  '年金 免除 失業',
  '保険証 なくした',
  '外国人 在留期間 国保',
  '申し込み 申請 違い',
  'マイナ保険証',
  '要介護認定 区分変更',
  '印鑑登録 外国人',
  '滞納 減免',
  '住基 支援措置',
];

let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = (list) => list[Math.floor(random() * list.length)];

// A realistic large collection is not 100,000 rewordings of 20 rulings: words follow a Zipf
// distribution over a broad vocabulary. The vocabulary is every kanji/katakana word of the demo
// rulings and manuals; each synthetic ruling strings Zipf-sampled words together with particles.
const corpusText = [
  ...demoRulings.flatMap((r) => [r.title, r.question, r.answer, r.legalBasis, ...r.tags]),
  ...demoManuals.flatMap((m) => [m.title, m.summary]),
].join(' ');
const vocabulary = [...new Set(corpusText.match(/[\p{Script=Han}\p{Script=Katakana}ー]{2,}/gu))].sort(() => random() - 0.5);
const zipfWeights = vocabulary.map((_, rank) => 1 / (rank + 1));
const zipfTotal = zipfWeights.reduce((a, b) => a + b, 0);
const cumulative = [];
zipfWeights.reduce((sum, w, i) => (cumulative[i] = (sum + w) / zipfTotal), 0);
const zipfWord = () => {
  const r = random();
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < r) lo = mid + 1;
    else hi = mid;
  }
  return vocabulary[lo];
};
const PARTICLES = ['の', 'を', 'は', 'に', 'で', 'と', 'について', 'が', 'から', 'による'];
const phrase = (words) => Array.from({ length: words }, () => zipfWord() + pick(PARTICLES)).join('') + '。';

function synthetic(i) {
  const base = pick(demoRulings);
  const year = 2019 + Math.floor(random() * 8);
  return {
    id: `S-${String(i).padStart(6, '0')}`,
    title: phrase(3 + Math.floor(random() * 3)).slice(0, -2),
    question: phrase(8 + Math.floor(random() * 8)) + phrase(6),
    answer: phrase(10 + Math.floor(random() * 10)) + phrase(8) + phrase(6),
    department: base.department,
    category: base.category,
    legalBasis: base.legalBasis,
    tags: base.tags,
    publishedAt: `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
    status: random() < 0.1 ? 'superseded' : 'current',
    supersededBy: null,
  };
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (n) => Number(n.toFixed(2));

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-search-'));
let store = SqliteStore.open(dataDir);
const loadStarted = performance.now();
for (let start = 0; start < DOCS; start += 5000) {
  await store.transaction(async (tx) => {
    for (let i = start; i < Math.min(DOCS, start + 5000); i++) await tx.rulings.upsert(synthetic(i));
  });
}
// Indexing includes the kana readings (the analyser loads at the first ruling, and that is counted too).
const indexMs = Math.round(performance.now() - loadStarted);
process.stdout.write(`loaded ${DOCS} rulings in ${(indexMs / 1000).toFixed(1)} s\n`);
await store.close();
store = SqliteStore.open(dataDir);

const search = createRulingSearch(store.rulings, path.join(root, 'bot/rulings/synonyms.txt'));
for (const q of QUERIES) await search.search(q); // warm-up
const latencies = [];
for (let round = 0; round < 10; round++) {
  for (const q of QUERIES) {
    const t = performance.now();
    await search.search(q, { limit: 10 });
    latencies.push(performance.now() - t);
  }
}

// The naive way: every word must appear somewhere in the stored JSON, newest first.
const Database = require('better-sqlite3');
const db = new Database(path.join(dataDir, 'renkei.sqlite'), { readonly: true });
const naive = [];
for (let round = 0; round < 2; round++) {
  for (const q of QUERIES) {
    const words = q.normalize('NFKC').split(/\s+/).filter(Boolean);
    const t = performance.now();
    db.prepare(
      `SELECT id FROM rulings WHERE status = 'current' AND ${words.map(() => 'doc LIKE ?').join(' AND ')} ORDER BY published_at DESC LIMIT 10`,
    ).all(...words.map((w) => `%${w}%`));
    naive.push(performance.now() - t);
  }
}
db.close();
await store.close();

// The tab's initial JavaScript and CSS as the browser downloads them (gzip).
const html = fs.readFileSync(path.join(root, 'dist/tab/index.html'), 'utf8');
const assets = [...html.matchAll(/(?:src|href)="\/tab\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const bundleGzipKB = Math.round(
  assets.reduce((sum, a) => sum + zlib.gzipSync(fs.readFileSync(path.join(root, 'dist/tab', a))).length, 0) / 1024,
);

// Navigation → first list rendered, against the 100,000-ruling store.
const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});
const server = spawn(process.execPath, ['dist/bot/main.js'], {
  cwd: root,
  env: { ...process.env, APP_MODE: 'local', APP_DATA_DIR: dataDir, APP_DEMO_DATA: '0', PORT: String(port), LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise((resolve) => server.stdout.on('data', (d) => String(d).includes('READY') && resolve()));
// The tab needs a signed-in person: add one demo person to the benchmark store through the API-free path.
const writer = SqliteStore.open(dataDir);
await writer.departments.upsert(demoDepartments.find((d) => d.id === demoPeople[0].departmentId));
await writer.people.upsert(demoPeople[0]);
await writer.close();
const { chromium } = await import('playwright-core');
const browser = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-chromium-')), {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  locale: 'ja-JP',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const firstList = [];
for (let i = 0; i < 5; i++) {
  const page = await browser.newPage();
  await page.addInitScript((personId) => sessionStorage.setItem('renkei.demoPersonId', personId), demoPeople[0].id);
  const t = performance.now();
  await page.goto(`http://127.0.0.1:${port}/tab/#/rulings`);
  await page.waitForSelector('[data-testid="ruling-results"] li');
  firstList.push(performance.now() - t);
  await page.close();
}
await browser.close();
server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));
if (!process.argv.includes('--keep')) fs.rmSync(dataDir, { recursive: true, force: true });
else process.stdout.write(`kept ${dataDir}\n`);

const result = {
  docs: DOCS,
  p50Ms: ms(percentile(latencies, 50)),
  p95Ms: ms(percentile(latencies, 95)),
  naiveP50Ms: ms(percentile(naive, 50)),
  naiveP95Ms: ms(percentile(naive, 95)),
  speedup: Number((percentile(naive, 95) / percentile(latencies, 95)).toFixed(1)),
  bundleGzipKB,
  firstListMs: Math.round(percentile(firstList, 50)),
  indexMs,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
