import { Workbook } from 'exceljs';
import { startApp } from '../../bot/app';
import { loadConfig } from '../../bot/platform/config';
import { addBusinessDays, japanDateOf } from '../../bot/platform/fiscal-calendar';
import { resolveActorByPersonId } from '../../bot/platform/identity';
import { GraphGateway } from '../../bot/store/sharepoint/graph/graph-gateway';
import { planProvisioning } from '../../bot/store/sharepoint/provisioning';
import { LISTS } from '../../bot/store/sharepoint/schema/list-specs';
import { SharePointSite } from '../../bot/store/sharepoint/sharepoint-site';
import { SharePointStore } from '../../bot/store/sharepoint/sharepoint-store';
import { SqliteStore } from '../../bot/store/sqlite/sqlite-store';
import { WriteDeferredError, type Store } from '../../bot/store/ports';
import { saveAnswer } from '../../bot/surveys/rules/sections';
import { createSurvey, saveSurveyAnswer, type SurveyWorkflowDeps } from '../../bot/surveys/workflow';
import { make } from '../contract/fixtures';
import { demoApi } from '../support/demo-api';
import { GraphTestServer } from '../support/graph/graph-test-server';
import { jsonOf } from '../support/processes';
import {
  GRAPH_TEST_TOKEN,
  openSharePointStore,
  provisionedCopy,
  removeTempDataDirs,
  silentLogger,
  tempDataDir,
} from '../support/sharepoint-fixture';

/** 照会 on SharePoint beyond the contract suite: provisioning, the columns people read, and the workflow's races over Graph. */
const KITA = 'ward-kita-hoken-nenkin';
const MINAMI = 'ward-minami-hoken-nenkin';
let server: GraphTestServer;
const opened: { close(): Promise<void> }[] = [];
const gateway = () => new GraphGateway({ auth: { getAccessToken: async () => GRAPH_TEST_TOKEN }, redirectTo: server.url });

beforeAll(async () => {
  server = await GraphTestServer.start({ tokens: [GRAPH_TEST_TOKEN] });
});
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  // Every request the adapter sent, and every answer, as Microsoft's description has them.
  expect(server.validationErrors).toEqual([]);
});
afterAll(async () => {
  await server.close();
  removeTempDataDirs();
});

const isSurveyList = (summary: string) => /^＋ リスト「照会(回答)?」を作成/.test(summary);

describe('provisioning the 照会 and 照会回答 lists on a site provisioned before them', () => {
  it('plans exactly the two lists, applies them, and then has nothing to do', async () => {
    const site = server.createSite('sakura.sharepoint.com', `/sites/before-surveys-${process.pid}`);
    for (const step of (await planProvisioning(gateway(), site.webUrl)).filter((s) => !isSurveyList(s.summary))) await step.apply();

    server.requests.length = 0;
    const plan = await planProvisioning(gateway(), site.webUrl);
    expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]); // the dry run changes nothing
    expect(plan.map((s) => s.summary)).toEqual([
      `＋ リスト「照会」を作成（列 ${LISTS.surveys.columns.map((c) => c.displayName).join('・')}）`,
      `＋ リスト「照会回答」を作成（列 ${LISTS.surveyAnswers.columns.map((c) => c.displayName).join('・')}）`,
    ]);
    for (const step of plan) await step.apply();
    expect(await planProvisioning(gateway(), site.webUrl)).toEqual([]);

    const spSite = new SharePointSite(gateway(), site.webUrl);
    const [surveys, answers] = await Promise.all([spSite.list('surveys'), spSite.list('surveyAnswers')]);
    expect([...surveys.indexed].sort()).toEqual(['FiscalYear', 'RecordKey', 'RequestKey', 'SenderDepartmentId', 'Status']);
    expect([...answers.indexed].sort()).toEqual(['DepartmentId', 'RecordKey', 'Status', 'SurveyId']);
    const columns = await gateway().getAll<{ name: string; hidden?: boolean; enforceUniqueValues?: boolean }>(
      `/sites/${site.id}/lists/${surveys.id}/columns`,
    );
    expect(columns.find((c) => c.name === 'RequestKey')).toMatchObject({ hidden: true, enforceUniqueValues: true });
  });
});

