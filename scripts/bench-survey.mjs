// npm run bench:survey — a 全区照会 to 200 ward sections with 20 questions against the real
// server process in local mode: every section answers at once through its card (Action.Execute
// invokes of survey.submit, the values typed as staff type them), next to 200 concurrent trivial
// turns (「ping」, which replies through the connector simulator) through the same adapter in the
// same run. Rounds alternate which batch goes first; each round is a new survey (an answer is
// sent once). Every answer must come back as the sent card and be stored once; the sections'
// cards and HQ's card are delivered through the outbox to the simulator meanwhile. Then HQ's
// table (GET /api/surveys/:id, every row with totals) and the xlsx export of 200 rows are timed
// (median of 5). The last line printed is one JSON object:
// {"sections":200,"answerP95Ms":..,"echoP95Ms":..,"ratioP95":..,"tableMs":..,"exportMs":..}
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import {
  benchActivity as activity,
  benchOid as oid,
  echoActivity as echo,
  percentile,
  post,
  round1,
  startBuiltServer,
  startUnlimitedSimulator,
  timedPost,
} from './bench-support.mjs';
import { build } from './build.mjs';

const require = createRequire(import.meta.url);
build({ parts: ['bot'], quiet: true });
const { SqliteStore } = require('../dist/bot/store/sqlite/sqlite-store.js');
const { addBusinessDays, japanDateOf } = require('../dist/bot/platform/fiscal-calendar.js');

const SECTIONS = Number(process.env.BENCH_SECTIONS ?? 200);
const ROUNDS = 4;
const WARMUP = 20;
const HQ = 'bench-hq';
const HQ_OID = '00000000-0000-4000-8000-999999999999';

/** 20 questions: ten figures, five choices, three texts, two dates (the mix of a 件数調査 with a few opinions). */
const QUESTIONS = [
  ...Array.from({ length: 10 }, (_, n) => ({
    key: `n${n}`,
    label: `件数 ${n + 1}`,
    type: 'number',
    unit: '件',
    min: 0,
    max: 1e6,
    required: true,
  })),
  ...Array.from({ length: 5 }, (_, n) => ({
    key: `c${n}`,
    label: `選択 ${n + 1}`,
    type: 'choice',
    choices: ['はい', 'いいえ', '検討中'],
    required: true,
  })),
  ...Array.from({ length: 3 }, (_, n) => ({ key: `t${n}`, label: `御意見 ${n + 1}`, type: 'text', required: false })),
  ...Array.from({ length: 2 }, (_, n) => ({ key: `d${n}`, label: `日付 ${n + 1}`, type: 'date', required: false })),
];

async function seed(store, serviceUrl) {
  const reference = (id) => ({
    serviceUrl,
    channelId: 'msteams',
    conversation: { id: `a:${id}`, conversationType: 'personal', tenantId: 'bench-tenant' },
    bot: { id: '28:bench-bot' },
    user: { id: `29:${id}` },
  });
  await store.transaction(async (tx) => {
    await tx.departments.upsert({
      id: 'hq-bench',
      name: '調査課',
      office: '総務局',
      kind: 'hq',
      approvalRequired: false,
      inquiryChannelId: null,
      noticeChannelId: null,
    });
    await tx.people.upsert({
      id: HQ,
      entraObjectId: HQ_OID,
      displayName: '本庁 担当',
      email: 'hq@example.jp',
      departmentId: 'hq-bench',
      title: '主査',
      roles: ['staff', 'responder', 'admin'],
      locale: 'ja',
    });
    await tx.conversations.save(`person:${HQ}`, reference(HQ));
    for (let i = 0; i < SECTIONS + WARMUP; i++) {
      await tx.departments.upsert({
        id: `ward-b${i}`,
        name: `課 ${i % 10}`,
        office: `区 ${Math.floor(i / 10)}`,
        kind: 'ward',
        approvalRequired: false,
        inquiryChannelId: null,
        noticeChannelId: null,
      });
      await tx.people.upsert({
        id: `bench-p${i}`,
        entraObjectId: oid(i),
        displayName: `職員 ${i}`,
        email: `p${i}@example.jp`,
        departmentId: `ward-b${i}`,
        title: '主事',
        roles: ['staff', 'approver'],
        locale: 'ja',
      });
      await tx.conversations.save(`person:bench-p${i}`, reference(`bench-${i}`));
    }
  });
}

/** A section's answer as its staff would type it on the card: full-width and comma-grouped figures among them. */
function typedAnswers(i) {
  const inputs = {};
  QUESTIONS.forEach((q, n) => {
    const id = `answer.${q.key}`;
    if (q.type === 'number')
      inputs[id] = n % 3 === 0 ? `${(i * 7 + n).toLocaleString('ja-JP')}件` : n % 3 === 1 ? '１，２３４' : String(i + n);
    else if (q.type === 'choice') inputs[id] = q.choices[(i + n) % 3];
    else if (q.type === 'text') inputs[id] = `第${i}課の意見：窓口の説明資料を統一してほしい（${n}）。`;
    else inputs[id] = '2027-01-15';
  });
  return inputs;
}

const submission = (serviceUrl, i, surveyId, version) =>
  activity(serviceUrl, i, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: {
      trigger: 'manual',
      action: {
        type: 'Action.Execute',
        verb: 'survey.submit',
        data: { surveyId, sectionId: `ward-b${i}`, version, ...typedAnswers(i) },
      },
    },
  });

const timed = async (url, body, check) => (await timedPost(url, body, check)).ms;
const isSent = (text) => text.includes('本庁へ回答を送付しました');
const isOk = () => true;

