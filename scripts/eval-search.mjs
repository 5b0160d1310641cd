// npm run eval:search — relevance of ruling search on the labelled ward-staff queries in
// test/fixtures/search-queries.json over the demo rulings. Prints each miss, then MRR@10 and
// recall@5; the last line is JSON {"queries","mrr10","recall5"}. --verbose lists every query.
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
const { RulingSearch } = require('../dist/bot/rulings/search/ruling-search.js');
const { loadSynonyms } = require('../dist/bot/rulings/search/synonyms.js');

const verbose = process.argv.includes('--verbose');
const file = process.argv.find((a) => a.endsWith('.json')) ?? path.join(root, 'test/fixtures/search-queries.json');
const queries = JSON.parse(fs.readFileSync(file, 'utf8'));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-eval-'));
const store = SqliteStore.open(dataDir);
await seedDemoData(store);
const search = new RulingSearch(store.rulings, loadSynonyms(path.join(root, 'bot/rulings/synonyms.txt')));

let reciprocalSum = 0;
let recallSum = 0;
for (const { query, relevant, kind } of queries) {
  const ids = (await search.search(query, { limit: 10 })).map((hit) => hit.ruling.id);
  const rank = ids.findIndex((id) => relevant.includes(id)) + 1;
  reciprocalSum += rank > 0 ? 1 / rank : 0;
  const recall = relevant.filter((id) => ids.slice(0, 5).includes(id)).length / relevant.length;
  recallSum += recall;
  if (verbose || rank !== 1)
    process.stdout.write(
      `${rank === 1 ? 'ok ' : rank ? `#${rank} ` : 'MISS'} [${kind}] ${query} → want ${relevant.join(',')} got ${ids.slice(0, 3).join(',')}\n`,
    );
}
await store.close();
fs.rmSync(dataDir, { recursive: true, force: true });
const result = {
  queries: queries.length,
  mrr10: Number((reciprocalSum / queries.length).toFixed(3)),
  recall5: Number((recallSum / queries.length).toFixed(3)),
};
process.stdout.write(`MRR@10 ${result.mrr10}  recall@5 ${result.recall5}  (${result.queries} queries)\n${JSON.stringify(result)}\n`);
