import { loadConfig } from '../../bot/platform/config';
import { silentLogger } from '../../bot/platform/logger';
import { OutboxDispatcher, TEAMS_LIMITS, type DispatcherOptions } from '../../bot/platform/outbox/dispatcher';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { createCloudAdapter } from '../../bot/teams/adapter';
import { BotbuilderProactiveSender } from '../../bot/teams/proactive-sender';
import { deliveryCounts, enqueueFanOut, eventually } from '../support/outbox-fixtures';
import { tempDir } from '../support/processes';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startConnectorSimulator } = require('../support/connector-simulator');

type Simulator = {
  url: string;
  delivered: { conversationId: string; text: string; kind: string; at: number; activityId: string }[];
  stats(): { requests: number; http429: number; http5xx: number };
  setOptions(options: Record<string, unknown>): void;
  close(): Promise<void>;
};

/** The dispatcher with the real botbuilder CloudAdapter, a real SQLite file and the connector simulator. */
describe('outbox dispatcher', () => {
  let sim: Simulator;
  let store: SqliteStore;
  let dispatcher: OutboxDispatcher | undefined;

  const options = (overrides: Partial<DispatcherOptions> = {}): DispatcherOptions => ({
    ...TEAMS_LIMITS,
    marginMs: 50,
    maxInFlight: 16,
    leaseSeconds: 30,
    maxAttempts: 5,
    backoff: { baseMs: 20, capMs: 200 },
    sendTimeoutMs: 5000,
    pollIntervalMs: 200,
    scanSize: 500,
    ...overrides,
  });

  function startDispatcher(overrides: Partial<DispatcherOptions> = {}) {
    const adapter = createCloudAdapter(loadConfig({}), silentLogger);
    dispatcher = new OutboxDispatcher({
      outbox: store.outbox,
      conversations: store.conversations,
      sender: new BotbuilderProactiveSender(adapter, ''),
      logger: silentLogger,
      options: options(overrides),
    });
    dispatcher.start();
    return dispatcher;
  }

  const allSettled = async (count: number) => {
    const counts = await store.outbox.countByStatus();
    return counts.sent + counts.dead === count;
  };

  beforeEach(async () => {
    sim = await startConnectorSimulator({ port: 0 });
    store = SqliteStore.open(tempDir('renkei-outbox-'));
  });

  afterEach(async () => {
    await dispatcher?.stop();
    dispatcher = undefined;
    await store.close();
    await sim.close();
  });

  it('delivers a fan-out to 60 people exactly once, within the per-app limit (no 429)', async () => {
    const keys = await enqueueFanOut(store, { serviceUrl: sim.url, count: 60 });
    const started = Date.now();
    startDispatcher();
    await eventually(() => allSettled(60), 15_000, '60 messages sent');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // 60 > 50 per second
    expect(sim.stats().http429).toBe(0);
    const counts = deliveryCounts(sim.delivered);
    expect(keys.every((key) => counts.get(key) === 1)).toBe(true);
    const first = await store.outbox.get(keys[0]);
    expect(first).toMatchObject({ status: 'sent', attempts: 0, lastError: null });
    expect(sim.delivered.map((d) => d.activityId)).toContain(first?.sentActivityId);
  });

  it('sends to one conversation in order and within its windows', async () => {
    const keys = await enqueueFanOut(store, { serviceUrl: sim.url, count: 10, oneConversation: true });
    startDispatcher();
    await eventually(() => allSettled(10), 15_000, '10 messages sent');
    expect(sim.stats().http429).toBe(0);
    expect(sim.delivered.map((d) => d.text)).toEqual(keys);
    const times = sim.delivered.map((d) => d.at);
    expect(times[7] - times[0]).toBeGreaterThanOrEqual(1000); // the 8th waits for the 1-second window
  });

  it('honours Retry-After when the service throttles harder than configured, without counting it as a failure', async () => {
    sim.setOptions({ perConversation: [{ limit: 2, windowMs: 1000 }], retryAfterSeconds: 1 });
    const keys = await enqueueFanOut(store, { serviceUrl: sim.url, count: 6, oneConversation: true });
    startDispatcher();
    await eventually(() => allSettled(6), 20_000, '6 messages sent');
    expect(sim.stats().http429).toBeGreaterThan(0);
    const counts = deliveryCounts(sim.delivered);
    expect(keys.map((k) => counts.get(k))).toEqual([1, 1, 1, 1, 1, 1]);
    for (const key of keys) expect(await store.outbox.get(key)).toMatchObject({ status: 'sent', attempts: 0 });
  });

  it('retries server errors with backoff until delivered', async () => {
    sim.setOptions({ failureRate: 0.4 });
    const keys = await enqueueFanOut(store, { serviceUrl: sim.url, count: 30 });
    startDispatcher({ maxAttempts: 30 });
    await eventually(() => allSettled(30), 20_000, '30 messages sent');
    expect(sim.stats().http5xx).toBeGreaterThan(0);
    const counts = deliveryCounts(sim.delivered);
    expect(keys.every((key) => counts.get(key) === 1)).toBe(true);
    const retried = await Promise.all(keys.map((key) => store.outbox.get(key)));
    expect(retried.some((m) => (m?.attempts ?? 0) > 0)).toBe(true);
    expect(retried.every((m) => m?.status === 'sent')).toBe(true);
  });

  it('gives up at once, with the reason, when the user removed the app or the conversation is gone', async () => {
    sim.setOptions({ goneConversations: new Set(['a:gone-0']), forbiddenConversations: new Set(['a:blocked-0']) });
    await enqueueFanOut(store, { serviceUrl: sim.url, count: 1, prefix: 'gone' });
    await enqueueFanOut(store, { serviceUrl: sim.url, count: 1, prefix: 'blocked' });
    await store.outbox.enqueue({
      key: 'nobody',
      conversationKey: 'person:never-opened-the-bot',
      payload: { activity: { type: 'message', text: 'x' } },
    });
    startDispatcher();
    await eventually(() => allSettled(3), 10_000, 'three dead messages');
    expect(await store.outbox.get('gone:0')).toMatchObject({ status: 'dead', attempts: 1, lastError: expect.stringContaining('404') });
    expect(await store.outbox.get('blocked:0')).toMatchObject({ status: 'dead', lastError: expect.stringContaining('403') });
    expect(await store.outbox.get('nobody')).toMatchObject({
      status: 'dead',
      lastError: expect.stringContaining('会話が登録されていません'),
    });
    expect(sim.stats().requests).toBe(2);
  });

  it('gives up after the configured number of failed attempts', async () => {
    sim.setOptions({ failureRate: 1 });
    await enqueueFanOut(store, { serviceUrl: sim.url, count: 1 });
    startDispatcher({ maxAttempts: 3 });
    await eventually(() => allSettled(1), 10_000, 'the message to die');
    expect(await store.outbox.get('m:0')).toMatchObject({ status: 'dead', attempts: 3, lastError: expect.stringContaining('3 回失敗') });
    expect(sim.stats().requests).toBe(3);
  });

  it('updates a card it sent before (activity id known)', async () => {
    await enqueueFanOut(store, { serviceUrl: sim.url, count: 1 });
    await store.outbox.enqueue({
      key: 'm:0:update',
      conversationKey: 'person:m-0',
      payload: { activityId: 'card-1', activity: { type: 'message', text: 'updated card' } },
    });
    startDispatcher();
    await eventually(() => allSettled(2), 10_000, 'send and update');
    expect(sim.delivered.find((d) => d.text === 'updated card')).toMatchObject({ kind: 'update', activityId: 'card-1' });
    expect((await store.outbox.get('m:0:update'))?.sentActivityId).toBe('card-1');
  });

  it('picks up messages enqueued while it runs, and stops cleanly', async () => {
    const d = startDispatcher({ pollIntervalMs: 5000 });
    await enqueueFanOut(store, { serviceUrl: sim.url, count: 3, prefix: 'late' });
    d.nudge();
    await eventually(() => allSettled(3), 3000, 'late messages sent after a nudge');
    await d.stop();
    await enqueueFanOut(store, { serviceUrl: sim.url, count: 2, prefix: 'after-stop' });
    await new Promise((r) => setTimeout(r, 300));
    expect((await store.outbox.countByStatus()).pending).toBe(2);
  });
});
