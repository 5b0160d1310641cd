// npm run eval:search — relevance of ruling search on two labelled sets of ward-staff queries:
//  - held-out: test/fixtures/search-heldout/queries.json over its own 213 rulings in 27 分野
//    (rulings.jsonl, with near-miss twins and superseded rulings), written before any tuning;
//  - demo: test/fixtures/search-queries.json over the demo rulings.
// For each set it prints every query whose answer is not first, then MRR@10 and recall@5 overall
// and per kind, beside a naive character-bigram scorer's. The last line is JSON:
// {"queries","mrr10","recall5","bigram":{..},"kinds":{kind:{queries,mrr10,recall5,bigramMrr10}},"demo":{..}}
// (the top-level figures are the held-out set's). --verbose lists every query; --set heldout|demo runs one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
build({ parts: ['bot'], quiet: true });
const { SqliteStore } = require('../dist/bot/store/sqlite/sqlite-store.js');
const { seedDemoData } = require('../dist/bot/demo/seed.js');
const { parseRulingLine } = require('../dist/bot/rulings/ruling-import.js');
const { createRulingSearch } = require('../dist/bot/rulings/search/create-search.js');

const verbose = process.argv.includes('--verbose');
const only = process.argv.includes('--set') ? process.argv[process.argv.indexOf('--set') + 1] : null;

/** The naive baseline: how many distinct character bigrams of the query a ruling contains (title counted twice). */
function bigramScorer(rulings) {
  const fold = (text) => text.normalize('NFKC').toLowerCase();
  const docs = rulings
    .filter((r) => r.status === 'current')
    .map((r) => ({
      id: r.id,
      title: fold(r.title),
      text: fold([r.title, r.category, r.department, r.legalBasis, ...r.tags, r.question, r.answer].join(' ')),
    }));
  return (query) => {
    const chars = [...fold(query).replace(/[\s\p{P}\p{S}]/gu, '')];
    const grams = [...new Set(chars.slice(0, -1).map((c, i) => c + chars[i + 1]))];
    return docs
      .map((d) => ({ id: d.id, score: grams.filter((g) => d.text.includes(g)).length + grams.filter((g) => d.title.includes(g)).length }))
      .filter((d) => d.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, 10)
      .map((d) => d.id);
  };
}

function rankOf(ids, relevant) {
  return ids.findIndex((id) => relevant.includes(id)) + 1;
}

async function evaluate(name, store, queries, allRulings) {
  const search = createRulingSearch(store.rulings, path.join(root, 'bot/rulings/synonyms.txt'));
  const bigram = bigramScorer(allRulings);
  const kinds = {};
  const total = { queries: 0, rr: 0, recall: 0, bigramRr: 0, bigramRecall: 0 };
  process.stdout.write(`── ${name}: ${queries.length} queries over ${allRulings.length} rulings\n`);
  for (const { query, relevant, kind } of queries) {
    const ids = (await search.search(query, { limit: 10 })).map((hit) => hit.ruling.id);
    const rank = rankOf(ids, relevant);
    const baseIds = bigram(query);
    const baseRank = rankOf(baseIds, relevant);
    const row = (kinds[kind] ??= { queries: 0, rr: 0, recall: 0, bigramRr: 0, bigramRecall: 0 });
    for (const acc of [row, total]) {
      acc.queries++;
      acc.rr += rank ? 1 / rank : 0;
      acc.recall += relevant.filter((id) => ids.slice(0, 5).includes(id)).length / relevant.length;
      acc.bigramRr += baseRank ? 1 / baseRank : 0;
      acc.bigramRecall += relevant.filter((id) => baseIds.slice(0, 5).includes(id)).length / relevant.length;
    }
    if (verbose || rank !== 1)
      process.stdout.write(
        `${rank === 1 ? 'ok ' : rank ? `#${rank} ` : 'MISS'} [${kind}] ${query} → want ${relevant.join(',')} got ${ids.slice(0, 3).join(',')} (bigram #${baseRank || '-'})\n`,
      );
  }
  const fix = (n) => Number(n.toFixed(3));
  const summary = (acc) => ({
    queries: acc.queries,
    mrr10: fix(acc.rr / acc.queries),
    recall5: fix(acc.recall / acc.queries),
    bigramMrr10: fix(acc.bigramRr / acc.queries),
    bigramRecall5: fix(acc.bigramRecall / acc.queries),
  });
  const overall = summary(total);
  const byKind = Object.fromEntries(Object.entries(kinds).map(([kind, acc]) => [kind, summary(acc)]));
  const line = (label, s) =>
    `${label.padEnd(14)} MRR@10 ${s.mrr10.toFixed(3)}  recall@5 ${s.recall5.toFixed(3)}   bigram MRR@10 ${s.bigramMrr10.toFixed(3)}  recall@5 ${s.bigramRecall5.toFixed(3)}  (${s.queries})\n`;
  process.stdout.write(line('overall', overall));
  for (const [kind, s] of Object.entries(byKind)) process.stdout.write(line(`  ${kind}`, s));
  return {
    queries: overall.queries,
    mrr10: overall.mrr10,
    recall5: overall.recall5,
    bigram: { mrr10: overall.bigramMrr10, recall5: overall.bigramRecall5 },
    kinds: Object.fromEntries(
      Object.entries(byKind).map(([kind, s]) => [
        kind,
        { queries: s.queries, mrr10: s.mrr10, recall5: s.recall5, bigramMrr10: s.bigramMrr10 },
      ]),
    ),
  };
}

async function withStore(fill, run) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-eval-'));
  const store = SqliteStore.open(dataDir);
  try {
    const rulings = await fill(store);
    return await run(store, rulings);
  } finally {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const results = {};
if (!only || only === 'heldout') {
  const dir = path.join(root, 'test/fixtures/search-heldout');
  const queries = JSON.parse(fs.readFileSync(path.join(dir, 'queries.json'), 'utf8'));
  results.heldout = await withStore(
    async (store) => {
      const rulings = fs
        .readFileSync(path.join(dir, 'rulings.jsonl'), 'utf8')
        .split('\n')
        .map((text, i) => parseRulingLine(text, i + 1))
        .filter(Boolean)
        .map((parsed) => {
          if (!('ruling' in parsed)) throw new Error(`rulings.jsonl: ${JSON.stringify(parsed.problems)}`);
          return parsed.ruling;
        });
      await store.transaction(async (tx) => {
        for (const ruling of rulings) await tx.rulings.upsert(ruling);
      });
      return rulings;
    },
    (store, rulings) => evaluate('held-out set', store, queries, rulings),
  );
}
if (!only || only === 'demo') {
  const queries = JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/search-queries.json'), 'utf8'));
  results.demo = await withStore(
    async (store) => {
      await seedDemoData(store);
      return store.rulings.list({}, 1000);
    },
    (store, rulings) => evaluate('demo set', store, queries, rulings),
  );
}
const main = results.heldout ?? results.demo;
process.stdout.write(`${JSON.stringify({ ...main, ...(results.heldout && results.demo ? { demo: results.demo } : {}) })}\n`);