describe('what people see in the lists', () => {
  it('writes 件名・状態・回答期限・設問 for a survey, 状態・版・回答内容 for an answer and an item per earlier version', async () => {
    const { store, siteUrl } = await openSharePointStore(server);
    opened.push(store);
    const siteId = await new SharePointSite(gateway(), siteUrl).id();
    const survey = make.survey();
    await store.surveys.insert(survey, [make.surveyAnswer(), make.surveyAnswer({ departmentId: MINAMI })]);
    const [surveyItem] = server.listItems(siteId, '照会');
    expect(surveyItem.fields).toMatchObject({
      Title: '国民健康保険 資格確認書の交付件数調査',
      Status: 'open',
      SenderDepartmentId: 'hq-hoken-nenkin',
      FiscalYear: 2026,
      RequiresWardApproval: true,
      Sections: `${KITA}\n${MINAMI}`,
    });
    expect(JSON.parse(String(surveyItem.fields.Questions))).toEqual(survey.questions);
    expect(String(surveyItem.fields.DueOn)).toMatch(/^2026-12-1[78]T/);

    const sent = {
      ...make.surveyAnswer(),
      status: 'answered' as const,
      answers: { cases: 1234, issue: 'その他' },
      answeredBy: 'p-11',
      approvedBy: 'p-12',
      answeredAt: '2026-12-09T00:00:00.000Z',
      version: 2,
      history: [{ version: 1, answers: { cases: 1000 }, answeredBy: 'p-11', approvedBy: 'p-12', answeredAt: '2026-12-08T00:00:00.000Z' }],
      updatedAt: '2026-12-09T00:00:00.000Z',
    };
    await store.surveys.saveAnswer(sent, make.surveyAnswer().updatedAt);
    const kita = server.listItems(siteId, '照会回答').filter((item) => item.fields.DepartmentId === KITA);
    const [answer, earlier] = [kita.find((i) => i.fields.Entry === '回答'), kita.find((i) => i.fields.Entry === '過去の版')];
    expect(kita).toHaveLength(2);
    expect(answer?.fields).toMatchObject({ SurveyId: 'S-R8-0001', Status: 'answered', Version: 2, AnsweredBy: 'p-11', ApprovedBy: 'p-12' });
    expect(JSON.parse(String(answer?.fields.Answers))).toEqual({ cases: 1234, issue: 'その他' });
    // The version the resent answer replaced: its own item, as it was sent.
    expect(earlier?.fields).toMatchObject({
      Title: `S-R8-0001 ${KITA} 第1版`,
      RecordKey: `S-R8-0001:${KITA}:v1`,
      Version: 1,
      AnsweredBy: 'p-11',
    });
    expect(JSON.parse(String(earlier?.fields.Answers))).toEqual({ cases: 1000 });
    expect(await store.surveys.getAnswer('S-R8-0001', KITA)).toEqual(sent);

    // 意見照会: HQ's response to the opinion is an item of its own (区分 本庁の対応), apart from the answer.
    const response = {
      surveyId: 'S-R8-0001',
      departmentId: KITA,
      questionKey: 'issue',
      decision: 'reject' as const,
      reason: '法令上、対応できません。',
      respondedBy: 'p-1',
      respondedAt: '2026-12-10T00:00:00.000Z',
    };
    await store.surveys.saveResponse(response);
    const decided = server.listItems(siteId, '照会回答').find((i) => i.fields.Entry === '本庁の対応');
    expect(decided?.fields).toMatchObject({
      QuestionKey: 'issue',
      Decision: '反映しない',
      Reason: '法令上、対応できません。',
      RespondedBy: 'p-1',
    });
    expect(await store.surveys.listResponses('S-R8-0001')).toEqual([response]);
    expect(await store.surveys.getAnswer('S-R8-0001', KITA)).toEqual(sent);
    expect((await store.surveys.listAnswers('S-R8-0001')).map((a) => a.departmentId)).toEqual([KITA, MINAMI]);
  });

  it('leaves nothing behind when an answer of a new survey cannot be created', async () => {
    const { store, siteUrl } = await openSharePointStore(server);
    opened.push(store);
    const siteId = await new SharePointSite(gateway(), siteUrl).id();
    // Resolve both lists first, so the request count below is the insert's own.
    await Promise.all([store.surveys.get('S-R8-0000'), store.surveys.listAnswers('S-R8-0000')]);
    // The survey item, the $batch envelope, the first answer: then the second answer is refused.
    server.failNext(1, 400, undefined, 3);
    server.requests.length = 0;
    await expect(store.surveys.insert(make.survey(), [make.surveyAnswer(), make.surveyAnswer({ departmentId: MINAMI })])).rejects.toThrow();
    // What was created (the survey, the first answer) was deleted again, newest first.
    expect(server.requests.filter((r) => r.method === 'DELETE')).toHaveLength(2);
    expect(server.listItems(siteId, '照会')).toEqual([]);
    expect(server.listItems(siteId, '照会回答')).toEqual([]);
    // The same survey can then be made whole.
    await store.surveys.insert(make.survey(), [make.surveyAnswer(), make.surveyAnswer({ departmentId: MINAMI })]);
    expect((await store.surveys.listAnswers('S-R8-0001')).map((a) => a.departmentId)).toEqual([KITA, MINAMI]);
  });
});

