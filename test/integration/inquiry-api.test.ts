import fs from 'node:fs';
import { startApp, type RunningApp } from '../../bot/app';
import { loadDemoData } from '../../bot/demo/demo-data';
import type { InquiryDetail, InquiryList } from '../../bot/inquiries/api-routes';
import { loadConfig } from '../../bot/platform/config';
import { businessDaysBetween, japanDateOf } from '../../bot/platform/fiscal-calendar';
import { silentLogger } from '../../bot/platform/logger';
import { jsonOf, tempDir } from '../support/processes';

const { inquiries: demoInquiries } = loadDemoData();

/** GET /api/inquiries and /api/inquiries/:number on the real server with the four demo inquiries. */
describe('inquiry API', () => {
  let app: RunningApp;
  let dataDir: string;
  const get = (path: string, personId?: string) =>
    fetch(`${app.url}${path}`, { headers: personId ? { Authorization: `Demo ${personId}` } : {} });
  const list = async (path: string, personId: string): Promise<InquiryList> => {
    const response = await get(path, personId);
    expect(response.status).toBe(200);
    return jsonOf(response);
  };
  const numbers = (result: InquiryList) => result.items.map((item) => item.number);

  beforeAll(async () => {
    dataDir = tempDir('renkei-inquiry-api-');
    const config = loadConfig({ APP_DATA_DIR: dataDir, CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0' });
    config.port = 0;
    app = await startApp(config, silentLogger);
  });

  afterAll(async () => {
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses callers who have not signed in', async () => {
    expect((await get('/api/inquiries')).status).toBe(401);
    expect((await get('/api/inquiries/Q-R8-0001')).status).toBe(401);
  });

  it('gives ward staff their own open inquiries, the earliest due first, and the finished ones with status=all', async () => {
    const open = await list('/api/inquiries', 'p-ward-staff');
    expect(open.scope).toBe('mine');
    // Due 11-20, 11-24 and 11-27; Q-R8-0001 is shared (finished) and hidden.
    expect(numbers(open)).toEqual(['Q-R8-0003', 'Q-R8-0002', 'Q-R8-0004']);
    expect(open.items.every((item) => !item.finished)).toBe(true);

    const all = await list('/api/inquiries?status=all', 'p-ward-staff');
    expect(numbers(all)).toEqual(['Q-R8-0003', 'Q-R8-0002', 'Q-R8-0004', 'Q-R8-0001']);
    const shared = all.items[3];
    expect(shared).toMatchObject({
      status: 'shared',
      statusName: '回答済（全区共有）',
      finished: true,
      businessDaysLeft: null,
      overdue: false,
    });
  });

  it('counts ages and days left in business days from today', async () => {
    const { items } = await list('/api/inquiries?status=all', 'p-ward-staff');
    const today = japanDateOf(new Date()); // the date moves: compare with the calendar, not fixed numbers
    for (const item of items) {
      const demo = demoInquiries.find((inquiry) => inquiry.number === item.number)!;
      const endedOn = item.finished ? japanDateOf(new Date(demo.answer?.answeredAt ?? demo.updatedAt)) : today; // a finished one stops ageing
      expect(item.ageBusinessDays).toBe(Math.max(0, businessDaysBetween(japanDateOf(new Date(demo.createdAt)), endedOn)));
      if (item.finished) continue;
      const left = businessDaysBetween(today, demo.dueOn);
      expect(item.businessDaysLeft).toBe(left);
      expect(item.overdue).toBe(left < 0);
    }
    const q3 = items.find((item) => item.number === 'Q-R8-0003')!;
    expect(q3).toMatchObject({
      askerName: '佐藤 美咲',
      askerDepartment: '北区役所 保険年金課',
      targetDepartment: '健康福祉局 保険年金課',
      assigneeName: '鈴木 健太',
      urgency: '至急',
    });
  });

  it("gives an HQ responder their department's inbox, without other departments' inquiries", async () => {
    const inbox = await list('/api/inquiries', 'p-hq-responder');
    expect(inbox.scope).toBe('department');
    expect(numbers(inbox)).toEqual(['Q-R8-0003', 'Q-R8-0002']);
    expect(numbers(await list('/api/inquiries?scope=department&status=all', 'p-hq-responder'))).toEqual([
      'Q-R8-0003',
      'Q-R8-0002',
      'Q-R8-0001',
    ]);
    // Nothing asked by the responder themselves.
    expect(numbers(await list('/api/inquiries?scope=mine', 'p-hq-responder'))).toEqual([]);
  });

  it("gives a ward section's manager (課長) the section's inquiries, by default and under scope=department", async () => {
    const landing = await list('/api/inquiries', 'p-ward-manager');
    expect(landing.scope).toBe('department');
    expect(numbers(landing)).toEqual(['Q-R8-0003', 'Q-R8-0002', 'Q-R8-0004']);
    expect((await list('/api/inquiries?scope=mine', 'p-ward-manager')).items).toEqual([]);
    expect(numbers(await list('/api/inquiries?scope=department', 'p-ward-manager'))).toEqual(['Q-R8-0003', 'Q-R8-0002', 'Q-R8-0004']);
  });

  it('lets only the PMO and admins see every inquiry', async () => {
    expect((await get('/api/inquiries?scope=all', 'p-hq-responder')).status).toBe(403);
    expect((await get('/api/inquiries?scope=all', 'p-ward-staff')).status).toBe(403);
    const pmo = await list('/api/inquiries?scope=all&status=all', 'p-pmo');
    expect(pmo.scope).toBe('all');
    expect(numbers(pmo).sort()).toEqual(demoInquiries.map((inquiry) => inquiry.number).sort());
    expect(numbers(await list('/api/inquiries?scope=all', 'p-admin'))).toEqual(['Q-R8-0003', 'Q-R8-0002', 'Q-R8-0004']);
    // The PMO's own default is what they asked (nothing), not everything.
    expect(await list('/api/inquiries', 'p-pmo')).toEqual({ scope: 'mine', items: [] });
  });

  it('rejects unknown query values with 400', async () => {
    for (const query of ['scope=everyone', 'scope=MINE', 'status=closed', 'status=open&scope=ward']) {
      const response = await get(`/api/inquiries?${query}`, 'p-ward-staff');
      expect(response.status).toBe(400);
      expect((await jsonOf(response)).error.code).toBe('BadQuery');
    }
  });

  it("shows an inquiry's detail to the people involved and to nobody else", async () => {
    expect((await get('/api/inquiries/Q-R8-0004', 'p-hq-responder')).status).toBe(403);
    const response = await get('/api/inquiries/Q-R8-0004', 'p-ward-manager');
    expect(response.status).toBe(200);
    const detail: InquiryDetail = await jsonOf(response);
    expect(detail.inquiry).toMatchObject({
      number: 'Q-R8-0004',
      status: 'submitted',
      targetDepartmentId: 'hq-kaigo-hoken',
      legalBasis: '介護保険法第36条',
    });
    expect(detail.item).toMatchObject({
      number: 'Q-R8-0004',
      statusName: '受付待ち',
      targetDepartment: '健康福祉局 介護保険課',
      assigneeName: null,
    });
    expect(detail.names).toEqual({ 'p-ward-staff': '佐藤 美咲' });
  });

  it('gives the answer with the names of its answerer and approver, and the shared ruling', async () => {
    const detail: InquiryDetail = await jsonOf(get('/api/inquiries/Q-R8-0001', 'p-ward-staff'));
    expect(detail.inquiry.answer).toMatchObject({ answeredBy: 'p-hq-responder', approvedBy: 'p-hq-approver' });
    expect(detail.inquiry.answer?.text).toContain('資格を喪失しません');
    expect(detail.inquiry.rulingId).toBe('R-0020');
    expect(detail.names).toMatchObject({ 'p-hq-responder': '鈴木 健太', 'p-hq-approver': '高橋 直子' });
    expect(detail.item).toMatchObject({ finished: true, businessDaysLeft: null });
  });

  it('keeps an unapproved draft inside the answering department', async () => {
    const asker: InquiryDetail = await jsonOf(get('/api/inquiries/Q-R8-0002', 'p-ward-staff'));
    expect(asker.inquiry.status).toBe('awaitingApproval');
    expect(asker.inquiry.draft).toBeNull();
    const approver: InquiryDetail = await jsonOf(get('/api/inquiries/Q-R8-0002', 'p-hq-approver'));
    expect(approver.inquiry.draft?.draftedBy).toBe('p-hq-responder');
    expect(approver.names['p-hq-responder']).toBe('鈴木 健太');
  });

  it('answers 400 to a malformed number and 404 to an unknown one', async () => {
    for (const number of ['Q-R8-1', 'R-0020', 'q-r8-0001', 'Q-R8-00001', "Q-R8-0001'--"]) {
      expect((await get(`/api/inquiries/${encodeURIComponent(number)}`, 'p-ward-staff')).status).toBe(400);
    }
    const unknown = await get('/api/inquiries/Q-R8-9999', 'p-ward-staff');
    expect(unknown.status).toBe(404);
    expect((await jsonOf(unknown)).error.code).toBe('NotFound');
  });

  it('says in the detail which steps the caller may take now, and whom the approver may hand it to', async () => {
    const detail = async (number: string, personId: string): Promise<InquiryDetail> => jsonOf(get(`/api/inquiries/${number}`, personId));
    const none = { withdraw: false, restore: false, release: false, reassign: false };
    // Q-R8-0003 is claimed by 鈴木 健太 (responder) in 高橋 直子's (approver) department, asked by 佐藤 美咲.
    expect((await detail('Q-R8-0003', 'p-ward-staff')).steps).toEqual({ ...none, withdraw: true });
    expect((await detail('Q-R8-0003', 'p-hq-responder')).steps).toEqual({ ...none, release: true });
    const approverView = await detail('Q-R8-0003', 'p-hq-approver');
    expect(approverView.steps).toEqual({ ...none, reassign: true });
    expect(approverView.reassignCandidates).toEqual([{ id: 'p-hq-approver', name: '高橋 直子' }]);
    expect((await detail('Q-R8-0003', 'p-ward-manager')).steps).toEqual(none);
    expect((await detail('Q-R8-0003', 'p-pmo')).reassignCandidates).toEqual([]);
    // Awaiting approval: nobody can give it back or reassign it; the asker can still withdraw it.
    expect((await detail('Q-R8-0002', 'p-hq-responder')).steps).toEqual(none);
    expect((await detail('Q-R8-0002', 'p-hq-approver')).steps).toEqual(none);
    expect((await detail('Q-R8-0002', 'p-ward-staff')).steps).toEqual({ ...none, withdraw: true });
    // Answered: nothing.
    expect((await detail('Q-R8-0001', 'p-ward-staff')).steps).toEqual(none);
  });

  it('withdraws with a reason and undoes it while unclaimed; releases and reassigns, each refused to the wrong person', async () => {
    const post = (path: string, personId: string, body: unknown = {}) =>
      fetch(`${app.url}${path}`, {
        method: 'POST',
        headers: { Authorization: `Demo ${personId}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    // Q-R8-0004 (介護保険課, nobody has taken it): a reason is required, then it can be undone.
    expect((await post('/api/inquiries/Q-R8-0004/withdraw', 'p-ward-staff', { reason: '  ' })).status).toBe(400);
    expect((await post('/api/inquiries/Q-R8-0004/withdraw', 'p-hq-responder', { reason: '不要' })).status).toBe(403);
    const withdrawn: InquiryDetail = await jsonOf(
      post('/api/inquiries/Q-R8-0004/withdraw', 'p-ward-staff', { reason: '自己解決しました' }),
    );
    expect(withdrawn.inquiry).toMatchObject({ status: 'withdrawn', withdrawal: { reason: '自己解決しました', by: 'p-ward-staff' } });
    expect(withdrawn.steps).toMatchObject({ withdraw: false, restore: true });
    const restored: InquiryDetail = await jsonOf(post('/api/inquiries/Q-R8-0004/restore', 'p-ward-staff'));
    expect(restored.inquiry).toMatchObject({ status: 'submitted', withdrawal: null });

    // Q-R8-0003 (claimed by 鈴木): only he gives it back, only the approver reassigns, and only to her department's responders.
    expect((await post('/api/inquiries/Q-R8-0003/release', 'p-hq-approver')).status).toBe(409);
    expect((await post('/api/inquiries/Q-R8-0003/assignee', 'p-hq-responder', { personId: 'p-hq-approver' })).status).toBe(403);
    expect((await post('/api/inquiries/Q-R8-0003/assignee', 'p-hq-approver', { personId: 'p-ward-staff' })).status).toBe(409);
    const released: InquiryDetail = await jsonOf(post('/api/inquiries/Q-R8-0003/release', 'p-hq-responder'));
    expect(released.inquiry).toMatchObject({ status: 'submitted', assigneeId: null });
    const reassigned: InquiryDetail = await jsonOf(
      post('/api/inquiries/Q-R8-0003/assignee', 'p-hq-approver', { personId: 'p-hq-approver' }),
    );
    expect(reassigned.inquiry).toMatchObject({ status: 'claimed', assigneeId: 'p-hq-approver' });
    const trail = await app.store.audit.list({
      objectType: 'inquiry',
      objectId: 'Q-R8-0003',
      actions: ['inquiry.release', 'inquiry.reassign', 'inquiry.refused'],
    });
    expect(trail.map((e) => e.action).sort()).toEqual(['inquiry.reassign', 'inquiry.refused', 'inquiry.release']);

    // Once claimed, a withdrawal is final (409 on undo).
    await jsonOf(post('/api/inquiries/Q-R8-0003/withdraw', 'p-ward-staff', { reason: '不要になりました' }));
    expect((await post('/api/inquiries/Q-R8-0003/restore', 'p-ward-staff')).status).toBe(409);
  });
});
