// npm run bench:faults — the production layout (records in SharePoint, here the Graph test
// server; outbox, conversation references and audit log in Azure Table Storage, here Azurite;
// two server processes) answers card invokes (check-in answers and 疑義照会 questions, each an
// Action.Execute through POST /api/messages) while faults are injected in turn:
//   1. Graph answers 503 to everything for 2 minutes
//   2. Graph 429 storms (every request throttled, twice 45 s)
//   3. Azurite (the operational store) killed and restarted 15 s later with its data
//   4. kill -9 of one instance, started again 20 s later
//   5. the mirror's disk full (SHAREPOINT_MIRROR_DIR on a small tmpfs, filled; needs root to mount,
//      skipped and said so without it)
// `--scale 0.25` shortens every duration (default 1: as above). `--rate 2` invokes a second.
// A connection the killed instance dropped is sent again to the other one, as Teams' retry of
// a failed request would be; the same submissionId / requestId makes that safe (counted: resent).
// Afterwards, once the queued units of work are applied, every acknowledged press (a summary card,
// a 送りました card, or 「受け付けました（反映待ち）」) must be in SharePoint exactly once with its
// audit entry. healthzHonest: every /healthz answer was "ok" before the faults, and during each
// fault every instance (for kill -9: the killed one) reported it at least once (not "ok", or no
// answer); the SharePoint probe is cached 30 s, so a fault shorter than that may go unseen.
// The last line is one JSON object:
// {"submitted":N,"acknowledged":N,"stored":N,"lost":0,"duplicates":0,"unanswered":0,"healthzHonest":true}
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { compileTestkit, startBuiltServer } from './bench-support.mjs';
import { build } from './build.mjs';

const require = createRequire(import.meta.url);
const { startConnectorSimulator } = require('../test/support/connector-simulator.js');

const argument = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const SCALE = argument('scale', 1);
const RATE = argument('rate', 2);
const seconds = (s) => Math.max(1, Math.round(s * SCALE)) * 1000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line) => process.stdout.write(`  ${new Date().toISOString().slice(11, 19)} ${line}\n`);
const PENDING = '受け付けました（反映待ち）';
// One initiative (and owner) per check-in press, so every press is a first answer: about 405 s of
// load at RATE, half of it check-ins, with room to spare.
const PEOPLE = Math.ceil(((405 * SCALE * RATE) / 2) * 1.2) + 20;

build({ parts: ['bot'], quiet: true });
const kit = compileTestkit();
const { GraphTestServer } = kit('test/support/graph/graph-test-server.js');
const { startAzurite } = kit('test/support/azurite.js');
const { productionLayoutStore, productionLayoutEnv, removeTempDataDirs, GRAPH_TEST_TOKEN } = kit('test/support/sharepoint-fixture.js');
const { seedDemoData } = kit('bot/demo/seed.js');

/** A small filesystem for the mirrors, filled during the disk-full fault; undefined without root. */
function smallDisk() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-mirror-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir], { stdio: 'ignore' });
    return {
      dir,
      fill: () => fillDisk(dir),
      free: () => fs.rmSync(path.join(dir, 'filler'), { force: true }),
      unmount: () => execFileSync('umount', [dir], { stdio: 'ignore' }),
    };
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