describe('a survey write queued while SharePoint was out', () => {
  it('is queued in the outbox, and run again it completes a survey an interrupted attempt left half-made', async () => {
    const { store } = await openSharePointStore(server, { maxRetries: 0 });
    opened.push(store);
    const survey = make.survey();
    const answers = [make.surveyAnswer(), make.surveyAnswer({ departmentId: MINAMI })];
    await store.surveys.get('S-R8-0000'); // the lists resolved, so only the write meets the outage
    await store.surveys.listAnswers('S-R8-0000');
    server.faults.unavailableRate = 1;
    server.faults.retryAfterSeconds = 0;
    try {
      await expect(store.surveys.insert(survey, answers)).rejects.toBeInstanceOf(WriteDeferredError);
    } finally {
      server.faults.unavailableRate = 0;
    }
    const [queued] = await store.outbox.listDue(new Date(Date.now() + 60_000).toISOString(), 10);
    expect((await store.outbox.get(queued.key))?.payload.recordWrite).toEqual({
      port: 'surveys',
      method: 'insert',
      args: [survey, answers],
    });

    // An attempt that stopped after the survey and its first answer, and could not delete them.
    await store.surveys.insert(survey, answers.slice(0, 1));
    expect(await store.applyRecordWrite({ port: 'surveys', method: 'insert', args: [survey, answers] })).toBe('done');
    expect(await store.surveys.get(survey.id)).toEqual(survey);
    expect(await store.surveys.listAnswers(survey.id)).toEqual(answers);
    // Again: nothing new.
    expect(await store.applyRecordWrite({ port: 'surveys', method: 'insert', args: [survey, answers] })).toBe('done');
    expect(await store.surveys.listAnswers(survey.id)).toEqual(answers);
  });
});

/** Holds the first PATCH of an answer until `before` has run, so that one lands on an eTag another write has just changed. */
class RacingGateway extends GraphGateway {
  before?: () => Promise<unknown>;

  override async patch<T>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    const run = this.before;
    if (run && (body as Record<string, unknown>).SurveyId !== undefined) {
      this.before = undefined;
      await run();
    }
    return super.patch<T>(url, body, headers);
  }
}

