import fs from 'node:fs';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/platform/config';
import { silentLogger } from '../../bot/platform/logger';
import { jsonOf, tempDir } from '../support/processes';

/** GET /api/checkins/cycles and /api/checkins/:code/history on the real server with demo data. */
describe('check-in API', () => {
  let app: RunningApp;
  let dataDir: string;
  const get = (path: string, personId?: string) =>
    fetch(`${app.url}${path}`, { headers: personId ? { Authorization: `Demo ${personId}` } : {} });

  beforeAll(async () => {
    dataDir = tempDir('renkei-checkin-api-');
    const config = loadConfig({ APP_DATA_DIR: dataDir, CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0' });
    config.port = 0;
    app = await startApp(config, silentLogger);
    const first = {
      initiativeCode: 'A1-2',
      fiscalYear: 2026,
      quarter: 2 as const,
      progress: '遅れて回答',
      weather: 'くもり' as const,
      direction: '継続' as const,
      directionReason: '',
      nextActions: '',
      kpiActuals: [{ kpiId: 'A1-2-k1', value: 27 }],
      submittedBy: 'p-ward-staff',
      submittedAt: '2026-10-20T01:00:00.000Z',
      revision: 1,
      submissionId: 'api-1',
    };
    await app.store.checkIns.submit(first);
    await app.store.checkIns.submit({
      ...first,
      revision: 2,
      submissionId: 'api-2',
      weather: '雨',
      submittedBy: 'p-pmo',
      submittedAt: '2026-10-21T01:00:00.000Z',
    });
  });

  afterAll(async () => {
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the demo cycles newest first with their answer counts, for the PMO only', async () => {
    expect((await get('/api/checkins/cycles')).status).toBe(401);
    expect((await get('/api/checkins/cycles', 'p-ward-staff')).status).toBe(403);
    const cycles = (await jsonOf(await get('/api/checkins/cycles', 'p-pmo'))) as {
      fiscalYear: number;
      quarter: number;
      answered: number;
      initiatives: number;
      closedAt: string | null;
    }[];
    expect(cycles.map((c) => `${c.fiscalYear}Q${c.quarter}`)).toEqual(['2026Q2', '2026Q1', '2025Q4', '2025Q3']);
    const [q2] = cycles;
    expect(q2.initiatives).toBe(15);
    expect(q2.answered).toBe((await app.store.checkIns.listForQuarter(2026, 2)).length);
    expect(q2.closedAt).not.toBeNull();
  });

  it("gives an answer's revisions to its owner and the PMO, and to nobody else", async () => {
    const history = (await jsonOf(await get('/api/checkins/A1-2/history?fy=2026&q=2', 'p-ward-staff'))) as {
      revisions: { revision: number; weather: string; submittedBy: string }[];
    };
    expect(history.revisions.map((r) => [r.revision, r.weather, r.submittedBy])).toEqual([
      [1, 'くもり', 'p-ward-staff'],
      [2, '雨', 'p-pmo'],
    ]);
    expect((await get('/api/checkins/A1-2/history?fy=2026&q=2', 'p-pmo')).status).toBe(200);
    expect((await get('/api/checkins/A1-2/history?fy=2026&q=2', 'p-hq-responder')).status).toBe(403);
    expect((await get('/api/checkins/A1-2/history?fy=2026&q=9', 'p-pmo')).status).toBe(400);
    expect((await get('/api/checkins/NOPE-1/history?fy=2026&q=2', 'p-pmo')).status).toBe(404);
  });
});
