import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { eventually } from '../support/outbox-fixtures';
import { startServer, tempDir, type RunningProcess } from '../support/processes';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startConnectorSimulator } = require('../support/connector-simulator');

const PMO_OID = '6b1e0c3a-0004-4000-8000-000000000004'; // 田中 誠 (p-pmo) in bot/demo/people.ts

/**
 * Two server processes on one store, as behind a load balancer: a cycle opened on both at the
 * same moment exists once with each card sent once, and a card action may land on either.
 */
describe('two instances', () => {
  let sim: {
    url: string;
    delivered: { conversationId: string; text: string; activity: { attachments?: { content: unknown }[] }; kind: string }[];
    close(): Promise<void>;
  };
  const servers: { process: RunningProcess; url: string }[] = [];
  let dataDir: string;

  async function startInstance() {
    const server = await startServer({
      APP_MODE: 'local',
      APP_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      INQUIRY_DEADLINE_INTERVAL_SECONDS: '0',
    });
    servers.push({ process: server, url: `${server.url}/api/messages` });
  }

  const activity = (extra: Record<string, unknown>) => ({
    id: `a-${Math.random()}`,
    channelId: 'msteams',
    serviceUrl: sim.url,
    from: { id: '29:pmo', aadObjectId: PMO_OID, name: '田中 誠' },
    recipient: { id: '28:bot', name: 'bot' },
    conversation: { id: 'a:pmo-personal', conversationType: 'personal', tenantId: 't' },
    channelData: { tenant: { id: 't' } },
    locale: 'ja-JP',
    ...extra,
  });
  const post = (server: number, body: Record<string, unknown>) =>
    fetch(servers[server].url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const execute = async (server: number, verb: string, data: Record<string, unknown>) => {
    const response = await post(
      server,
      activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data } } }),
    );
    expect(response.status).toBe(200);
    return JSON.stringify(await response.json());
  };

  beforeAll(async () => {
    sim = await startConnectorSimulator({ port: 0 });
    dataDir = tempDir('renkei-scale-');
    await startInstance(); // the first start loads the demo data
    await startInstance();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.process.stop()));
    await sim.close();
  });

  it('opens a cycle once when both instances are asked at the same moment, and sends each card once', async () => {
    const [a, b] = await Promise.all(
      [0, 1].map((server) => post(server, activity({ type: 'message', text: 'チェックイン開始 R8 Q3', textFormat: 'plain' }))),
    );
    expect([a.status, b.status]).toEqual([200, 200]);
    const store = SqliteStore.open(dataDir);
    let owned: string[];
    try {
      expect((await store.checkInCycles.list()).filter((c) => c.fiscalYear === 2026 && c.quarter === 3)).toHaveLength(1);
      owned = (await store.initiatives.list({ ownerId: 'p-pmo' })).map((i) => i.code);
    } finally {
      await store.close();
    }
    const replies = sim.delivered.filter((d) => d.text.includes('R8年度 Q3'));
    expect(
      replies.map((d) => (d.text.includes('開始しました') ? 'opened' : d.text.includes('開始済み') ? 'already' : 'other')).sort(),
    ).toEqual(['already', 'opened']);
    const cards = () => sim.delivered.filter((d) => JSON.stringify(d.activity.attachments ?? []).includes('四半期チェックイン'));
    await eventually(() => cards().length >= owned.length, 20_000, 'every card delivered');
    await new Promise((r) => setTimeout(r, 1500)); // a duplicate would arrive within the dispatchers' next passes
    const perInitiative = owned.map(
      (code) => cards().filter((d) => JSON.stringify(d.activity.attachments).includes(`"initiativeCode":"${code}"`)).length,
    );
    expect(perInitiative).toEqual(owned.map(() => 1));
  });

  it('finishes a card conversation across instances: submit on one, edit and resubmit on the other', async () => {
    const card = sim.delivered.find((d) => JSON.stringify(d.activity.attachments ?? []).includes('"verb":"checkin.submit"'));
    const submit = JSON.parse(JSON.stringify(card?.activity.attachments?.[0]?.content)).actions[0];
    const answer = { progress: '二つのインスタンスで確認', weather: '晴れ', direction: '継続' };
    const saved = await execute(0, 'checkin.submit', { ...submit.data, ...answer });
    expect(saved).toContain('第 1 版');
    const editForm = JSON.parse(
      await execute(1, 'checkin.edit', { initiativeCode: submit.data.initiativeCode, fiscalYear: 2026, quarter: 3 }),
    );
    const resubmit = editForm.value.actions[0];
    expect(resubmit.data.revision).toBe(2);
    const revised = await execute(1, 'checkin.submit', { ...resubmit.data, ...answer, weather: 'くもり' });
    expect(revised).toContain('第 2 版');
    // The same press replayed on the other instance stores nothing new.
    expect(await execute(0, 'checkin.submit', { ...resubmit.data, ...answer, weather: '雨' })).toContain('第 2 版');
  });
});
