// npm run bench:checkin — 200 concurrent check-in submissions (Action.Execute invokes) against
// the real server process in local mode, next to 200 concurrent trivial turns (「ping」, which
// replies through the connector simulator) through the same adapter in the same run.
// Rounds alternate which batch goes first. Every submission must come back as the summary
// card and be stored exactly once. The last line printed is one JSON object:
// {"concurrency":200,"p50Ms":..,"p99Ms":..,"echoP50Ms":..,"echoP99Ms":..,"ratioP99":..}
//
// `--layout production` runs the same rounds on the production layout instead (records in
// SharePoint, here the Graph test server in this process; operational state in Azure Table
// Storage, here Azurite), and `--graph-latency 80` makes the Graph test server wait 80 ms before
// answering each request (a $batch once), as Graph's round trip. With --layout the line adds
// "p95Ms", and for production "graphLatencyMs" and "graphRoundTripsP95": per submit turn, the
// longest chain of Graph requests carrying its correlation id (client-request-id) one after the
// other, p95 over the submits.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import {
  benchActivity as activity,
  benchOid as oid,
  compileTestkit,
  echoActivity as echo,
  percentile,
  round1,
  startBuiltServer,
  startUnlimitedSimulator,
  timedPost,
} from './bench-support.mjs';
import { build } from './build.mjs';

const require = createRequire(import.meta.url);
const option = (name) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const LAYOUT = option('layout');
if (LAYOUT !== undefined && LAYOUT !== 'local' && LAYOUT !== 'production')
  throw new Error(`--layout is local or production, not ${LAYOUT}`);
const PRODUCTION = LAYOUT === 'production';
const GRAPH_LATENCY_MS = Number(option('graph-latency') ?? 0);
if (!Number.isFinite(GRAPH_LATENCY_MS) || GRAPH_LATENCY_MS < 0) throw new Error('--graph-latency is a number of milliseconds');
if (GRAPH_LATENCY_MS > 0 && !PRODUCTION) throw new Error('--graph-latency needs --layout production');
build({ parts: ['bot'], quiet: true });
const { SqliteStore } = require('../dist/bot/store/sqlite/sqlite-store.js');

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 200);
const ROUNDS = [1, 2, 3, 4]; // one fiscal quarter per round, so every round's submissions are new answers
const WARMUP = 20;

async function seed(store) {
  await store.transaction(async (tx) => {
    await tx.departments.upsert({
      id: 'hq-dx',
      name: 'DX推進課',
      office: '総務局',
      kind: 'hq',
      approvalRequired: false,
      inquiryChannelId: null,
      noticeChannelId: null,
    });
    for (let i = 0; i < CONCURRENCY + WARMUP; i++) {
      await tx.people.upsert({
        id: `bench-p${i}`,
        entraObjectId: oid(i),
        displayName: `職員 ${i}`,
        email: `p${i}@example.jp`,
        departmentId: 'hq-dx',
        title: '主事',
        roles: ['staff'],
        locale: 'ja',
      });
      await tx.initiatives.upsert({
        code: `Z${i}-1`,
        pillar: 'B:庁内効率化と働き方改革',
        domain: 'B1:バックオフィス効率化',
        leadDivision: '総務局',
        leadSection: 'DX推進課',
        title: `ベンチマーク施策 ${i}`,
        purpose: '',
        milestone: '',
        activities: '',
        q4Target: '電子決裁率80%',
        ownerId: `bench-p${i}`,
        kpis: [
          { id: `Z${i}-1-k1`, name: '電子決裁率', unit: '%', baseline: 50, target: 80, targetDate: '2027-03-31', direction: 'higher' },
          {
            id: `Z${i}-1-k2`,
            name: '印刷枚数',
            unit: '枚',
            baseline: 4779225,
            target: 2389612,
            targetDate: '2027-03-31',
            direction: 'lower',
          },
        ],
      });
    }
    for (const quarter of ROUNDS) {
      await tx.checkInCycles.open({
        fiscalYear: 2026,
        quarter,
        opensOn: '2026-04-01',
        dueOn: '2027-12-28',
        openedAt: new Date().toISOString(),
        openedBy: 'bench',
        unreachableOwnerIds: [],
        closedAt: null,
      });
    }
  });
}