describe('answering over Graph through the workflow', () => {
  async function setUp() {
    const { siteUrl } = await provisionedCopy(server);
    const graph = new RacingGateway({ auth: { getAccessToken: async () => GRAPH_TEST_TOKEN }, redirectTo: server.url });
    const dataDir = tempDataDir();
    const store: Store = new SharePointStore({
      graph,
      siteUrl,
      operational: SqliteStore.open(dataDir),
      mirror: SqliteStore.open(`${dataDir}/mirror`),
      logger: silentLogger,
    });
    opened.push(store);
    await store.departments.upsert(make.department({ approvalRequired: false }));
    for (const [id, office] of [
      [KITA, '北区役所'],
      [MINAMI, '南区役所'],
    ])
      await store.departments.upsert(make.department({ id, office, kind: 'ward', approvalRequired: false }));
    const people = [
      make.person({ id: 'p-1', roles: ['staff', 'responder'] }),
      make.person({ id: 'p-11', departmentId: KITA, entraObjectId: '00000000-0000-4000-8000-000000000011' }),
      make.person({ id: 'p-12', departmentId: KITA, entraObjectId: '00000000-0000-4000-8000-000000000012' }),
      make.person({ id: 'p-21', departmentId: MINAMI, entraObjectId: '00000000-0000-4000-8000-000000000021' }),
    ];
    for (const person of people) await store.people.upsert(person);
    const deps: SurveyWorkflowDeps = {
      store,
      logger: silentLogger,
      now: () => new Date(),
      tabUrl: 'http://localhost/tab/',
      nudge: () => undefined,
    };
    const sender = await resolveActorByPersonId(store, 'p-1');
    if (sender.kind !== 'known') throw new Error('sender missing');
    const created = await createSurvey(
      deps,
      sender.actor,
      {
        title: '資格確認書の交付件数',
        purpose: '12月分の件数をお知らせください。',
        audience: { wardSections: [KITA, MINAMI] },
        requiresWardApproval: false,
        questions: [
          { key: 'cases', label: '交付件数', type: 'number', required: true, unit: '件', min: 0 },
          { key: 'note', label: '備考', type: 'text', required: false },
        ],
      },
      'race-1',
    );
    if (!('survey' in created)) throw new Error(JSON.stringify(created));
    return { store, graph, deps, surveyId: created.survey.id };
  }

  it('takes two sections answering at the same moment without a conflict', async () => {
    const { store, deps, surveyId } = await setUp();
    server.resetStats();
    const [kita, minami] = await Promise.all([
      saveSurveyAnswer(deps, surveyId, KITA, 'p-11', { cases: '１，２３４' }, true),
      saveSurveyAnswer(deps, surveyId, MINAMI, 'p-21', { cases: 56, note: '特になし' }, true),
    ]);
    expect('answer' in kita && kita.changed && 'answer' in minami && minami.changed).toBe(true);
    expect(server.stats.byStatus[412]).toBeUndefined();
    const answers = await store.surveys.listAnswers(surveyId);
    expect(answers.map((a) => [a.departmentId, a.status, a.answers, a.answeredBy, a.version])).toEqual([
      [KITA, 'answered', { cases: 1234 }, 'p-11', 1],
      [MINAMI, 'answered', { cases: 56, note: '特になし' }, 'p-21', 1],
    ]);
  });

  it('applies a save again on top of the one that took the eTag first (412), and a double press once', async () => {
    const { store, graph, deps, surveyId } = await setUp();
    // p-11's draft lands after p-12 read the answer (written straight to the port: a second workflow
    // step would wait for p-12's transaction), so p-12's PATCH carries a stale eTag.
    graph.before = async () => {
      const [survey, before] = await Promise.all([store.surveys.get(surveyId), store.surveys.getAnswer(surveyId, KITA)]);
      const at = new Date().toISOString();
      const draft = saveAnswer(
        survey!,
        before!,
        { cases: 10, note: '北区 下書き' },
        { submit: false, by: 'p-11', at, today: at.slice(0, 10) },
      );
      if (!('answer' in draft)) throw new Error('refused');
      await store.surveys.saveAnswer(draft.answer, before!.updatedAt);
    };
    server.resetStats();
    const result = await saveSurveyAnswer(deps, surveyId, KITA, 'p-12', { cases: 12 }, true);
    expect(server.stats.byStatus[412]).toBe(1);
    expect('answer' in result && result.changed).toBe(true);
    const stored = await store.surveys.getAnswer(surveyId, KITA);
    expect(stored).toMatchObject({ status: 'answered', answers: { cases: 12 }, answeredBy: 'p-12', version: 1 });
    // The refused attempt left no audit entry: one for the save that landed.
    const entries = await store.audit.list({ objectType: 'survey', objectId: surveyId, actions: ['survey.saveDraft', 'survey.submit'] });
    expect(entries.map((e) => [e.action, e.actorId])).toEqual([['survey.submit', 'p-12']]);

    // The same press twice at once: one saves, the other finds it saved and changes nothing.
    const presses = await Promise.all([1, 2].map(() => saveSurveyAnswer(deps, surveyId, KITA, 'p-12', { cases: 13 }, true)));
    expect(presses.map((p) => 'answer' in p && p.changed).sort()).toEqual([false, true]);
    const resent = await store.surveys.getAnswer(surveyId, KITA);
    expect(resent).toMatchObject({ status: 'answered', answers: { cases: 13 }, version: 2 });
    expect(resent?.history.map((v) => [v.version, v.answers])).toEqual([[1, { cases: 12 }]]);
    expect(await store.audit.list({ objectType: 'survey', objectId: surveyId, actions: ['survey.submit'] })).toHaveLength(2);
  });
});