const sim = await startUnlimitedSimulator();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-bench-survey-'));
const seeding = SqliteStore.open(dataDir);
await seed(seeding, sim.url);
await seeding.close();
// The HTTP API limits are for people; the harness times HQ's table as one person, many times.
const { child, port } = await startBuiltServer(dataDir, {
  CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0',
  INQUIRY_DEADLINE_INTERVAL_SECONDS: '0',
  API_RATE_PER_IP: '100000/60',
  API_RATE_PER_USER: '100000/60',
});
const base = `http://127.0.0.1:${port}`;
const messages = `${base}/api/messages`;
const api = async (method, apiPath, body) =>
  (
    await post(`${base}${apiPath}`, {
      method,
      headers: { Authorization: `Demo ${HQ}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
  ).response;

/** A survey to the sections [from, from + count), and each section's answer version as its card carries it. */
async function sendSurvey(title, from, count) {
  const response = await api('POST', '/api/surveys', {
    title,
    purpose: '各課の状況を回答してください。',
    dueOn: addBusinessDays(japanDateOf(new Date()), 5),
    audience: { wardSections: Array.from({ length: count }, (_, n) => `ward-b${from + n}`) },
    requiresWardApproval: false,
    questions: QUESTIONS,
    requestId: randomUUID(), // a retried request makes no second survey
  });
  if (response.status !== 201) throw new Error(`survey not created: ${response.status} ${await response.text()}`);
  const { id } = await response.json();
  const store = SqliteStore.open(dataDir);
  const versions = new Map((await store.surveys.listAnswers(id)).map((a) => [a.departmentId, a.updatedAt]));
  await store.close();
  return { id, versions };
}

/**
 * Waits until every section's answer card of this survey is delivered, so the answers are measured
 * on a server that is not also sending the survey. HQ's card is left to catch up: its updates share
 * one conversation, which Teams lets the bot write about twice a second (OUTBOX_RATE_PER_CONVERSATION).
 */
async function cardsDelivered(survey, from, count) {
  const store = SqliteStore.open(dataDir);
  try {
    for (let tries = 0; tries < 1200; tries++) {
      let waiting = 0;
      for (let n = 0; n < count; n++) {
        const message = await store.outbox.get(`survey:${survey.id}:to:ward-b${from + n}:person:bench-p${from + n}`);
        if (message?.status !== 'sent') waiting += 1;
      }
      if (waiting === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await store.close();
  }
  throw new Error(`the cards of ${survey.id} were not delivered`);
}

async function batch(kind, survey, from, size) {
  const work = [];
  for (let n = 0; n < size; n++) {
    const i = from + n;
    work.push(
      kind === 'answer'
        ? timed(messages, submission(sim.url, i, survey.id, survey.versions.get(`ward-b${i}`)), isSent)
        : timed(messages, echo(sim.url, i), isOk),
    );
  }
  return Promise.all(work);
}

async function median5(step) {
  const times = [];
  for (let n = 0; n < 5; n++) {
    const started = performance.now();
    await step();
    times.push(performance.now() - started);
  }
  return round1(percentile(times, 50));
}

try {
  // Warm-up (JIT, connection pools), not measured: other sections, their own survey.
  const warm = await sendSurvey('ウォームアップ', SECTIONS, WARMUP);
  await cardsDelivered(warm, SECTIONS, WARMUP);
  await batch('echo', warm, SECTIONS, WARMUP);
  await batch('answer', warm, SECTIONS, WARMUP);
  const answerMs = [];
  const echoMs = [];
  const surveys = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const survey = await sendSurvey(`全区照会ベンチマーク 第${round}回`, 0, SECTIONS);
    surveys.push(survey);
    await cardsDelivered(survey, 0, SECTIONS);
    const order = round % 2 === 0 ? ['answer', 'echo'] : ['echo', 'answer'];
    for (const kind of order) (kind === 'answer' ? answerMs : echoMs).push(...(await batch(kind, survey, 0, SECTIONS)));
    process.stdout.write(`  round ${round}: ${survey.id} delivered to ${SECTIONS} sections; ${order.join(' then ')} done\n`);
  }
  const store = SqliteStore.open(dataDir);
  for (const survey of surveys) {
    const answered = (await store.surveys.listAnswers(survey.id)).filter((a) => a.status === 'answered' && a.version === 1).length;
    if (answered !== SECTIONS) throw new Error(`${survey.id}: ${answered} answers stored, expected ${SECTIONS}`);
  }
  await store.close();
  const last = surveys.at(-1).id;
  const view = await (await api('GET', `/api/surveys/${last}`)).json();
  if (view.answered !== SECTIONS || view.sections.length !== SECTIONS)
    throw new Error(`HQ's table shows ${view.answered}/${view.sections.length}`);
  process.stdout.write(
    `  answers: ${answerMs.length}, stored ${SECTIONS} per survey; HQ's table 回答 ${view.answered}/${view.total}; simulator received ${sim.delivered.length}\n`,
  );
  const tableMs = await median5(async () => {
    const response = await api('GET', `/api/surveys/${last}`);
    if (!response.ok) throw new Error(`table: ${response.status}`);
    await response.json();
  });
  const exportMs = await median5(async () => {
    const response = await api('GET', `/api/surveys/${last}/export?format=xlsx`);
    if (!response.ok) throw new Error(`export: ${response.status}`);
    await response.arrayBuffer();
  });
  const result = {
    sections: SECTIONS,
    answerP95Ms: round1(percentile(answerMs, 95)),
    echoP95Ms: round1(percentile(echoMs, 95)),
  };
  result.ratioP95 = Math.round((result.answerP95Ms / result.echoP95Ms) * 100) / 100;
  result.tableMs = tableMs;
  result.exportMs = exportMs;
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  await sim.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