async function startServer(dataDir, env = {}) {
  const { child, port } = await startBuiltServer(dataDir, { CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0', ...env });
  return { child, url: `http://127.0.0.1:${port}/api/messages` };
}

/** The SQLite file in dataDir (local), or SharePoint on the Graph test server with Azurite (production). */
async function openLayout(dataDir) {
  if (!PRODUCTION) {
    return { open: async () => SqliteStore.open(dataDir), env: {}, graph: undefined, roundTrips: undefined, close: async () => undefined };
  }
  const kit = compileTestkit();
  const { GraphTestServer } = kit('test/support/graph/graph-test-server.js');
  const { startAzurite } = kit('test/support/azurite.js');
  const { productionLayoutStore, productionLayoutEnv, removeTempDataDirs, GRAPH_TEST_TOKEN } = kit('test/support/sharepoint-fixture.js');
  const { sequentialRoundTrips } = kit('test/support/graph/round-trips.js');
  const [graph, azurite] = await Promise.all([GraphTestServer.start({ tokens: [GRAPH_TEST_TOKEN] }), startAzurite()]);
  const prefix = `c${randomBytes(3).toString('hex')}`;
  const { store, siteUrl } = await productionLayoutStore(graph, azurite.connectionString, prefix);
  return {
    open: async () => store,
    env: { ...productionLayoutEnv(graph, siteUrl, azurite.connectionString, prefix), INQUIRY_DEADLINE_INTERVAL_SECONDS: '0' },
    graph,
    roundTrips: (correlationId) => sequentialRoundTrips(graph.timingsFor(correlationId)),
    close: async () => {
      await Promise.all([graph.close(), azurite.stop()]);
      removeTempDataDirs();
    },
  };
}

const submission = (serviceUrl, i, quarter) =>
  activity(serviceUrl, i, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: {
      trigger: 'manual',
      action: {
        type: 'Action.Execute',
        verb: 'checkin.submit',
        data: {
          initiativeCode: `Z${i}-1`,
          fiscalYear: 2026,
          quarter,
          revision: 1,
          submissionId: randomUUID(),
          progress: `第${quarter}四半期：電子決裁の対象文書を拡大し、各課の紙決裁を洗い出した。`,
          weather: 'くもり',
          direction: '継続',
          directionReason: '',
          nextActions: '支出伝票の電子決裁に向けて会計課と調整する',
          [`kpi.Z${i}-1-k1`]: String(55 + quarter * 5),
          [`kpi.Z${i}-1-k2`]: '3,900,000',
        },
      },
    },
  });

/** The correlation id (x-correlation-id) of each measured submit turn, for its Graph requests. */
const submitTurns = [];

async function timed(url, body, check) {
  const { ms, response } = await timedPost(url, body, check);
  if (check === isSummary) submitTurns.push(response.headers.get('x-correlation-id'));
  return ms;
}

/** User + system CPU seconds of a process so far (Linux /proc; clock ticks of 1/100 s). */
const cpuSecondsOf = (pid) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

const isSummary = (text) => text.includes('チェックイン提出済み');
const isOk = () => true;

async function batch(kind, url, serviceUrl, quarter, offset = 0, size = CONCURRENCY) {
  const work = [];
  for (let n = 0; n < size; n++) {
    const i = n + offset;
    work.push(kind === 'submit' ? timed(url, submission(serviceUrl, i, quarter), isSummary) : timed(url, echo(serviceUrl, i), isOk));
  }
  return Promise.all(work);
}

const sim = await startUnlimitedSimulator();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-checkin-'));
const layout = await openLayout(dataDir);
const seeding = await layout.open();
await seed(seeding);
if (!PRODUCTION) await seeding.close();
const server = await startServer(dataDir, layout.env);
try {
  if (layout.graph) layout.graph.latencyMs = GRAPH_LATENCY_MS;
  // Warm-up (JIT, connection pools), not measured: other people, quarter 1.
  await batch('echo', server.url, sim.url, 1, CONCURRENCY, WARMUP);
  await batch('submit', server.url, sim.url, 1, CONCURRENCY, WARMUP);
  submitTurns.length = 0;
  const cpuBefore = { server: cpuSecondsOf(server.child.pid), bench: process.cpuUsage() };
  const submitMs = [];
  const echoMs = [];
  for (const quarter of ROUNDS) {
    const order = quarter % 2 === 0 ? ['submit', 'echo'] : ['echo', 'submit'];
    for (const kind of order) (kind === 'submit' ? submitMs : echoMs).push(...(await batch(kind, server.url, sim.url, quarter)));
    process.stdout.write(`  round Q${quarter}: ${order.join(' then ')} done\n`);
  }
  // CPU spent in the measured rounds: less at the mercy of other load on the machine than latency.
  const benchCpu = process.cpuUsage(cpuBefore.bench);
  process.stdout.write(
    `  CPU in the measured rounds: server ${(cpuSecondsOf(server.child.pid) - cpuBefore.server).toFixed(1)} s, ` +
      `this process (clients${PRODUCTION ? ', Graph test server' : ''}) ${((benchCpu.user + benchCpu.system) / 1e6).toFixed(1)} s\n`,
  );
  const replies = sim.delivered.length;
  if (layout.graph) layout.graph.latencyMs = 0;
  const store = await layout.open();
  let stored = 0;
  for (const quarter of ROUNDS)
    stored += (await store.checkIns.listForQuarter(2026, quarter)).filter(
      (c) => c.initiativeCode.startsWith('Z') && Number(c.initiativeCode.slice(1, -2)) < CONCURRENCY,
    ).length;
  await store.close();
  const expected = CONCURRENCY * ROUNDS.length;
  process.stdout.write(
    `  submissions: ${submitMs.length}, stored answers: ${stored} (expected ${expected}); echo replies received by the simulator: ${replies}\n`,
  );
  if (stored !== expected) throw new Error(`stored ${stored} check-ins, expected ${expected}`);
  const result = {
    concurrency: CONCURRENCY,
    p50Ms: round1(percentile(submitMs, 50)),
    p99Ms: round1(percentile(submitMs, 99)),
    echoP50Ms: round1(percentile(echoMs, 50)),
    echoP99Ms: round1(percentile(echoMs, 99)),
  };
  result.ratioP99 = Math.round((result.p99Ms / result.echoP99Ms) * 100) / 100;
  if (LAYOUT !== undefined) {
    result.layout = LAYOUT;
    result.p95Ms = round1(percentile(submitMs, 95));
  }
  if (layout.graph) {
    const roundTrips = submitTurns.map(layout.roundTrips);
    result.graphLatencyMs = GRAPH_LATENCY_MS;
    result.graphRoundTripsP95 = percentile(roundTrips, 95);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
  await sim.close();
  await layout.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
