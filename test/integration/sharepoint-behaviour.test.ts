import { ConcurrencyConflictError, WriteDeferredError } from '../../bot/store/ports';
import { GraphRequestError } from '../../bot/store/sharepoint/graph/graph-errors';
import { GraphGateway } from '../../bot/store/sharepoint/graph/graph-gateway';
import { planProvisioning } from '../../bot/store/sharepoint/provisioning';
import { rulingMapping } from '../../bot/store/sharepoint/repositories/knowledge';
import { SharePointList } from '../../bot/store/sharepoint/sharepoint-list';
import { SharePointSite } from '../../bot/store/sharepoint/sharepoint-site';
import { LISTS, type ListKey } from '../../bot/store/sharepoint/schema/list-specs';
import { make } from '../contract/fixtures';
import { GraphTestServer } from '../support/graph/graph-test-server';
import {
  GRAPH_TEST_TOKEN,
  openSharePointStore,
  provisionedCopy,
  provisionedSite,
  removeTempDataDirs,
  silentLogger,
} from '../support/sharepoint-fixture';
import { OutboxDispatcher, TEAMS_LIMITS } from '../../bot/platform/outbox/dispatcher';
import { RECORD_WRITES } from '../../bot/platform/outbox/model';

/** What SharePoint does that the contract suites cannot show: names, paging, throttling, outages, delta. */
const PERSON_GRAPH_TOKEN = 'graph-token-of-sato-misaki';
let server: GraphTestServer;
const opened: { close(): Promise<void> }[] = [];
const open = async (options: Parameters<typeof openSharePointStore>[1] = {}) => {
  const result = await openSharePointStore(server, options);
  opened.push(result.store);
  return result;
};
const gateway = () => new GraphGateway({ auth: { getAccessToken: async () => GRAPH_TEST_TOKEN }, redirectTo: server.url });
const waitUntil = async (check: () => Promise<boolean>) => {
  for (const deadline = Date.now() + 10_000; !(await check());) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
const siteIdOf = async (siteUrl: string) => new SharePointSite(gateway(), siteUrl).id();

beforeAll(async () => {
  // Small pages, so every listing below pages through @odata.nextLink.
  server = await GraphTestServer.start({ tokens: [GRAPH_TEST_TOKEN, PERSON_GRAPH_TOKEN], pageSize: 7 });
});
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  Object.assign(server.faults, { throttleRate: 0, unavailableRate: 0, retryAfterSeconds: 1 });
  expect(server.validationErrors).toEqual([]);
});
afterAll(async () => {
  await server.close();
  removeTempDataDirs();
});

