// npm run bench:reach — proactive installation for 2,000 people who never opened the bot, through
// the outbox against the local Graph test server (every request and response checked against
// Microsoft's Graph description). The server applies Graph's documented Teams limits for
// installedApps (30 GET and 30 POST a second per app per tenant) and throttles 2% of requests at
// random (429, Retry-After 1 s); the outbox must pace itself and wait, not fail. Each person has
// one message queued; it waits for the installation (POST, find the installation, read its chat)
// and is then sent into that chat. Sends go to an in-process recorder (the Teams side is
// measured by bench:fanout). A person is "lost" unless their message was sent into the chat
// Graph named, or given up with a reason.
// The last line is JSON: {"people","installed","requests","seconds","http429","lost"}.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileTestkit } from './bench-support.mjs';

const PEOPLE = Number(process.argv[process.argv.indexOf('--people') + 1]) || 2000;
const THROTTLE_RATE = 0.02;
const SEED = Number(process.argv[process.argv.indexOf('--seed') + 1]) || 1;
const CATALOG_APP_ID = '0d8b8e0c-4c3a-4f7e-9a55-1f2e3d4c5b6a';
const BOT_APP_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const TIMEOUT_MS = 15 * 60_000;

const kit = compileTestkit();
const { GraphTestServer } = kit('test/support/graph/graph-test-server.js');
const { GRAPH_TEST_TOKEN, silentLogger } = kit('test/support/sharepoint-fixture.js');
const { SqliteStore } = kit('bot/store/sqlite/sqlite-store.js');
const { GraphGateway } = kit('bot/store/sharepoint/graph/graph-gateway.js');
const { GraphTeamsAppInstaller } = kit('bot/store/sharepoint/graph/teams-app-installer.js');
const { ProactiveInstallation } = kit('bot/platform/outbox/installation.js');
const { OutboxDispatcher, TEAMS_LIMITS } = kit('bot/platform/outbox/dispatcher.js');

const entraIdOf = (i) => `6b1e0c3a-${String(i).padStart(4, '0')}-4000-8000-${String(i).padStart(12, '0')}`;

const server = await GraphTestServer.start({ tokens: [GRAPH_TEST_TOKEN], seed: SEED, botAppId: BOT_APP_ID, requestLogLimit: 100 });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-reach-'));
const store = SqliteStore.open(dataDir);
let dispatcher;
try {
  server.addCatalogApp({ id: CATALOG_APP_ID, displayName: '本庁区役所連携' });
  // Setup (not measured): the directory, one message per person, and one conversation the bot already has (the PMO's).
  await store.transaction(async (tx) => {
    await tx.departments.upsert({
      id: 'ward-kita-shimin',
      name: '市民課',
      office: '北区役所',
      kind: 'ward',
      approvalRequired: false,
      inquiryChannelId: null,
      noticeChannelId: null,
    });
    for (let i = 1; i <= PEOPLE; i++) {
      const person = {
        id: `p${i}`,
        entraObjectId: entraIdOf(i),
        displayName: `職員 ${i}`,
        email: `staff${i}@example.lg.jp`,
        departmentId: 'ward-kita-shimin',
        title: '主事',
        roles: ['staff'],
        locale: 'ja',
      };
      await tx.people.upsert(person);
      server.addTeamsUser(person.entraObjectId);
      await tx.outbox.enqueue({
        key: `bench:reach:${i}`,
        conversationKey: `person:p${i}`,
        payload: { activity: { type: 'message', text: `お知らせ ${i}` } },
      });
    }
    await tx.conversations.save('person:pmo', {
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/jp/',
      conversation: { id: 'a:pmo', conversationType: 'personal' },
      bot: { id: `28:${BOT_APP_ID}` },
      user: { id: '29:pmo' },
    });
  });

  server.faults.throttleRate = THROTTLE_RATE;
  server.faults.retryAfterSeconds = 1;
  const delivered = new Map(); // conversation id → sends
  const sender = {
    async send(reference) {
      const id = reference.conversation.id;
      delivered.set(id, (delivered.get(id) ?? 0) + 1);
      return { activityId: `m-${delivered.size}` };
    },
  };
  // The app's installer as compose-store builds it: Graph without client retries, the outbox paces.
  const installer = new GraphTeamsAppInstaller(
    new GraphGateway({ auth: { getAccessToken: async () => GRAPH_TEST_TOKEN }, maxRetries: 0, redirectTo: server.url }),
    CATALOG_APP_ID,
  );
  dispatcher = new OutboxDispatcher({
    outbox: store.outbox,
    conversations: store.conversations,
    sender,
    installation: ProactiveInstallation.over(store, installer, { appId: BOT_APP_ID, tenantId: '5f1c2b7e-8a4d-4e0f-9b3a-1c2d3e4f5a6b' }),
    logger: silentLogger,
    options: {
      ...TEAMS_LIMITS,
      marginMs: 10,
      maxInFlight: 32,
      leaseSeconds: 30,
      maxAttempts: 8,
      backoff: { baseMs: 1000, capMs: 60_000 },
      sendTimeoutMs: 15_000,
      pollIntervalMs: 200,
      scanSize: 500,
    },
  });
  server.resetStats();
  const started = performance.now();
  dispatcher.start();
  for (;;) {
    const counts = await store.outbox.countByStatus();
    if (counts.pending + counts.sending + counts.failed === 0) break;
    if (performance.now() - started > TIMEOUT_MS) throw new Error(`not finished in ${TIMEOUT_MS / 1000} s: ${JSON.stringify(counts)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const seconds = (performance.now() - started) / 1000;
  await dispatcher.stop();

  let lost = 0;
  let unreachable = 0;
  for (let i = 1; i <= PEOPLE; i++) {
    const message = await store.outbox.get(`bench:reach:${i}`);
    const chat = server.userInstallations(entraIdOf(i))[0]?.chatId;
    if (message?.status === 'sent' && chat && delivered.get(chat) === 1) continue;
    if (message?.status === 'dead' && message.lastError) unreachable++;
    else lost++;
  }
  const installed = (await store.audit.list({ actions: ['reach.install.installed', 'reach.install.alreadyInstalled'], limit: 100_000 }))
    .length;
  if (server.validationErrors.length > 0)
    throw new Error(`requests or responses outside Microsoft's description:\n${server.validationErrors.slice(0, 5).join('\n')}`);
  const http429 = server.stats.throttled;
  process.stdout.write(
    `${PEOPLE} people: ${installed} installed (${server.installs} installation POSTs succeeded), ${unreachable} unreachable with a reason, ${server.stats.requests} Graph requests, ${http429} answered 429, ${seconds.toFixed(1)} s (${(installed / seconds).toFixed(1)} installations/s; Graph allows 30 POST + 30 GET/s, 3 requests each)\n`,
  );
  process.stdout.write(
    `${JSON.stringify({ people: PEOPLE, installed, requests: server.stats.requests, seconds: Number(seconds.toFixed(1)), http429, lost })}\n`,
  );
  if (lost > 0) process.exitCode = 1;
} finally {
  await dispatcher?.stop();
  await store.close();
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
