import fs from 'node:fs';
import { startApp, type RunningApp } from '../../bot/app';
import type { Analytics } from '../../bot/analytics/metrics';
import type { InquiryDetail, InquiryList } from '../../bot/inquiries/api-routes';
import { addBusinessDays, fiscalYearCode, fiscalYearOf, japanDateOf } from '../../bot/platform/fiscal-calendar';
import { DEMO_ANCHOR_DAY } from '../../bot/demo/demo-clock';
import { loadConfig } from '../../bot/platform/config';
import { make } from '../contract/fixtures';
import { silentLogger } from '../../bot/platform/logger';
import { jsonOf, tempDir } from '../support/processes';

/** GET /api/analytics on the real server with the demo data. */
describe('analytics API', () => {
  let app: RunningApp;
  let dataDir: string;
  const get = (path: string, personId?: string) =>
    fetch(`${app.url}${path}`, { headers: personId ? { Authorization: `Demo ${personId}` } : {} });

  beforeAll(async () => {
    dataDir = tempDir('renkei-analytics-');
    const config = loadConfig({ APP_DATA_DIR: dataDir, CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0', INQUIRY_DEADLINE_INTERVAL_SECONDS: '0' });
    config.port = 0;
    app = await startApp(config, silentLogger, { demoDay: DEMO_ANCHOR_DAY }); // the demo's quarters as written
  });
  afterAll(async () => {
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives the PMO every figure of the demo city, and nobody else', async () => {
    expect((await get('/api/analytics')).status).toBe(401);
    expect((await get('/api/analytics', 'p-ward-staff')).status).toBe(403);
    const all = (await jsonOf(await get('/api/analytics', 'p-pmo'))) as Analytics;
    expect(all.inquiries.total).toBe(4);
    expect(all.inquiries.deflections).toBe(3);
    expect(all.checkIns.map((q) => q.label)).toEqual(['R7年度 Q3', 'R7年度 Q4', 'R8年度 Q1', 'R8年度 Q2']);
    expect(all.checkIns.every((q) => q.weather.晴れ + q.weather.くもり + q.weather.雨 === q.answered)).toBe(true);
    expect(all.kpis.some((k) => k.points.length >= 3)).toBe(true);
    const r8 = (await jsonOf(await get('/api/analytics?fy=2026&department=hq-kaigo-hoken', 'p-admin'))) as Analytics;
    expect(r8.filter).toEqual({ fiscalYear: 2026, departmentId: 'hq-kaigo-hoken' });
    expect(r8.inquiries.total).toBe(1);
    expect(r8.checkIns.map((q) => q.label)).toEqual(['R8年度 Q1', 'R8年度 Q2']);
    for (const bad of ['?fy=R8', '?fy=1999', '?department=ward-kita-hoken-nenkin', '?department=nope'])
      expect((await get(`/api/analytics${bad}`, 'p-pmo')).status).toBe(400);
  });

  it('gives inquiries.onTimeRate exactly as the inquiry list counts it: answered on time ÷ (answered + open overdue)', async () => {
    // Inquiries in every state around the server's today, beside the demo's own.
    const today = japanDateOf(new Date());
    const day = (n: number) => addBusinessDays(today, n);
    const at = (date: string) => new Date(`${date}T10:00:00+09:00`).toISOString();
    const fiscalYear = fiscalYearOf(today);
    let n = 900;
    const add = async (fields: Parameters<typeof make.inquiry>[0]) => {
      const number = `Q-${fiscalYearCode(fiscalYear)}-0${++n}`;
      await app.store.inquiries.insert(
        make.inquiry({
          number,
          fiscalYear,
          askerId: 'p-ward-staff',
          askerDepartmentId: 'ward-kita-hoken-nenkin',
          updatedAt: at(today),
          ...fields,
        }),
      );
    };
    await add({
      createdAt: at(day(-6)),
      dueOn: day(-2),
      status: 'answered',
      answer: { text: '回答', answeredBy: 'p-hq-responder', approvedBy: null, answeredAt: at(day(-3)) },
    }); // on time
    await add({
      createdAt: at(day(-9)),
      dueOn: day(-5),
      status: 'shared',
      answer: { text: '回答', answeredBy: 'p-hq-responder', approvedBy: null, answeredAt: at(day(-4)) },
    }); // late
    await add({ createdAt: at(day(-7)), dueOn: day(-1), status: 'claimed', assigneeId: 'p-hq-responder' }); // open, overdue
    await add({
      createdAt: at(day(-2)),
      dueOn: day(3),
      status: 'drafted',
      assigneeId: 'p-hq-responder',
      targetDepartmentId: 'hq-kaigo-hoken',
    }); // open, not yet due
    await add({ createdAt: at(day(-8)), dueOn: day(-4), status: 'withdrawn', targetDepartmentId: 'hq-kaigo-hoken' }); // withdrawn
    await add({ createdAt: at(day(-5)), dueOn: day(-1), status: 'submitted', targetDepartmentId: 'hq-kaigo-hoken' }); // unclaimed, overdue
    await add({ createdAt: at(day(0)), dueOn: day(5), status: 'submitted' }); // unclaimed, just asked

    // Counted from GET /api/inquiries and each inquiry's page, not from the figures' code.
    const list = (await jsonOf(await get('/api/inquiries?scope=all&status=all', 'p-pmo'))) as InquiryList;
    const counts = new Map<string, { onTime: number; counted: number }>();
    const tally = (key: string, onTime: boolean) => {
      const c = counts.get(key) ?? { onTime: 0, counted: 0 };
      counts.set(key, { onTime: c.onTime + (onTime ? 1 : 0), counted: c.counted + 1 });
    };
    for (const item of list.items) {
      if (item.status === 'withdrawn') continue;
      const { inquiry } = (await jsonOf(await get(`/api/inquiries/${item.number}`, 'p-pmo'))) as InquiryDetail;
      const late = item.finished ? japanDateOf(new Date(inquiry.answer!.answeredAt)) > item.dueOn : item.overdue;
      if (!item.finished && !item.overdue) continue;
      for (const key of ['all', inquiry.targetDepartmentId]) tally(key, !late);
    }
    const share = (key: string) => {
      const c = counts.get(key);
      return c ? Math.round((c.onTime / c.counted) * 1000) / 10 : null;
    };
    expect(counts.get('all')!.counted).toBeGreaterThanOrEqual(4);

    const figures = (await jsonOf(await get('/api/analytics', 'p-pmo'))) as Analytics;
    expect(figures.asOf).toBe(today);
    expect(figures.inquiries.onTimeRate).toBe(share('all'));
    expect(figures.inquiries.onTime.counted).toBe(counts.get('all')!.counted);
    for (const department of figures.inquiries.byDepartment)
      expect([department.departmentId, department.onTimeRate]).toEqual([department.departmentId, share(department.departmentId)]);
    expect(figures.inquiries.backlog.unclaimed).toBe(list.items.filter((i) => i.status === 'submitted').length);
    expect(figures.inquiries.backlog.overdue).toBe(list.items.filter((i) => i.overdue).length);
  });

  it('counts a ruling each time it is opened', async () => {
    const before = ((await jsonOf(await get('/api/analytics', 'p-pmo'))) as Analytics).rulings.views;
    await get('/api/rulings/R-0005');
    await get('/api/rulings/R-0005', 'p-ward-staff');
    const after = (await jsonOf(await get('/api/analytics', 'p-pmo'))) as Analytics;
    expect(after.rulings.views).toBe(before + 2);
    const viewers = (await app.store.audit.list({ objectType: 'ruling', objectId: 'R-0005' })).map((e) => e.actorId);
    expect(viewers).toEqual(['p-ward-staff', 'anonymous']);
  });

  it("shows an initiative's history to its owner and the PMO only", async () => {
    const mine = (await jsonOf(await get('/api/analytics/initiatives/A1-2', 'p-ward-staff'))) as {
      checkIns: unknown[];
      kpis: { points: unknown[] }[];
    };
    expect(mine.checkIns.length).toBeGreaterThan(0);
    expect(mine.kpis[0].points.length).toBe(
      mine.checkIns.filter((c) => (c as { kpiActuals: { value: number | null }[] }).kpiActuals[0]?.value !== null).length,
    );
    expect((await get('/api/analytics/initiatives/A1-2', 'p-pmo')).status).toBe(200);
    expect((await get('/api/analytics/initiatives/A1-2', 'p-hq-responder')).status).toBe(403);
    expect((await get('/api/analytics/initiatives/ZZ-9', 'p-pmo')).status).toBe(404);
  });
});