describe('provisioning', () => {
  it('creates every list, column and index once; a second run has nothing to do', async () => {
    const { graph, site } = await provisionedSite(server);
    expect(await planProvisioning(graph, site.webUrl)).toEqual([]);
    const spSite = new SharePointSite(graph, site.webUrl);
    for (const key of Object.keys(LISTS) as ListKey[]) {
      const list = await spSite.list(key);
      expect([...list.names.keys()]).toEqual(LISTS[key].columns.map((c) => c.name));
      expect([...list.indexed].sort()).toEqual(
        LISTS[key].columns
          .filter((c) => c.indexed)
          .map((c) => c.name)
          .sort(),
      );
    }
    expect((await graph.get<{ list: { template: string } }>(`${await spSite.listPath('manuals')}?$select=list`)).list.template).toBe(
      'documentLibrary',
    );
  });

  it('a copy of a provisioned site (what most tests here get) is a provisioned site: nothing to do, its own lists', async () => {
    const { site: copy, siteUrl } = await provisionedCopy(server);
    const { site: other } = await provisionedCopy(server);
    expect(await planProvisioning(gateway(), siteUrl)).toEqual([]);
    const [copyLists, otherLists] = await Promise.all(
      [copy, other].map((s) => gateway().getAll<{ id: string; name: string }>(`/sites/${s.id}/lists?$select=id,name`)),
    );
    expect(copyLists.map((l) => l.name).sort()).toEqual(otherLists.map((l) => l.name).sort());
    expect(copyLists.filter((l) => otherLists.some((o) => o.id === l.id))).toEqual([]);
    const { store } = await open({ siteUrl });
    await store.rulings.upsert(make.ruling());
    expect(server.listItems(copy.id, '判断事例')).toHaveLength(1);
    expect(server.listItems(other.id, '判断事例')).toHaveLength(0);
  });

  it('finds a column an administrator added by hand under its Japanese name, and adds only what is missing', async () => {
    const site = server.createSite('sakura.sharepoint.com', `/sites/hand-made-${process.pid}`);
    server.createListByHand(site.id, '判断事例');
    const handMade = server.addColumnByHand(site.id, '判断事例', '所管課', 'text', { indexed: true });
    expect(handMade.name).toBe('_x6240__x7ba1__x8ab2_');
    const steps = await planProvisioning(gateway(), site.webUrl);
    const rulingSteps = steps.map((s) => s.summary).filter((s) => s.includes('判断事例'));
    expect(rulingSteps.length).toBeGreaterThan(3);
    expect(rulingSteps.join('\n')).not.toMatch(/列「所管課」/);
    for (const step of steps) await step.apply();

    const { store } = await open({ siteUrl: site.webUrl });
    await store.rulings.upsert(make.ruling({ department: '介護保険課' }));
    const [item] = server.listItems(site.id, '判断事例');
    expect(item.fields._x6240__x7ba1__x8ab2_).toBe('介護保険課');
    expect(item.fields).not.toHaveProperty('Department');
    expect((await store.rulings.list({ department: '介護保険課' })).map((r) => r.id)).toEqual(['R-0001']);
  });
});