describe('the survey API with the records in SharePoint', () => {
  it('creates, answers, approves and exports a survey (no 501), the items in 照会 and 照会回答', async () => {
    const { site, siteUrl } = await provisionedCopy(server);
    const config = loadConfig({
      APP_DATA_DIR: tempDataDir(),
      RECORDS_STORE: 'sharepoint',
      SHAREPOINT_SITE_URL: siteUrl,
      GRAPH_REDIRECT_TO: server.url,
      GRAPH_TEST_ACCESS_TOKEN: GRAPH_TEST_TOKEN,
      APP_ALLOW_LOOPBACK_AUTH_ENDPOINTS: '1',
      CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0',
      INQUIRY_DEADLINE_INTERVAL_SECONDS: '0',
    });
    config.port = 0;
    const app = await startApp(config, silentLogger);
    opened.push({ close: () => app.stop() });
    const { post, put, get } = demoApi(() => app.url);
    const created = await post('/api/surveys', 'p-hq-responder', {
      title: '資格確認書の交付件数調査',
      purpose: '12月分の交付件数をお知らせください。',
      dueOn: addBusinessDays(japanDateOf(new Date()), 5),
      audience: { wardSections: [KITA, MINAMI] },
      requiresWardApproval: true,
      questions: [{ key: 'cases', label: '交付件数', type: 'number', required: true, unit: '件', min: 0 }],
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(id).toMatch(/^S-R\d+-0001$/);

    expect(
      (await put(`/api/surveys/${id}/answers/${KITA}`, 'p-ward-staff', { answers: { cases: '１，２００' }, submit: true })).status,
    ).toBe(200);
    expect((await post(`/api/surveys/${id}/answers/${KITA}/approve`, 'p-ward-manager')).status).toBe(200);
    const view = await jsonOf(get(`/api/surveys/${id}`, 'p-hq-responder'));
    expect(view.sections.find((s: { departmentId: string }) => s.departmentId === KITA)).toMatchObject({
      status: 'answered',
      answers: { cases: 1200 },
      answeredBy: 'p-ward-staff',
      approvedBy: 'p-ward-manager',
    });
    expect(view.totals.cases).toMatchObject({ sum: 1200 });

    const file = await get(`/api/surveys/${id}/export?format=xlsx`, 'p-hq-responder');
    expect(file.status).toBe(200);
    const workbook = new Workbook();
    await workbook.xlsx.load(Buffer.from(await file.arrayBuffer()) as unknown as ArrayBuffer);
    const cells: unknown[] = [];
    workbook.worksheets[0].eachRow((row) => row.eachCell((cell) => cells.push(cell.value)));
    expect(cells).toContain(1200);

    expect(server.listItems(site.id, '照会').map((item) => item.fields.Title)).toEqual(['資格確認書の交付件数調査']);
    expect(
      server
        .listItems(site.id, '照会回答')
        .map((item) => [item.fields.DepartmentId, item.fields.Status])
        .sort(),
    ).toEqual([
      [KITA, 'answered'],
      [MINAMI, expect.stringMatching(/^(pending|unreachable)$/)],
    ]);
  });
});
