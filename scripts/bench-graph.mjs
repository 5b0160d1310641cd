// npm run bench:graph — the SharePoint store's search index sync against the local Graph test
// server (which checks every request and response against Microsoft's Graph description):
// the initial delta enumeration of 10,000 rulings, then an incremental sync of 50 changes
// (20 edits, 20 new rulings, 10 deletions), with 2% of requests answered 429 (Retry-After 1 s).
// Counts the HTTP requests the store made (retries included), the wall time, and the retries.
// The last line is JSON: {"items","requests","seconds","incrementalRequests","retries"}.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileTestkit } from './bench-support.mjs';

const ITEMS = Number(process.argv[process.argv.indexOf('--items') + 1]) || 10_000;
const THROTTLE_RATE = 0.02;
// The test server draws its faults from a seeded PRNG: the same seed throttles the same requests.
const SEED = Number(process.argv[process.argv.indexOf('--seed') + 1]) || 1;

// The test server is test code (TypeScript): compile it with the store into dist/testkit.
const kit = compileTestkit();
const { GraphTestServer } = kit('test/support/graph/graph-test-server.js');
const { provisionedSite, openSharePointStore, GRAPH_TEST_TOKEN } = kit('test/support/sharepoint-fixture.js');
const { rulingMapping } = kit('bot/store/sharepoint/repositories/knowledge.js');
const { SharePointSite } = kit('bot/store/sharepoint/sharepoint-site.js');

const ruling = (i, title = `退職後の国保加入手続き 事例${i}`) => ({
  id: `R-${String(i).padStart(5, '0')}`,
  title,
  question: `会社を退職した人の国民健康保険の加入日はいつか（事例${i}）`,
  answer: '退職日の翌日から加入します。届出が遅れても資格は遡ります。',
  department: i % 3 ? '保険年金課' : '介護保険課',
  category: i % 3 ? '国民健康保険' : '介護保険',
  legalBasis: '国民健康保険法第7条',
  tags: ['国保', '資格'],
  publishedAt: `202${4 + (i % 3)}-0${1 + (i % 9)}-15`,
  status: 'current',
  supersededBy: null,
});

const server = await GraphTestServer.start({ tokens: [GRAPH_TEST_TOKEN], seed: SEED });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-graph-'));
try {
  const { graph: writer, siteUrl } = await provisionedSite(server);
  const listPath = await new SharePointSite(writer, siteUrl).listPath('rulings');
  const columns = (await new SharePointSite(writer, siteUrl).list('rulings')).names;
  const fieldsOf = (r) =>
    Object.fromEntries(
      Object.entries(rulingMapping.toColumns(r)).map(([k, v]) => [columns.get(k) ?? k, k === 'PublishedAt' ? `${v}T00:00:00Z` : v]),
    );
  // Setup (not measured): 10,000 rulings written through $batch, 20 per request.
  const answers = await writer.batch(
    Array.from({ length: ITEMS }, (_, i) => ({
      id: String(i + 1),
      method: 'POST',
      url: `${listPath}/items`,
      body: { fields: fieldsOf(ruling(i + 1)) },
    })),
  );
  const failed = [...answers.values()].filter((a) => a.status !== 201).length;
  if (failed > 0) throw new Error(`setup: ${failed} rulings were not created`);

  server.faults.throttleRate = THROTTLE_RATE;
  server.faults.retryAfterSeconds = 1;
  const { store, graph } = await openSharePointStore(server, { siteUrl, dataDir });
  let started = performance.now();
  const initial = await store.rulingSync.sync();
  const seconds = (performance.now() - started) / 1000;
  const requests = graph.traffic.requests;
  const initialRetries = graph.traffic.throttled;
  const indexed = (await store.rulings.list()).length;
  if (initial.mode !== 'full' || indexed !== ITEMS) throw new Error(`initial sync indexed ${indexed} of ${ITEMS}`);

  // 50 changes made elsewhere (another instance, staff in SharePoint), without faults.
  server.faults.throttleRate = 0;
  const siteId = await new SharePointSite(writer, siteUrl).id();
  const items = server.listItems(siteId, listPath.split('/').at(-1));
  for (const item of items.slice(0, 20))
    server.editItemByHand(siteId, listPath.split('/').at(-1), item.id, { Title: `改訂 ${item.fields.Title}` });
  for (const item of items.slice(20, 30)) server.deleteItemByHand(siteId, listPath.split('/').at(-1), item.id);
  await writer.batch(
    Array.from({ length: 20 }, (_, i) => ({
      id: `n${i}`,
      method: 'POST',
      url: `${listPath}/items`,
      body: { fields: fieldsOf(ruling(ITEMS + i + 1, `新しい判断事例 ${i + 1}`)) },
    })),
  );
  server.faults.throttleRate = THROTTLE_RATE;

  const before = graph.traffic.requests;
  started = performance.now();
  const incremental = await store.rulingSync.sync();
  const incrementalSeconds = (performance.now() - started) / 1000;
  const incrementalRequests = graph.traffic.requests - before;
  const after = await store.rulings.list();
  const edited = after.filter((r) => r.title.startsWith('改訂 ')).length;
  if (incremental.mode !== 'incremental' || after.length !== ITEMS + 10 || edited !== 20)
    throw new Error(`incremental sync: ${after.length} rulings, ${edited} edits`);
  await store.close();

  if (server.validationErrors.length > 0)
    throw new Error(`requests or responses outside Microsoft's description:\n${server.validationErrors.slice(0, 5).join('\n')}`);
  process.stdout.write(
    `initial: ${initial.pages} pages, ${requests} requests (${initialRetries} retried after 429), ${seconds.toFixed(2)} s; incremental: ${incremental.upserted} upserted, ${incremental.removed} removed, ${incrementalRequests} requests, ${incrementalSeconds.toFixed(2)} s\n`,
  );
  process.stdout.write(
    `${JSON.stringify({ items: ITEMS, requests, seconds: Number(seconds.toFixed(2)), incrementalRequests, retries: graph.traffic.throttled })}\n`,
  );
} finally {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