describe('provisioning the お知らせ list and the 部署 分野 column on a site provisioned before them', () => {
  const ADD_CATEGORIES = '＋ 「部署」に列「分野」(Categories) を追加';
  const isNoticeList = (summary: string) => summary.startsWith('＋ リスト「お知らせ」を作成');

  it('lists exactly what is new on a dry run, applies it, and then has nothing to do', async () => {
    // A site as the previous version left it: every list but お知らせ, and 部署 without 分野.
    const site = server.createSite('sakura.sharepoint.com', `/sites/before-notices-${process.pid}`);
    server.createListByHand(site.id, '部署');
    const before = (await planProvisioning(gateway(), site.webUrl)).filter(
      (step) => step.summary !== ADD_CATEGORIES && !isNoticeList(step.summary),
    );
    for (const step of before) await step.apply();

    server.requests.length = 0;
    const plan = await planProvisioning(gateway(), site.webUrl);
    expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]); // planning (the dry run) changes nothing
    expect(plan.map((step) => step.summary)).toEqual([
      ADD_CATEGORIES,
      `＋ リスト「お知らせ」を作成（列 ${LISTS.notices.columns.map((c) => c.displayName).join('・')}）`,
    ]);
    expect(plan[1].summary).toContain('作成依頼キー');
    for (const step of plan) await step.apply();
    expect(await planProvisioning(gateway(), site.webUrl)).toEqual([]);

    const notices = await new SharePointSite(gateway(), site.webUrl).list('notices');
    expect([...notices.indexed].sort()).toEqual(['FiscalYear', 'RecordKey', 'RequestKey', 'SenderDepartmentId', 'Status']);
    const columns = await gateway().getAll<{ name: string; hidden?: boolean; enforceUniqueValues?: boolean }>(
      `/sites/${site.id}/lists/${notices.id}/columns`,
    );
    expect(columns.find((c) => c.name === 'RequestKey')).toMatchObject({ hidden: true, enforceUniqueValues: true });

    // The store uses both at once: people see a section's 分野 and a notice's 確認状況 in SharePoint.
    const { store } = await open({ siteUrl: site.webUrl });
    await store.departments.upsert(
      make.department({ id: 'ward-kita-hoken-nenkin', kind: 'ward', office: '北区役所', categories: ['国民健康保険', '国民年金'] }),
    );
    expect(server.listItems(site.id, '部署')[0].fields.Categories).toBe('国民健康保険、国民年金');
    const confirmed = make.notice();
    confirmed.sections[0] = {
      departmentId: 'ward-kita-hoken-nenkin',
      status: 'confirmed',
      confirmedBy: 'p-11',
      confirmedAt: '2026-12-08T00:00:00.000Z',
    };
    await store.notices.insert(confirmed);
    const [item] = server.listItems(site.id, 'お知らせ');
    expect(item.fields).toMatchObject({
      Title: '国民健康保険料の軽減判定の見直し',
      Status: 'sent',
      SenderDepartmentId: 'hq-hoken-nenkin',
      FiscalYear: 2026,
      Confirmations: '1/2',
    });
    expect(item.fields.Sections).toBe('ward-kita-hoken-nenkin confirmed p-11 2026-12-08T00:00:00.000Z\nward-minami-hoken-nenkin pending');
  });

  it("filters notices on the indexed columns and picks a section's notices from what that returns", async () => {
    const { store } = await open();
    await store.notices.insert(make.notice());
    await store.notices.insert(make.notice({ id: 'N-R8-0002', requestId: 'r2', senderDepartmentId: 'hq-shimin' }));
    server.requests.length = 0;
    expect(
      (
        await store.notices.list({
          senderDepartmentId: 'hq-hoken-nenkin',
          fiscalYear: 2026,
          status: 'sent',
          sectionId: 'ward-kita-hoken-nenkin',
        })
      ).map((n) => n.id),
    ).toEqual(['N-R8-0001']);
    const filter = new URL(server.requests.at(-1)!.url, server.url).searchParams.get('$filter');
    expect(filter).toBe("fields/SenderDepartmentId eq 'hq-hoken-nenkin' and fields/FiscalYear eq 2026 and fields/Status eq 'sent'");
  });
});

