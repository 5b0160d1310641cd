import { loadDemoData } from '../../bot/demo/demo-data';
import { GraphTestServer } from '../support/graph/graph-test-server';
import { startServer, type RunningServer } from '../support/processes';
import { GRAPH_TEST_TOKEN, provisionedSite, sharePointEnv } from '../support/sharepoint-fixture';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startConnectorSimulator } = require('../support/connector-simulator');

/**
 * One correlation id from end to end: the built server with its records in SharePoint (the Graph
 * test server) gets an activity through the real botbuilder adapter; the Graph requests the turn
 * makes and the reply it posts to the Bot Connector (the simulator) carry the id in
 * client-request-id, the HTTP answer names it, and the turn's own log lines carry it too.
 */
jest.setTimeout(90_000);

const WARD_STAFF = loadDemoData().people.find((person) => person.id === 'p-ward-staff')!;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let graph: GraphTestServer;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let sim: any;
let server: RunningServer;

beforeAll(async () => {
  [graph, sim] = await Promise.all([GraphTestServer.start({ tokens: [GRAPH_TEST_TOKEN] }), startConnectorSimulator()]);
  const { siteUrl } = await provisionedSite(graph);
  server = await startServer(sharePointEnv(graph, siteUrl));
});
afterAll(async () => {
  await server?.stop();
  await Promise.all([graph?.close(), sim?.close()]);
});
afterEach(() => expect(graph.validationErrors).toEqual([]));

/** The JSON log lines the server wrote (stdout and stderr), skipping READY and other plain lines. */
function logLines(): Record<string, unknown>[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

const message = (text: string) => ({
  type: 'message',
  id: `in-${Date.now()}`,
  text,
  channelId: 'msteams',
  serviceUrl: sim.url,
  locale: 'ja-JP',
  conversation: { id: `a:corr-${Date.now()}`, conversationType: 'personal', tenantId: 'tenant-1' },
  from: { id: '29:ward-staff', aadObjectId: WARD_STAFF.entraObjectId },
  recipient: { id: '28:bot' },
  channelData: { tenant: { id: 'tenant-1' } },
});

describe('correlation id of a turn', () => {
  it('is sent to Graph and the Bot Connector as client-request-id and written on the turn’s log lines', async () => {
    const graphBefore = graph.requests.length;
    const activity = message('照会一覧');
    const response = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(activity),
    });
    expect(response.status).toBe(200);
    const correlationId = response.headers.get('x-correlation-id')!;
    expect(correlationId).toMatch(UUID);

    // The reply reached the connector with the turn's id.
    const reply = sim.delivered.find((delivery: { conversationId: string }) => delivery.conversationId === activity.conversation.id);
    expect(reply).toBeDefined();
    expect(reply.headers['client-request-id']).toBe(correlationId);

    // The turn read her inquiries from the SharePoint list through Graph, with the same id.
    const turnGraphRequests = graph.requests.slice(graphBefore).filter((request) => request.headers['client-request-id'] === correlationId);
    expect(turnGraphRequests.length).toBeGreaterThan(0);
    expect(turnGraphRequests.every((request) => request.url.startsWith('/v1.0/'))).toBe(true);

    // The turn's log line carries it; no other turn's id leaked onto it, and the text typed is not logged.
    await server.waitFor(new RegExp(`"correlationId":"${correlationId}".*"msg":"turn finished"`)); // written as the answer goes out
    const finished = logLines().find((line) => line.msg === 'turn finished' && line.activityId === activity.id);
    expect(finished).toMatchObject({
      correlationId,
      unit: 'turn',
      activityType: 'message',
      outcome: 'ok',
      aadObjectId: WARD_STAFF.entraObjectId,
    });
    expect(server.output()).not.toContain('照会一覧');
  });

  it('gives each turn its own id', async () => {
    const ids = [];
    for (const text of ['ヘルプ', 'ヘルプ']) {
      const activity = message(text);
      const response = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(activity),
      });
      expect(response.status).toBe(200);
      const id = response.headers.get('x-correlation-id');
      const reply = sim.delivered.find((delivery: { conversationId: string }) => delivery.conversationId === activity.conversation.id);
      expect(reply.headers['client-request-id']).toBe(id);
      ids.push(id);
    }
    expect(ids[0]).not.toBe(ids[1]);
    // Work outside any turn (startup) carries none.
    expect(logLines().find((line) => line.msg === 'server listening')).not.toHaveProperty('correlationId');
  });

  it('names each JSON API request’s own id in its answer', async () => {
    const ids = [];
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${server.url}/api/me`, { headers: { Authorization: 'Demo p-admin' } });
      expect(response.status).toBe(200);
      ids.push(response.headers.get('x-correlation-id'));
    }
    expect(ids[0]).toMatch(UUID);
    expect(ids[1]).toMatch(UUID);
    expect(ids[0]).not.toBe(ids[1]);
  });
});
