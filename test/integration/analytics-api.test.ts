import fs from 'node:fs';
import { startApp, type RunningApp } from '../../bot/app';
import type { Analytics } from '../../bot/analytics/metrics';
import { loadConfig } from '../../bot/platform/config';
import { silentLogger } from '../../bot/platform/logger';
import { jsonOf, tempDir } from '../support/processes';

/** GET /api/analytics on the real server with the demo data. */
describe('analytics API', () => {
  let app: RunningApp;
  let dataDir: string;
  const get = (path: string, personId?: string) => fetch(`${app.url}${path}`, { headers: personId ? { Authorization: `Demo ${personId}` } : {} });

  beforeAll(async () => {
    dataDir = tempDir('renkei-analytics-');
    const config = loadConfig({ APP_DATA_DIR: dataDir, CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0', INQUIRY_DEADLINE_INTERVAL_SECONDS: '0' });
    config.port = 0;
    app = await startApp(config, silentLogger);
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
    for (const bad of ['?fy=R8', '?fy=1999', '?department=ward-kita-hoken-nenkin', '?department=nope']) expect((await get(`/api/analytics${bad}`, 'p-pmo')).status).toBe(400);
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

  it('shows an initiative\'s history to its owner and the PMO only', async () => {
    const mine = (await jsonOf(await get('/api/analytics/initiatives/A1-2', 'p-ward-staff'))) as { checkIns: unknown[]; kpis: { points: unknown[] }[] };
    expect(mine.checkIns.length).toBeGreaterThan(0);
    expect(mine.kpis[0].points.length).toBe(mine.checkIns.filter((c) => (c as { kpiActuals: { value: number | null }[] }).kpiActuals[0]?.value !== null).length);
    expect((await get('/api/analytics/initiatives/A1-2', 'p-pmo')).status).toBe(200);
    expect((await get('/api/analytics/initiatives/A1-2', 'p-hq-responder')).status).toBe(403);
    expect((await get('/api/analytics/initiatives/ZZ-9', 'p-pmo')).status).toBe(404);
  });
});