describe('reads and writes', () => {
  it('pages through @odata.nextLink and filters on indexed columns only', async () => {
    const { store } = await open();
    for (let i = 1; i <= 20; i++) await store.initiatives.upsert(make.initiative({ code: `A1-${i}`, ownerId: i % 2 ? 'p-1' : 'p-2' }));
    server.requests.length = 0;
    expect((await store.initiatives.list()).map((i) => i.code)).toEqual(Array.from({ length: 20 }, (_, i) => `A1-${i + 1}`));
    const pages = server.requests.filter((r) => r.method === 'GET' && r.url.includes('/items'));
    expect(pages.length).toBe(3); // 7 + 7 + 6
    expect(pages.slice(1).every((r) => r.url.includes('skiptoken'))).toBe(true);
    expect((await store.initiatives.list({ ownerId: 'p-2' })).length).toBe(10);
    expect(new URL(server.requests.at(-1)!.url, server.url).searchParams.get('$filter')).toBe("fields/OwnerId eq 'p-2'");
  });

  it('sends If-Match with the eTag it read, and turns a 412 into a conflict the caller can resolve', async () => {
    const { store, graph, siteUrl } = await open();
    await store.rulings.upsert(make.ruling());
    const site = new SharePointSite(graph, siteUrl);
    const list = new SharePointList(site, 'rulings', rulingMapping);
    const read = (await list.find('R-0001'))!;
    server.editItemByHand(await siteIdOf(siteUrl), '判断事例', read.itemId, { 回答: '窓口で訂正しました' });
    await expect(list.replace(read, { ...read.record, answer: '上書き' })).rejects.toBeInstanceOf(ConcurrencyConflictError);
    const patch = server.requests.filter((r) => r.method === 'PATCH').at(-1)!;
    expect(patch.headers['if-match']).toBe(read.eTag);
    expect((await list.find('R-0001'))?.record.answer).toBe('窓口で訂正しました');
  });

  it('writes a check-in answer once when Graph throttles only the revision step of its $batch (the current answer then waits on 424 and is written alone)', async () => {
    const { store, graph } = await open();
    // Answers on other initiatives show how many requests come before the batch's first step (the
    // first also resolves the site and its lists, so count on the second).
    expect((await store.checkIns.submit(make.checkIn({ initiativeCode: 'A1-8', submissionId: 'warm-up' }))).outcome).toBe('created');
    server.requests.length = 0;
    expect((await store.checkIns.submit(make.checkIn({ initiativeCode: 'A1-9', submissionId: 'dry-run' }))).outcome).toBe('created');
    const firstStep = server.requests.findIndex((r) => r.inBatch);
    expect(firstStep).toBeGreaterThan(0);

    server.requests.length = 0;
    server.failNext(1, 429, 0, firstStep); // spare the reads and the envelope, throttle the revision step
    const answer = make.checkIn({ submissionId: 'throttled-once' });
    expect(await store.checkIns.submit(answer)).toEqual({ outcome: 'created', checkIn: answer });
    expect(graph.batchRetries).toBeGreaterThanOrEqual(1);
    expect(await store.checkIns.get('A1-1', 2026, 2)).toEqual(answer);
    expect((await store.checkIns.history('A1-1', 2026, 2)).map((c) => c.submissionId)).toEqual(['throttled-once']);
    // The same press again is a replay, still one revision.
    expect((await store.checkIns.submit(answer)).outcome).toBe('replayed');
    expect(await store.checkIns.history('A1-1', 2026, 2)).toHaveLength(1);
  });

  it('writes a first check-in answer in one round trip (one $batch, nothing read before), and decides as usual when revision 1 is taken', async () => {
    const { store, siteUrl } = await open();
    // The first press also resolves the site and its lists: count on the second.
    await store.checkIns.submit(make.checkIn({ initiativeCode: 'A1-8', submissionId: 'warm-up' }));
    server.requests.length = 0;
    const answer = make.checkIn({ submissionId: 'first-press' });
    expect(await store.checkIns.submit(answer)).toEqual({ outcome: 'created', checkIn: answer });
    expect(server.requests.filter((r) => !r.inBatch).map((r) => `${r.method} ${r.url}`)).toEqual(['POST /v1.0/$batch']);
    expect(server.requests.filter((r) => r.inBatch).map((r) => r.method)).toEqual(['POST', 'POST']);
    expect(await store.checkIns.get('A1-1', 2026, 2)).toEqual(answer);

    // Revision 1 taken: the same press again is a replay, another press for revision 1 a conflict; nothing more is written.
    expect(await store.checkIns.submit(answer)).toEqual({ outcome: 'replayed', checkIn: answer });
    const rival = make.checkIn({ submissionId: 'other-device', progress: '別の端末から' });
    expect(await store.checkIns.submit(rival)).toEqual({ outcome: 'conflict', checkIn: answer });
    expect((await store.checkIns.history('A1-1', 2026, 2)).map((c) => c.submissionId)).toEqual(['first-press']);

    // A current answer whose revision 1 is gone (written some other way): the new revision is taken back, a conflict.
    const siteId = await siteIdOf(siteUrl);
    for (const item of server.listItems(siteId, 'チェックイン履歴')) server.deleteItemByHand(siteId, 'チェックイン履歴', item.id);
    expect(await store.checkIns.submit(rival)).toEqual({ outcome: 'conflict', checkIn: answer });
    expect(await store.checkIns.history('A1-1', 2026, 2)).toEqual([]);
    expect(await store.checkIns.get('A1-1', 2026, 2)).toEqual(answer);
  });

  it("sends a first answer's $batch once more when it got no answer at all, and stores the answer once", async () => {
    const { store, graph } = await open();
    await store.checkIns.submit(make.checkIn({ initiativeCode: 'A1-8', submissionId: 'warm-up' }));
    const real = graph.batch.bind(graph);
    // The connection closed before Graph saw the request…
    graph.batch = () => {
      graph.batch = real;
      return Promise.reject(new GraphRequestError('fetch failed', undefined, undefined));
    };
    const lost = make.checkIn({ initiativeCode: 'A1-2', submissionId: 'lost-on-the-way' });
    expect(await store.checkIns.submit(lost)).toEqual({ outcome: 'created', checkIn: lost });
    // …or after Graph wrote it, with only the answer lost: then revision 1 is taken, and it is this press.
    graph.batch = async (requests) => {
      graph.batch = real;
      await real(requests);
      throw new GraphRequestError('other side closed', undefined, undefined);
    };
    const landed = make.checkIn({ initiativeCode: 'A1-3', submissionId: 'answer-lost' });
    expect(await store.checkIns.submit(landed)).toEqual({ outcome: 'replayed', checkIn: landed });
    for (const answer of [lost, landed]) {
      expect(await store.checkIns.get(answer.initiativeCode, 2026, 2)).toEqual(answer);
      expect((await store.checkIns.history(answer.initiativeCode, 2026, 2)).map((c) => c.submissionId)).toEqual([answer.submissionId]);
    }
  });

  it('waits as Retry-After says when Graph throttles, and succeeds', async () => {
    const { store, graph } = await open();
    server.failNext(2, 429, 0);
    await store.departments.upsert(make.department());
    expect(graph.traffic.throttled).toBe(2);
    expect(await store.departments.get('hq-hoken-nenkin')).toEqual(make.department());
  });

  it('puts a write SharePoint cannot take even after retries in the outbox, says so, and the dispatcher applies it once SharePoint answers', async () => {
    const { store } = await open({ maxRetries: 1 });
    await store.initiatives.upsert(make.initiative());
    server.faults.unavailableRate = 1;
    server.faults.retryAfterSeconds = 0;
    const submitted = make.checkIn();
    await expect(store.checkIns.submit(submitted)).rejects.toBeInstanceOf(WriteDeferredError);
    const [queued] = await store.outbox.listDue(new Date(Date.now() + 60_000).toISOString(), 10);
    expect(queued.conversationKey).toBe(`${RECORD_WRITES}checkIns`);
    expect((await store.outbox.get(queued.key))?.payload.recordWrite).toEqual({ port: 'checkIns', method: 'submit', args: [submitted] });

    // Any instance's dispatcher applies it; while SharePoint is still down it waits (not a failure).
    let clock = Date.now() + 60_000;
    const sent: unknown[] = [];
    const dispatcher = new OutboxDispatcher({
      outbox: store.outbox,
      conversations: store.conversations,
      sender: { send: async (reference) => (sent.push(reference), { activityId: null }) },
      applyRecordWrite: (write) => store.applyRecordWrite(write),
      logger: silentLogger,
      now: () => clock,
      options: {
        ...TEAMS_LIMITS,
        marginMs: 0,
        maxInFlight: 4,
        leaseSeconds: 30,
        maxAttempts: 2,
        backoff: { baseMs: 1000, capMs: 60_000 },
        sendTimeoutMs: 5000,
        pollIntervalMs: 20,
        scanSize: 10,
      },
    });
    dispatcher.start();
    try {
      await waitUntil(async () => (await store.outbox.get(queued.key))?.status === 'failed');
      expect(await store.outbox.get(queued.key)).toMatchObject({ status: 'failed', attempts: 1 });
      server.faults.unavailableRate = 0;
      clock += 3_600_000;
      await waitUntil(async () => (await store.outbox.get(queued.key))?.status === 'sent');
    } finally {
      await dispatcher.stop();
    }
    expect(sent).toEqual([]); // nothing went to Teams
    expect(await store.checkIns.get('A1-1', 2026, 2)).toEqual(submitted);
    expect(await store.checkIns.history('A1-1', 2026, 2)).toEqual([submitted]);
    // Applied again (a lost answer), it changes nothing: the submission id makes it a replay.
    expect(await store.applyRecordWrite({ port: 'checkIns', method: 'submit', args: [submitted] })).toBe('done');
    expect(await store.checkIns.history('A1-1', 2026, 2)).toEqual([submitted]);
  });

  it('sends $batch in groups of 20, gives each request its own answer, and sends a throttled one again', async () => {
    const { graph, siteUrl } = await open();
    const path = await new SharePointSite(graph, siteUrl).listPath('counters');
    const columns = (await new SharePointSite(graph, siteUrl).list('counters')).names;
    const requests = Array.from({ length: 45 }, (_, i) => ({
      id: `c${i}`,
      method: 'POST' as const,
      url: `${path}/items`,
      body: { fields: { [columns.get('RecordKey')!]: `k${i}`, Title: `k${i}` } },
    }));
    requests.push({ ...requests[0], id: 'again' }); // a duplicate key: its own 409, not the batch's failure
    server.requests.length = 0;
    server.failNext(1, 429, 0, 3); // spare the envelope and two steps, then throttle one step
    const answers = await graph.batch(requests);
    expect(answers.size).toBe(46);
    expect([...answers.values()].filter((a) => a.status === 201)).toHaveLength(45);
    expect(answers.get('again')?.status).toBe(409);
    expect(graph.batchRetries).toBe(1);
    const envelopes = server.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/$batch') && !r.inBatch);
    expect(envelopes).toHaveLength(4); // 20 + 20 + 6, then the throttled one alone
  });

  it('lists a manual staff uploaded without a 管理番号, under its item id, with the file link', async () => {
    const { store, siteUrl, graph } = await open();
    await store.manuals.upsert(make.manual());
    const siteId = await siteIdOf(siteUrl);
    const drive = await graph.get<{ id: string }>(`${await new SharePointSite(graph, siteUrl).listPath('manuals')}/drive`);
    const uploaded = await graph.put<{ sharepointIds: { listItemId: string }; webUrl: string }>(
      `/drives/${drive.id}/items/root:/介護認定マニュアル.pdf:/content`,
      '%PDF-1.7',
      'application/pdf',
    );
    server.editItemByHand(siteId, 'マニュアル', uploaded.sharepointIds.listItemId, { 所管課: '介護保険課', 版: '第2版' });
    const manuals = await store.manuals.list();
    expect(manuals.map((m) => [m.id, m.title, m.department, m.version])).toEqual([
      [`SP-${uploaded.sharepointIds.listItemId}`, '介護認定マニュアル', '介護保険課', '第2版'],
      ['M-001', '国民健康保険 窓口事務マニュアル', '保険年金課', '第5版'],
    ]);
    expect(manuals[0].url).toBe(uploaded.webUrl);
    expect(manuals[1].url).toBe(make.manual().url);
    expect((await store.manuals.get(`SP-${uploaded.sharepointIds.listItemId}`))?.title).toBe('介護認定マニュアル');
  });
});

