import { randomBytes, randomUUID } from 'node:crypto';
import { seedDemoData } from '../../bot/demo/seed';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { GraphTestServer } from '../support/graph/graph-test-server';
import { deliveryCounts, enqueueFanOut, eventually } from '../support/outbox-fixtures';
import { startServers, type RunningServer } from '../support/processes';
import { GRAPH_TEST_TOKEN, productionLayoutEnv, productionLayoutStore, removeTempDataDirs } from '../support/sharepoint-fixture';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startConnectorSimulator } = require('../support/connector-simulator');

/**
 * Three server processes in the production layout: records in SharePoint (the Graph test
 * server), outbox, conversation references and audit log in Azure Table Storage (Azurite).
 * A fan-out and the PMO opening a check-in on all three at once; one instance is killed
 * mid-way and the others take over its claimed messages once their lease runs out.
 */
jest.setTimeout(120_000);

interface Delivery {
  text: string;
  conversationId: string;
  activity: { summary?: string; attachments?: unknown[] };
}

let azurite: RunningAzurite;
let graph: GraphTestServer;
let sim: { url: string; delivered: Delivery[]; close(): Promise<void> };
const servers: RunningServer[] = [];

beforeAll(async () => {
  [azurite, graph, sim] = await Promise.all([
    startAzurite(),
    GraphTestServer.start({ tokens: [GRAPH_TEST_TOKEN] }),
    startConnectorSimulator({ port: 0 }),
  ]);
});
afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop('SIGKILL')));
  await Promise.all([azurite?.stop(), graph?.close(), sim?.close()]);
  removeTempDataDirs();
});

it('delivers every message once, opens the cycle once, and takes over a killed instance’s work after its lease', async () => {
  const prefix = `m${randomBytes(3).toString('hex')}`;
  const { store, siteUrl } = await productionLayoutStore(graph, azurite.connectionString, prefix);
  await seedDemoData(store);
  const people = await store.people.list();
  for (const person of people) {
    await store.conversations.save(`person:${person.id}`, {
      serviceUrl: sim.url,
      channelId: 'msteams',
      conversation: { id: `a:${person.id}`, conversationType: 'personal' },
      bot: { id: '28:bot' },
      user: { id: `29:${person.id}` },
    });
  }
  const keys = await enqueueFanOut(store, { serviceUrl: sim.url, count: 300 });

  const env = {
    APP_MODE: 'local',
    APP_DEMO_DATA: '0',
    ...productionLayoutEnv(graph, siteUrl, azurite.connectionString, prefix),
    OUTBOX_MAX_IN_FLIGHT: '8',
    OUTBOX_LEASE_SECONDS: '3',
    OUTBOX_SEND_TIMEOUT_SECONDS: '2',
    OUTBOX_RATE_PER_APP: '16/1',
    CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0',
    INQUIRY_DEADLINE_INTERVAL_SECONDS: '0',
    SHAREPOINT_SYNC_INTERVAL_SECONDS: '0',
  };
  const started = await startServers(3, env);
  servers.push(...started);
  const ports = started.map((server) => server.port);

  // The PMO's command reaches every instance at the same moment.
  const pmo = people.find((p) => p.roles.includes('pmo'))!;
  const command = () => ({
    id: randomUUID(),
    type: 'message',
    text: 'チェックイン開始 R8 Q3',
    channelId: 'msteams',
    serviceUrl: sim.url,
    locale: 'ja-JP',
    from: { id: `29:${pmo.id}`, aadObjectId: pmo.entraObjectId, name: pmo.displayName },
    recipient: { id: '28:bot', name: 'bot' },
    conversation: { id: `a:${pmo.id}`, conversationType: 'personal', tenantId: 't' },
    channelData: { tenant: { id: 't' } },
  });
  const answers = await Promise.all(
    ports.map((port) =>
      fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(command()),
      }),
    ),
  );
  expect(answers.map((a) => a.status < 300)).toEqual([true, true, true]);

  await eventually(() => sim.delivered.length >= 100, 60_000, '100 delivered before the kill');
  started[0].child.kill('SIGKILL');
  await started[0].exited;
  await eventually(
    async () => {
      const counts = await store.outbox.countByStatus();
      return counts.pending + counts.sending + counts.failed === 0 && counts.sent > keys.length;
    },
    90_000,
    'every message sent by the two instances left',
  );

  const counts = deliveryCounts(sim.delivered.filter((d) => keys.includes(d.text)));
  expect(keys.filter((key) => !counts.has(key))).toEqual([]); // lost
  const cards = sim.delivered.filter((d) => d.activity.attachments?.length && typeof d.activity.summary === 'string');
  const cardCounts = deliveryCounts(cards.map((d) => ({ text: `${d.conversationId} ${d.activity.summary}` })));
  // Sent twice only if the killed instance had it in flight (at most OUTBOX_MAX_IN_FLIGHT).
  const twice = [...counts.values(), ...cardCounts.values()].filter((n) => n > 1).length;
  expect(twice).toBeLessThanOrEqual(8);
  expect(cardCounts.size).toBeGreaterThan(5);

  expect((await store.checkInCycles.list()).filter((c) => c.fiscalYear === 2026 && c.quarter === 3)).toHaveLength(1);
  const replies = sim.delivered.filter((d) => d.conversationId === `a:${pmo.id}` && d.text).map((d) => d.text);
  expect(replies.filter((t) => t.includes('開始しました'))).toHaveLength(1);
  expect(replies.filter((t) => t.includes('開始済み'))).toHaveLength(2);
  await store.close();
});