function fillDisk(dir) {
  const fd = fs.openSync(path.join(dir, 'filler'), 'w');
  const chunk = Buffer.alloc(256 * 1024);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    if (error.code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
}

const [sim, graph, azurite] = await Promise.all([
  startConnectorSimulator({ port: 0 }),
  GraphTestServer.start({ tokens: [GRAPH_TEST_TOKEN] }),
  startAzurite(30_000, { persistent: true }),
]);
const disk = smallDisk();
const dirs = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-faults-'));
  dirs.push(dir);
  return dir;
};
const instances = [];
/** Set once the figures are in; an exception before that ends the run with its own error. */
let failed;
try {
  // The site, the demo data, and bench people: owners of one initiative each, and ward staff who ask.
  const prefix = `f${randomBytes(3).toString('hex')}`;
  const { store, siteUrl } = await productionLayoutStore(graph, azurite.connectionString, prefix);
  await seedDemoData(store);
  const template = await store.initiatives.get('A1-2');
  const wardStaff = await store.people.get('p-ward-staff');
  const oid = (i) => `00000000-0000-4000-8000-${String(900000 + i).padStart(12, '0')}`;
  const people = Array.from({ length: PEOPLE }, (_, i) => ({
    ...wardStaff,
    id: `bench-p${i}`,
    entraObjectId: oid(i),
    displayName: `試験 職員${i}`,
    email: `bench${i}@example.jp`,
  }));
  for (let start = 0; start < PEOPLE; start += 20) {
    await Promise.all(
      people.slice(start, start + 20).flatMap((person, j) => {
        const code = `Z9-${start + j}`;
        const kpis = template.kpis.map((k, n) => ({ ...k, id: `${code}-k${n + 1}` }));
        return [
          store.people.upsert(person),
          store.initiatives.upsert({ ...template, code, title: `試験施策 ${start + j}`, ownerId: person.id, kpis }),
        ];
      }),
    );
  }
  await store.checkInCycles.open({
    fiscalYear: 2026,
    quarter: 3,
    opensOn: '2026-10-01',
    dueOn: '2099-03-31',
    openedAt: new Date().toISOString(),
    openedBy: 'bench',
    unreachableOwnerIds: [],
    closedAt: null,
  });
  const reference = (key) => ({
    serviceUrl: sim.url,
    channelId: 'msteams',
    conversation: { id: `a:${key}`, conversationType: 'personal' },
    bot: { id: '28:bot' },
    user: { id: `29:${key}` },
  });
  for (const person of [...(await store.people.list())]) await store.conversations.save(`person:${person.id}`, reference(person.id));
  for (const department of await store.departments.list()) {
    if (department.inquiryChannelId)
      await store.conversations.save(`channel:${department.inquiryChannelId}`, {
        ...reference(department.id),
        conversation: { id: department.inquiryChannelId, conversationType: 'channel', isGroup: true },
      });
  }

  const env = {
    ...productionLayoutEnv(graph, siteUrl, azurite.connectionString, prefix),
    APP_DEMO_DATA: '0',
    CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0',
    INQUIRY_DEADLINE_INTERVAL_SECONDS: '0',
    OUTBOX_LEASE_SECONDS: '20',
    OUTBOX_SEND_TIMEOUT_SECONDS: '10',
    LOG_LEVEL: 'error',
  };
  const instanceEnv = (n) => ({ ...env, ...(disk ? { SHAREPOINT_MIRROR_DIR: path.join(disk.dir, `i${n}`) } : {}) });
  const dataDirs = [tempDir(), tempDir()];
  const start = async (n) => {
    const { child, port } = await startBuiltServer(dataDirs[n], instanceEnv(n));
    instances[n] = { child, port, alive: true };
  };
  await Promise.all([start(0), start(1)]);
  log(
    `two instances up (ports ${instances.map((i) => i.port).join(', ')}); mirror disk: ${disk ? `tmpfs 16 MiB at ${disk.dir}` : 'not mounted (no root): fault 5 skipped'}`,
  );

  // Health: every 2 s each instance's /healthz (no answer counts as reporting a fault).
  const health = [];
  let healthRunning = true;
  const healthLoop = (async () => {
    while (healthRunning) {
      await Promise.all(
        instances.map(async (instance, n) => {
          let status = 'unreachable';
          try {
            const response = await fetch(`http://127.0.0.1:${instance.port}/healthz`, { signal: AbortSignal.timeout(10_000) });
            status = (await response.json()).status ?? `http ${response.status}`;
          } catch {
            /* no answer */
          }
          health.push({ at: Date.now(), n, status });
        }),
      );
      await sleep(2000);
    }
  })();

  // The load: alternately a check-in answer by the next owner and a question by the next asker.
  const presses = [];
  let next = 0;
  let turn = 0;
  const invoke = (person, verb, data) => ({
    id: randomUUID(),
    type: 'invoke',
    name: 'adaptiveCard/action',
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: sim.url,
    locale: 'ja-JP',
    from: { id: `29:${person.id}`, aadObjectId: person.entraObjectId, name: person.displayName },
    recipient: { id: '28:bot', name: 'bot' },
    conversation: { id: `a:${person.id}`, conversationType: 'personal', tenantId: 'bench-tenant' },
    channelData: { tenant: { id: 'bench-tenant' } },
    value: { trigger: 'manual', action: { type: 'Action.Execute', verb, data } },
  });
  async function press(kind, i) {
    const person = people[i % PEOPLE];
    const code = `Z9-${i % PEOPLE}`;
    const record =
      kind === 'checkin'
        ? { kind, code, submissionId: randomUUID() }
        : { kind, subject: `試験の質問 ${i}-${randomBytes(2).toString('hex')}`, requestId: randomUUID(), askerId: person.id };
    const activity =
      kind === 'checkin'
        ? invoke(person, 'checkin.submit', {
            initiativeCode: code,
            fiscalYear: 2026,
            quarter: 3,
            revision: 1,
            submissionId: record.submissionId,
            progress: '電子決裁の対象文書を拡大した。',
            weather: 'くもり',
            direction: '継続',
            directionReason: '',
            nextActions: '会計課と調整する',
            [`kpi.${code}-k1`]: '24',
          })
        : invoke(person, 'inquiry.submit', {
            requestId: record.requestId,
            targetDepartmentId: 'hq-hoken-nenkin',
            category: '国民健康保険',
            subject: record.subject,
            body: '障害試験中に送った質問です。資格取得日の考え方を教えてください。',
            legalBasis: '',
            desiredAnswerDate: '',
            urgency: '通常',
          });
    presses.push(record);
    record.resent = 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      const live = instances.filter((x) => x.alive);
      const target = live[turn++ % live.length] ?? instances[0];
      try {
        const response = await fetch(`http://127.0.0.1:${target.port}/api/messages`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(activity),
          signal: AbortSignal.timeout(120_000),
        });
        const text = await response.text();
        const body = text ? JSON.parse(text) : undefined;
        record.httpStatus = response.status;
        if (response.status !== 200 || !body || typeof body.statusCode !== 'number') return void (record.outcome = 'unanswered');
        const shown = JSON.stringify(body.value ?? '');
        record.outcome = shown.includes(PENDING)
          ? 'pending'
          : body.type === 'application/vnd.microsoft.card.adaptive' && /チェックイン提出済み|に送りました/.test(shown)
            ? 'stored'
            : 'refused';
        record.answer = shown.slice(0, 160);
        return;
      } catch (error) {
        // The instance went away with the request (kill -9): Teams' retry reaches the other one.
        record.resent += 1;
        record.error = error.cause?.code ?? error.message;
        await sleep(500);
      }
    }
    record.outcome = 'unanswered';
  }
  let loadRunning = true;
  const inFlight = new Set();
  const loadLoop = (async () => {
    while (loadRunning) {
      const i = next++;
      const work = press(i % 2 === 0 ? 'checkin' : 'inquiry', Math.floor(i / 2));
      inFlight.add(work);
      work.finally(() => inFlight.delete(work));
      await sleep(1000 / RATE);
    }
  })();

  const faults = [];
  async function fault(name, begin, end, holdMs, reporters = [0, 1]) {
    const window = { name, from: Date.now(), reporters };
    log(`fault: ${name}`);
    await begin();
    await sleep(holdMs);
    window.to = Date.now();
    await end();
    faults.push(window);
    log(`recovered: ${name}`);
    await sleep(seconds(20));
  }

  await sleep(seconds(10));
  const baseline = { name: 'none', from: Date.now() - seconds(10), to: Date.now() };
  await fault(
    'Graph 503',
    () => void Object.assign(graph.faults, { unavailableRate: 1, retryAfterSeconds: 1 }),
    () => void Object.assign(graph.faults, { unavailableRate: 0 }),
    seconds(120),
  );
  for (const storm of [1, 2]) {
    await fault(
      `Graph 429 storm ${storm}`,
      () => void Object.assign(graph.faults, { throttleRate: 1, retryAfterSeconds: 1 }),
      () => void Object.assign(graph.faults, { throttleRate: 0 }),
      seconds(45),
    );
  }
  await fault(
    'Azurite restart',
    () => azurite.kill(),
    () => azurite.restart(),
    seconds(15),
  );
  await fault(
    'kill -9 of one instance',
    () => {
      instances[1].alive = false;
      instances[1].child.kill('SIGKILL');
    },
    () => start(1),
    seconds(20),
    [1], // the survivor rightly stays ok; the killed one must not answer
  );
  if (disk)
    await fault(
      'mirror disk full',
      () => disk.fill(),
      () => disk.free(),
      seconds(30),
    );

  loadRunning = false;
  await loadLoop;
  await Promise.all([...inFlight]);
  healthRunning = false;
  await healthLoop;

  // Every queued unit applied (or given up with a reason) before counting.
  log('load stopped; waiting for the queued units of work');
  const drainBy = Date.now() + 600_000;
  for (;;) {
    const due = (await store.outbox.listDue(new Date(Date.now() + 3_600_000).toISOString(), 1000)).filter((m) =>
      m.key.startsWith('records:'),
    );
    if (due.length === 0) break;
    if (Date.now() > drainBy) throw new Error(`${due.length} queued units not applied within 10 minutes`);
    await sleep(1000);
  }

  // What SharePoint holds now, and the audit entries.
  const answers = await store.checkIns.listForQuarter(2026, 3);
  const revisions = new Map();
  for (const code of new Set(presses.filter((p) => p.kind === 'checkin').map((p) => p.code)))
    revisions.set(code, await store.checkIns.history(code, 2026, 3));
  const questions = new Map();
  for (const askerId of new Set(presses.filter((p) => p.kind === 'inquiry').map((p) => p.askerId)))
    for (const q of await store.inquiries.list({ askerId })) questions.set(q.requestId, [...(questions.get(q.requestId) ?? []), q]);
  const copiesOf = (p) =>
    p.kind === 'checkin'
      ? (revisions.get(p.code) ?? []).filter((r) => r.submissionId === p.submissionId)
      : (questions.get(p.requestId) ?? []);
  let unaudited = 0;
  for (const p of presses) {
    const copies = copiesOf(p);
    p.copies = copies.length;
    if (copies.length !== 1) continue;
    const entries =
      p.kind === 'checkin'
        ? (await store.audit.list({ objectType: 'checkIn', objectId: `${p.code}:2026Q3` })).filter(
            (e) => e.detail?.revision === copies[0].revision,
          )
        : await store.audit.list({ objectType: 'inquiry', objectId: copies[0].number, actions: ['inquiry.submit'] });
    if (entries.length !== 1) unaudited += 1;
  }
  const acknowledged = presses.filter((p) => p.outcome === 'stored' || p.outcome === 'pending');
  const dead = (await store.outbox.listDead(1000)).filter((m) => m.key.startsWith('records:'));

  // /healthz: all "ok" before the faults; during each, every instance reported it (not "ok", or no answer).
  const inWindow = (w) => health.filter((h) => h.at >= w.from && h.at <= w.to);
  const honesty = faults.map((w) => ({
    fault: w.name,
    expectedFrom: w.reporters,
    reportedBy: [0, 1].filter((n) => inWindow(w).some((h) => h.n === n && h.status !== 'ok')),
    observations: inWindow(w).length,
  }));
  const baselineOk = inWindow(baseline).every((h) => h.status === 'ok');
  const healthzHonest = baselineOk && honesty.every((h) => h.expectedFrom.every((n) => h.reportedBy.includes(n)));

  const detail = {
    scale: SCALE,
    faults: honesty,
    baselineHealthOk: baselineOk,
    outcomes: Object.fromEntries(
      ['stored', 'pending', 'refused', 'unanswered'].map((o) => [o, presses.filter((p) => p.outcome === o).length]),
    ),
    resent: presses.reduce((sum, p) => sum + p.resent, 0),
    refusedExamples: [...new Set(presses.filter((p) => p.outcome === 'refused').map((p) => p.answer))].slice(0, 3),
    unansweredExamples: presses
      .filter((p) => p.outcome === 'unanswered')
      .slice(0, 3)
      .map((p) => ({ http: p.httpStatus, error: p.error })),
    storedThoughRefused: presses.filter((p) => p.outcome === 'refused' && p.copies === 1).length,
    lostExamples: presses
      .filter((p) => (p.outcome === 'stored' || p.outcome === 'pending') && p.copies === 0)
      .slice(0, 3)
      .map((p) => ({ kind: p.kind, outcome: p.outcome, answer: p.answer })),
    unaudited,
    deadUnits: dead.map((m) => `${m.key}: ${m.lastError}`).slice(0, 5),
    currentAnswers: answers.length,
    graphRequests: graph.stats.requests,
  };
  process.stdout.write(`faults: ${JSON.stringify(detail)}\n`);
  await store.close();
  const result = {
    submitted: presses.length,
    acknowledged: acknowledged.length,
    stored: presses.filter((p) => p.copies >= 1).length,
    lost: acknowledged.filter((p) => p.copies === 0).length,
    duplicates: presses.reduce((sum, p) => sum + Math.max(0, p.copies - 1), 0),
    unanswered: presses.filter((p) => p.outcome === 'unanswered').length,
    healthzHonest,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  failed = result.lost > 0 || result.duplicates > 0 || result.unanswered > 0 || !healthzHonest;
} finally {
  for (const instance of instances) instance?.child.kill('SIGTERM');
  await Promise.all(
    instances.map(
      (instance) =>
        instance &&
        new Promise((resolve) =>
          instance.child.exitCode !== null || instance.child.signalCode !== null ? resolve() : instance.child.once('exit', resolve),
        ),
    ),
  );
  await Promise.all([sim.close(), graph.close(), azurite.stop()]);
  if (disk) {
    try {
      disk.unmount();
    } catch {
      /* still busy: left for the OS */
    }
    fs.rmSync(disk.dir, { recursive: true, force: true });
  }
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  removeTempDataDirs();
}
process.exitCode = failed ? 1 : 0;