describe('search index kept in step by list delta', () => {
  it('enumerates, then fetches only changes and deletions, survives a restart, and starts over after 410', async () => {
    const writer = await open();
    const siteId = await siteIdOf(writer.siteUrl);
    for (let i = 1; i <= 10; i++) await writer.store.rulings.upsert(make.ruling({ id: `R-${i}`, title: `退職後の手続き ${i}` }));

    // Another instance, with its own local index, on the same site.
    const reader = await open({ siteUrl: writer.siteUrl });
    expect(await reader.store.rulings.list()).toEqual([]);
    expect(await reader.store.rulingSync.sync()).toMatchObject({ mode: 'full', upserted: 10, removed: 0 });
    expect((await reader.store.rulings.list()).length).toBe(10);

    const items = server.listItems(siteId, '判断事例');
    const itemOf = (id: string) => items.find((item) => item.fields.RecordKey === id)!.id;
    // As a Japanese site returns a date-only column: UTC of midnight JST.
    server.editItemByHand(siteId, '判断事例', itemOf('R-3'), { Title: '国保の資格喪失日', PublishedAt: '2024-03-31T15:00:00Z' });
    server.deleteItemByHand(siteId, '判断事例', itemOf('R-4'));
    expect(await reader.store.rulingSync.sync()).toMatchObject({ mode: 'incremental', upserted: 1, removed: 1 });
    expect(await reader.store.rulings.get('R-3')).toMatchObject({ title: '国保の資格喪失日', publishedAt: '2024-04-01' });
    expect(await reader.store.rulings.get('R-4')).toBeUndefined();
    expect(await reader.store.rulingSync.sync()).toMatchObject({ mode: 'incremental', upserted: 0, removed: 0 });

    // A restart keeps the delta position: the same local file, a new process.
    await reader.store.close();
    opened.splice(opened.indexOf(reader.store), 1);
    server.deleteItemByHand(siteId, '判断事例', itemOf('R-5'));
    const restarted = await open({ siteUrl: writer.siteUrl, dataDir: reader.dataDir });
    expect(await restarted.store.rulingSync.sync()).toMatchObject({ mode: 'incremental', removed: 1 });

    // Too long away: Graph answers 410 and the index is rebuilt from a full enumeration.
    server.deleteItemByHand(siteId, '判断事例', itemOf('R-6'));
    server.expireDeltaTokens(siteId, '判断事例');
    expect(await restarted.store.rulingSync.sync()).toMatchObject({ mode: 'full', upserted: 7, removed: 1 });
    expect((await restarted.store.rulings.list()).map((r) => r.id).sort()).toEqual(['R-1', 'R-10', 'R-2', 'R-3', 'R-7', 'R-8', 'R-9']);
  });
});

