// The multi-instance scenario of npm run bench:fanout: three server processes in the production
// layout (records in SharePoint, here the Graph test server; outbox, conversation references
// and audit log in Azure Table Storage, here Azurite) deliver 2,000 queued messages while the
// PMO's 「チェックイン開始 R8 Q3」 reaches all three at the same moment. Each instance applies a
// third of Teams' per-app limit (OUTBOX_RATE_PER_APP=16/1), so together they stay within it.
// Measured from the moment the messages fall due to the last delivery, against the minimum
// under Teams' limit (2,000 at 50/s); every message must arrive once, and the cycle open once.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { compileTestkit, startBuiltServer } from './bench-support.mjs';

const require = createRequire(import.meta.url);
const { startConnectorSimulator } = require('../test/support/connector-simulator.js');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function multiInstanceScenario({ instances = 3, messages = 2000, teamsPerAppPerSecond = 50 } = {}) {
  const kit = compileTestkit();
  const { GraphTestServer } = kit('test/support/graph/graph-test-server.js');
  const { startAzurite } = kit('test/support/azurite.js');
  const { productionLayoutStore, removeTempDataDirs, GRAPH_TEST_TOKEN } = kit('test/support/sharepoint-fixture.js');
  const { seedDemoData } = kit('bot/demo/seed.js');
  const { minimumDurationMs } = kit('bot/platform/outbox/rate-limiter.js');

  const [sim, graph, azurite] = await Promise.all([
    startConnectorSimulator({ port: 0 }),
    GraphTestServer.start({ tokens: [GRAPH_TEST_TOKEN] }),
    startAzurite(),
  ]);
  const dirs = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-multi-'));
    dirs.push(dir);
    return dir;
  };
  const servers = [];
  try {
    const prefix = `b${randomBytes(3).toString('hex')}`;
    const { store, siteUrl } = await productionLayoutStore(graph, azurite.connectionString, prefix);
    await seedDemoData(store);
    const reference = (id) => ({
      serviceUrl: sim.url,
      channelId: 'msteams',
      conversation: { id: `a:${id}`, conversationType: 'personal' },
      bot: { id: '28:bot' },
      user: { id: `29:${id}` },
    });
    const people = await store.people.list();
    await Promise.all(people.map((person) => store.conversations.save(`person:${person.id}`, reference(person.id))));
    // Due a little later, so that all instances are up when the work starts.
    const dueAt = Date.now() + 25_000;
    const keys = Array.from({ length: messages }, (_, i) => `bench:${i}`);
    for (let start = 0; start < messages; start += 50) {
      await Promise.all(
        keys.slice(start, start + 50).map(async (key, j) => {
          const id = `bench-${start + j}`;
          await store.conversations.save(`person:${id}`, reference(id));
          await store.outbox.enqueue({
            key,
            conversationKey: `person:${id}`,
            payload: { activity: { type: 'message', text: key } },
            notBefore: new Date(dueAt).toISOString(),
          });
        }),
      );
    }

    const env = {
      RECORDS_STORE: 'sharepoint',
      SHAREPOINT_SITE_URL: siteUrl,
      GRAPH_REDIRECT_TO: graph.url,
      GRAPH_TEST_ACCESS_TOKEN: GRAPH_TEST_TOKEN,
      APP_ALLOW_LOOPBACK_AUTH_ENDPOINTS: '1',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_STORAGE_TABLE_PREFIX: prefix,
      OUTBOX_RATE_PER_APP: `${Math.floor(teamsPerAppPerSecond / instances)}/1`,
      CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0',
      INQUIRY_DEADLINE_INTERVAL_SECONDS: '0',
      SHAREPOINT_SYNC_INTERVAL_SECONDS: '0',
    };
    servers.push(...(await Promise.all(Array.from({ length: instances }, () => startBuiltServer(tempDir(), env)))));
    if (Date.now() > dueAt) throw new Error('the instances took longer to start than the head start given');
    await sleep(dueAt - Date.now());

    // The PMO's command reaches every instance at the same moment.
    const pmo = people.find((p) => p.roles.includes('pmo'));
    const command = () => ({
      id: randomUUID(),
      type: 'message',
      text: 'チェックイン開始 R8 Q3',
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: sim.url,
      locale: 'ja-JP',
      from: { id: `29:${pmo.id}`, aadObjectId: pmo.entraObjectId, name: pmo.displayName },
      recipient: { id: '28:bot', name: 'bot' },
      conversation: { id: `a:${pmo.id}`, conversationType: 'personal', tenantId: 'bench-tenant' },
      channelData: { tenant: { id: 'bench-tenant' } },
    });
    const answers = await Promise.all(
      servers.map(({ port }) =>
        fetch(`http://127.0.0.1:${port}/api/messages`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(command()),
        }),
      ),
    );
    if (answers.some((a) => a.status >= 300)) throw new Error(`the command was refused: ${answers.map((a) => a.status).join(', ')}`);

    const deadline = Date.now() + 600_000;
    for (;;) {
      const counts = await store.outbox.countByStatus();
      if (counts.pending + counts.sending + counts.failed === 0 && counts.sent + counts.dead > messages) break;
      if (Date.now() > deadline) throw new Error(`not finished: ${JSON.stringify(counts)}`);
      await sleep(500);
    }
    const benchDeliveries = sim.delivered.filter((d) => d.text.startsWith('bench:'));
    const seconds = (Math.max(...benchDeliveries.map((d) => d.at)) - dueAt) / 1000;
    const minSeconds = minimumDurationMs(messages, [{ limit: teamsPerAppPerSecond, windowMs: 1000 }]) / 1000;
    const seen = new Map();
    for (const d of benchDeliveries) seen.set(d.text, (seen.get(d.text) ?? 0) + 1);
    const cycles = (await store.checkInCycles.list()).filter((c) => c.fiscalYear === 2026 && c.quarter === 3);
    // Each check-in card names its initiative in its summary: one delivery per owner and initiative.
    const cards = sim.delivered.filter((d) => d.activity?.attachments?.length && typeof d.activity.summary === 'string');
    const cardCounts = new Map();
    for (const card of cards)
      cardCounts.set(
        `${card.conversationId} ${card.activity.summary}`,
        (cardCounts.get(`${card.conversationId} ${card.activity.summary}`) ?? 0) + 1,
      );
    const replies = sim.delivered.filter((d) => d.conversationId === `a:${pmo.id}` && d.text).map((d) => d.text);
    await store.close();
    const detail = {
      cyclesOpened: cycles.length,
      checkInCards: cards.length,
      cardsDeliveredTwice: [...cardCounts.values()].filter((n) => n > 1).length,
      pmoReplies: replies,
      http429: sim.stats().http429,
      graphRequests: graph.stats.requests,
    };
    process.stdout.write(`multi: ${JSON.stringify(detail)}\n`);
    if (cycles.length !== 1 || detail.cardsDeliveredTwice > 0 || cards.length === 0)
      throw new Error(`cycle opened ${cycles.length} times, ${cards.length} cards, ${detail.cardsDeliveredTwice} delivered twice`);
    return {
      instances,
      messages,
      seconds: Number(seconds.toFixed(2)),
      minSeconds: Number(minSeconds.toFixed(2)),
      ratio: Number((seconds / minSeconds).toFixed(3)),
      lost: keys.filter((k) => !seen.has(k)).length,
      duplicates: [...seen.values()].reduce((sum, n) => sum + n - 1, 0),
    };
  } finally {
    for (const { child } of servers) child.kill('SIGTERM');
    await Promise.all(
      servers.map(({ child }) => new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)))),
    );
    await Promise.all([sim.close(), graph.close(), azurite.stop()]);
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    removeTempDataDirs();
  }
}

// Run alone: node scripts/bench-fanout-multi.mjs
if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify({ multi: await multiInstanceScenario() })}\n`);
}
