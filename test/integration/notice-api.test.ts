import fs from 'node:fs';
import fc from 'fast-check';
import type { RunningApp } from '../../bot/app';
import type { Department } from '../../bot/directory/model';
import type { NoticeDetail, NoticeListItem } from '../../bot/notices/api-routes';
import { addBusinessDays, japanDateOf } from '../../bot/platform/fiscal-calendar';
import { demoApi, staffPerson, startDemoApp } from '../support/demo-api';
import { jsonOf } from '../support/processes';

const MINAMI_CHANNEL = '19:minami-hoken-nenkin-notices@thread.tacv2';
const KITA = 'ward-kita-hoken-nenkin';
const MINAMI = 'ward-minami-hoken-nenkin';

const person = staffPerson;

/**
 * The お知らせ API contract on the real server (SQLite, demo data): who may send, read and
 * confirm; every bad field named; approval where the department sends as an organisation.
 */
describe('notice API', () => {
  let app: RunningApp;
  let dataDir: string;
  const today = japanDateOf(new Date());
  const confirmBy = addBusinessDays(today, 3);
  const { call, post, get } = demoApi(() => app.url);
  const NOTICE = {
    kind: '制度改正',
    title: '国民健康保険の資格喪失日の取扱い',
    body: '令和9年4月1日から、資格喪失日は転出日の翌日とします。',
    confirmBy,
    audience: { wardSections: [KITA, MINAMI] },
  };

  beforeAll(async () => {
    ({ app, dataDir } = await startDemoApp('renkei-notice-api-'));
    // Two ward sections with a notice channel each and their 分野; people of another section and a second HQ approver.
    const departments = await app.store.departments.list();
    const update = (id: string, change: Partial<Department>) =>
      app.store.departments.upsert({ ...(departments.find((d) => d.id === id) as Department), ...change });
    await update(KITA, { categories: ['国民健康保険', '国民年金'] });
    await update(MINAMI, { noticeChannelId: MINAMI_CHANNEL, categories: ['国民健康保険'] });
    await app.store.people.upsert(person('p-minami-staff', MINAMI, ['staff'], 71));
    await app.store.people.upsert(person('p-nishi-staff', 'ward-nishi-shimin', ['staff'], 72));
    await app.store.people.upsert(person('p-hq-approver2', 'hq-hoken-nenkin', ['staff', 'responder', 'approver'], 73));
  });

  afterAll(async () => {
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses callers who have not signed in', async () => {
    expect((await post('/api/notices', undefined, NOTICE)).status).toBe(401);
    expect((await get('/api/notices/N-R8-0001')).status).toBe(401);
  });

  it('refuses ward staff and the PMO without an HQ role (403), before reading the fields', async () => {
    for (const who of ['p-ward-staff', 'p-ward-manager', 'p-pmo']) {
      const response = await post('/api/notices', who, NOTICE);
      expect(response.status).toBe(403);
      expect((await jsonOf(response)).error.code).toBe('Forbidden');
    }
  });

  it('names every bad field (400)', async () => {
    const cases: [unknown, string][] = [
      [{ ...NOTICE, kind: '通知' }, 'kind'],
      [{ ...NOTICE, title: '' }, 'title'],
      [{ ...NOTICE, title: 'x'.repeat(101) }, 'title'],
      [{ ...NOTICE, body: 7 }, 'body'],
      [{ ...NOTICE, effectiveOn: '2027-02-30' }, 'effectiveOn'],
      [{ ...NOTICE, confirmBy: today }, 'confirmBy'],
      [{ ...NOTICE, confirmBy: 'tomorrow' }, 'confirmBy'],
      [{ ...NOTICE, audience: { wardSections: [] } }, 'audience'],
      [{ ...NOTICE, audience: { wardSections: ['hq-hoken-nenkin'] } }, 'audience'],
      [{ ...NOTICE, audience: { category: '存在しない分野' } }, 'audience'],
      [{ ...NOTICE, audience: { allWards: false } }, 'audience'],
      [{ ...NOTICE, audience: { allWards: true, category: '国民健康保険' } }, 'audience'],
      [{ ...NOTICE, audience: undefined }, 'audience'],
      [{ ...NOTICE, rulingIds: ['R-9999'] }, 'rulingIds'],
      [{ ...NOTICE, rulingIds: 'R-0003' }, 'rulingIds'],
      [{ ...NOTICE, manualIds: ['M-NOPE'] }, 'manualIds'],
      [{ ...NOTICE, requestId: '../x' }, 'requestId'],
      [[NOTICE], 'body'],
    ];
    for (const [body, field] of cases) {
      const response = await post('/api/notices', 'p-admin', body);
      expect(response.status).toBe(400);
      const { error } = await jsonOf(response);
      expect(error.message).toContain(field);
      expect(Object.keys(error.fields)).toEqual([field]);
    }
    // Nothing was stored or sent for any of them.
    expect((await jsonOf(get('/api/notices', 'p-admin'))).items).toEqual([]);
    expect((await app.store.outbox.countByStatus()).pending).toBe(0);
  });

  it('sends at once where the department needs no approval: one card per section, every section pending', async () => {
    const response = await post('/api/notices', 'p-admin', { ...NOTICE, rulingIds: ['R-0003'] });
    expect(response.status).toBe(201);
    const created: NoticeDetail = await jsonOf(response);
    expect(created).toMatchObject({
      id: expect.stringMatching(/^N-R\d+-0001$/),
      title: NOTICE.title,
      kind: '制度改正',
      confirmBy,
      status: 'sent',
      confirmed: 0,
      total: 2,
    });
    expect(created.sections).toEqual([
      { departmentId: KITA, status: 'pending', name: '北区役所 保険年金課' },
      { departmentId: MINAMI, status: 'pending', name: '南区役所 保険年金課' },
    ]);
    for (const [section, channel] of [
      [KITA, '19:renkei-team-general@thread.tacv2'],
      [MINAMI, MINAMI_CHANNEL],
    ]) {
      expect((await app.store.outbox.get(`notice:${created.id}:r1:to:${section}:channel`))?.conversationKey).toBe(`channel:${channel}`);
    }
    const detail: NoticeDetail = await jsonOf(get(`/api/notices/${created.id}`, 'p-ward-staff'));
    expect(detail.sections.map((s) => s.status)).toEqual(['pending', 'pending']);
  });

  it('lets a member of a section in the audience confirm once for the section; others are refused', async () => {
    const { id } = (await jsonOf(get('/api/notices', 'p-admin'))).items[0] as NoticeListItem;
    for (const who of ['p-hq-responder', 'p-nishi-staff', 'p-pmo'])
      expect((await post(`/api/notices/${id}/confirm`, who)).status).toBe(403);
    const first = await post(`/api/notices/${id}/confirm`, 'p-ward-staff');
    expect(first.status).toBe(200);
    const confirmed: NoticeDetail = await jsonOf(first);
    const kita = confirmed.sections.find((s) => s.departmentId === KITA);
    expect(kita).toMatchObject({
      status: 'confirmed',
      confirmedBy: 'p-ward-staff',
      confirmedByName: '佐藤 美咲',
      confirmedAt: expect.any(String),
    });
    // A second confirm (the same person, or the section's manager) changes nothing.
    for (const who of ['p-ward-staff', 'p-ward-manager']) {
      const again: NoticeDetail = await jsonOf(post(`/api/notices/${id}/confirm`, who));
      expect(again.sections).toEqual(confirmed.sections);
    }
    expect(confirmed).toMatchObject({ confirmed: 1, total: 2 });
    const audit = await app.store.audit.list({ objectType: 'notice', objectId: id });
    expect(audit.filter((e) => e.action === 'notice.confirm')).toHaveLength(1);
    expect(
      audit
        .filter((e) => e.action === 'notice.refused')
        .map((e) => e.actorId)
        .sort(),
    ).toEqual(['p-hq-responder', 'p-nishi-staff', 'p-pmo']);
    expect((await post('/api/notices/N-R8-9999/confirm', 'p-ward-staff')).status).toBe(404);
  });

  it('shows a notice to its sender department, PMO, admin and the sections in its audience; 404 to anyone else', async () => {
    const { id } = (await jsonOf(get('/api/notices', 'p-admin'))).items[0] as NoticeListItem;
    for (const who of ['p-admin', 'p-pmo', 'p-ward-staff', 'p-minami-staff'])
      expect((await get(`/api/notices/${id}`, who)).status).toBe(200);
    for (const who of ['p-hq-responder', 'p-nishi-staff']) expect((await get(`/api/notices/${id}`, who)).status).toBe(404);
    expect((await get('/api/notices/N-R8-9999', 'p-admin')).status).toBe(404);
    expect((await get('/api/notices/..%2F..%2Fetc', 'p-admin')).status).toBe(404);
  });

  it('makes one notice per requestId however often it is posted', async () => {
    const body = { ...NOTICE, kind: '事務連絡', audience: { category: '国民健康保険' }, requestId: 'tab-form-42' };
    const first: NoticeDetail = await jsonOf(post('/api/notices', 'p-admin', body));
    const second = await post('/api/notices', 'p-admin', body);
    expect(second.status).toBe(201);
    expect((await jsonOf(second)).id).toBe(first.id);
    // Every ward section that lists the 分野, as the directory says (the demo gives it to each ward's 保険年金課).
    const handling = (await app.store.departments.list())
      .filter((d) => d.kind === 'ward' && (d.categories ?? []).includes('国民健康保険'))
      .map((d) => d.id);
    expect(handling).toEqual(expect.arrayContaining([KITA, MINAMI]));
    expect(first.sections.map((s) => s.departmentId).sort()).toEqual(handling.sort());
  });

  it('puts a notice of a department that sends as an organisation before another approver, then delivers it', async () => {
    const response = await post('/api/notices', 'p-hq-responder', { ...NOTICE, kind: 'マニュアル改正', title: '国保マニュアル第3版' });
    expect(response.status).toBe(201);
    const created: NoticeDetail = await jsonOf(response);
    expect(created.status).toBe('awaitingApproval');
    expect(created.sections.map((s) => s.status)).toEqual(['pending', 'pending']);
    expect(await app.store.outbox.get(`notice:${created.id}:r1:to:${KITA}:channel`)).toBeUndefined();
    // Not yet sent: the wards neither see nor confirm it.
    expect((await get(`/api/notices/${created.id}`, 'p-ward-staff')).status).toBe(404);
    expect((await post(`/api/notices/${created.id}/confirm`, 'p-ward-staff')).status).toBe(409);
    // A responder is no approver; nobody approves their own notice.
    expect((await post(`/api/notices/${created.id}/approve`, 'p-hq-responder')).status).toBe(403);
    const own: NoticeDetail = await jsonOf(post('/api/notices', 'p-hq-approver', { ...NOTICE, title: '承認者が書いたお知らせ' }));
    expect((await post(`/api/notices/${own.id}/approve`, 'p-hq-approver')).status).toBe(403);
    expect((await post(`/api/notices/${own.id}/return`, 'p-hq-approver2', { comment: '' })).status).toBe(400);
    const returned: NoticeDetail = await jsonOf(
      post(`/api/notices/${own.id}/return`, 'p-hq-approver2', { comment: '根拠条文を書いてください。' }),
    );
    expect(returned).toMatchObject({ status: 'returned', returnedBy: 'p-hq-approver2', returnComment: '根拠条文を書いてください。' });

    const approved = await post(`/api/notices/${created.id}/approve`, 'p-hq-approver');
    expect(approved.status).toBe(200);
    expect(await jsonOf(approved)).toMatchObject({
      status: 'sent',
      approvedBy: 'p-hq-approver',
      sections: [{ status: 'pending' }, { status: 'pending' }],
    });
    expect(await app.store.outbox.get(`notice:${created.id}:r1:to:${KITA}:channel`)).toBeDefined();
    expect((await post(`/api/notices/${created.id}/approve`, 'p-hq-approver2')).status).toBe(409);
  });

  it('corrects a sent notice: a new revision, every section to confirm again, the history kept', async () => {
    const { items } = await jsonOf(get('/api/notices?kind=制度改正&status=sent', 'p-admin'));
    const id = (items as NoticeListItem[]).find((item) => item.senderDepartmentId === 'hq-dx')?.id as string;
    expect((await post(`/api/notices/${id}/correct`, 'p-admin', { title: '', body: 'x' })).status).toBe(400);
    expect((await post(`/api/notices/${id}/correct`, 'p-ward-staff', { title: 't', body: 'b' })).status).toBe(403);
    const corrected: NoticeDetail = await jsonOf(
      post(`/api/notices/${id}/correct`, 'p-admin', {
        title: '【訂正】国民健康保険の資格喪失日の取扱い',
        body: '訂正後の本文',
        revision: 1,
      }),
    );
    expect(corrected).toMatchObject({ revision: 2, confirmed: 0, title: '【訂正】国民健康保険の資格喪失日の取扱い' });
    expect(corrected.history[0]).toMatchObject({
      revision: 1,
      correctedBy: 'p-admin',
      sections: expect.arrayContaining([expect.objectContaining({ departmentId: KITA, status: 'confirmed' })]),
    });
    expect((await post(`/api/notices/${id}/correct`, 'p-admin', { title: 't', body: 'b', revision: 1 })).status).toBe(409);
    expect(await app.store.outbox.get(`notice:${id}:r2:to:${MINAMI}:channel`)).toBeDefined();
  });

  it('lists notices for the tab with counts and filters', async () => {
    const ward: NoticeListItem[] = (await jsonOf(get('/api/notices', 'p-ward-staff'))).items;
    expect(ward.length).toBeGreaterThanOrEqual(3);
    expect(ward.every((item) => item.status === 'sent' && item.mySection?.departmentId === KITA)).toBe(true);
    const hq: NoticeListItem[] = (await jsonOf(get('/api/notices', 'p-hq-responder'))).items;
    expect(new Set(hq.map((item) => item.senderDepartmentId))).toEqual(new Set(['hq-hoken-nenkin']));
    const unconfirmed: NoticeListItem[] = (await jsonOf(get('/api/notices?unconfirmed=1', 'p-pmo'))).items;
    expect(unconfirmed.every((item) => item.confirmed < item.total)).toBe(true);
    expect((await jsonOf(get('/api/notices?category=国民年金', 'p-pmo'))).items.length).toBeGreaterThan(0);
    expect((await jsonOf(get('/api/notices?category=戸籍', 'p-pmo'))).items).toEqual([]);
    expect(
      (await jsonOf(get(`/api/notices?fy=${ward[0].fiscalYear}&kind=事務連絡`, 'p-pmo'))).items.map((i: NoticeListItem) => i.kind),
    ).toEqual(['事務連絡']);
    for (const query of ['fy=26', 'kind=通知', 'unconfirmed=yes', 'status=draft']) {
      const response = await get(`/api/notices?${query}`, 'p-pmo');
      expect(response.status).toBe(400);
      expect((await jsonOf(response)).error.message).toContain(query.split('=')[0]);
    }
  });

  it('adds the notice figures to the 効果検証 answer under a new key', async () => {
    const analytics = await jsonOf(get('/api/analytics', 'p-pmo'));
    expect(Object.keys(analytics)).toEqual(expect.arrayContaining(['filter', 'inquiries', 'rulings', 'checkIns', 'kpis', 'notices']));
    const sent = ((await jsonOf(get('/api/notices?status=sent', 'p-pmo'))).items as NoticeListItem[]).length;
    expect(analytics.notices.sent).toBe(sent);
    expect(analytics.notices.byDepartment.map((d: { departmentId: string }) => d.departmentId).sort()).toEqual([
      'hq-dx',
      'hq-hoken-nenkin',
    ]);
    expect(
      (await jsonOf(get('/api/analytics?department=hq-dx', 'p-pmo'))).notices.byDepartment.map(
        (d: { departmentId: string }) => d.departmentId,
      ),
    ).toEqual(['hq-dx']);
  });

  it('answers any hostile body with 201 or a 400 naming a field, never a 500', async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('', ' ', '<script>', '**x**', 'N-R8-0001', '2026-13-01', '制度改正'),
    );
    const value = fc.oneof(
      text,
      fc.integer(),
      fc.constant(null),
      fc.boolean(),
      fc.array(text, { maxLength: 3 }),
      fc.dictionary(text, text, { maxKeys: 2 }),
    );
    const body = fc.record(
      { kind: value, title: value, body: value, effectiveOn: value, confirmBy: value, audience: value, rulingIds: value, manualIds: value },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (candidate) => {
        const response = await post('/api/notices', 'p-admin', candidate);
        expect([201, 400]).toContain(response.status);
        if (response.status === 400) expect(Object.keys((await jsonOf(response)).error.fields).length).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
    expect((await call('POST', '/api/notices', 'p-admin', '{"kind":')).status).toBe(400);
  });
});