describe('reading as the signed-in person (on-behalf-of)', () => {
  it("lists the manuals with the person's own Graph token, not the app's", async () => {
    const { store } = await open();
    await store.manuals.upsert(make.manual());
    server.requests.length = 0;
    const manuals = await store.manualsVisibleTo(PERSON_GRAPH_TOKEN);
    expect(manuals.map((m) => m.id)).toEqual(['M-001']);
    const itemReads = server.requests.filter((r) => r.method === 'GET' && r.url.includes('/items'));
    expect(itemReads.length).toBeGreaterThan(0);
    expect(itemReads.every((r) => r.headers.authorization === `Bearer ${PERSON_GRAPH_TOKEN}`)).toBe(true);
    // A token Graph refuses is an error, never a silent fall back to the app's wider rights.
    await expect(store.manualsVisibleTo('expired-token')).rejects.toMatchObject({ status: 401 });
  });
});

describe('the directory read on every turn', () => {
  it('is read from SharePoint once for many lookups, and at once again after a write here', async () => {
    const { store } = await open();
    await store.departments.upsert(make.department());
    await store.people.upsert(make.person());
    server.requests.length = 0;
    for (let i = 0; i < 5; i++) {
      expect((await store.people.findByEntraObjectId('00000000-0000-4000-8000-000000000001'))?.id).toBe('p-1');
      expect((await store.departments.get('hq-hoken-nenkin'))?.name).toBe('保険年金課');
    }
    expect(server.requests.filter((r) => r.url.includes('/items'))).toHaveLength(2); // one read of each list
    await store.people.upsert(make.person({ roles: ['staff', 'approver'] }));
    expect((await store.people.get('p-1'))?.roles).toEqual(['staff', 'approver']);
  });
});
