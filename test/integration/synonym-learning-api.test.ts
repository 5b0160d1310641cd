import fs from 'node:fs';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/platform/config';
import { silentLogger } from '../../bot/platform/logger';
import type { SynonymCandidate } from '../../bot/rulings/synonym-learning/candidates';
import type { Department, Person } from '../../bot/directory/model';
import { recordSearchResolved, type InquiryWorkflowDeps } from '../../bot/inquiries/workflow';
import type { Actor } from '../../bot/platform/identity';
import { demoApi, startDemoApp } from '../support/demo-api';

type Review = { candidates: SynonymCandidate[]; accepted: { word: string; term: string; rulingId: string; acceptedBy: string }[] };

/**
 * Learned synonyms on the real server (SQLite, demo data): a ruling opened from the tab's results
 * for a query with a word the ruling lacks makes a candidate; an administrator accepts it and the
 * next search finds the ruling by that word, without a restart; everything re-checked on the server.
 */
describe('learned synonyms API', () => {
  let app: RunningApp;
  let dataDir: string;
  const { get, post } = demoApi(() => app.url);
  const review = async (who = 'p-admin') => (await (await get('/api/synonyms/candidates', who)).json()) as Review;
  // status=all: R-0002 was superseded by R-0013 (both about a lost 保険証).
  const searchIds = async (q: string) =>
    ((await (await get(`/api/rulings?q=${encodeURIComponent(q)}&limit=10&status=all`, 'p-ward-staff')).json()) as { id: string }[]).map(
      (r) => r.id,
    );

  beforeAll(async () => {
    ({ app, dataDir } = await startDemoApp('renkei-synonyms-api-'));
  }, 60_000);

  afterAll(async () => {
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets administrators only see and decide candidates', async () => {
    expect((await get('/api/synonyms/candidates')).status).toBe(401);
    for (const who of ['p-ward-staff', 'p-pmo', 'p-hq-approver']) {
      expect((await get('/api/synonyms/candidates', who)).status).toBe(403);
      const refused = await post('/api/synonyms/decisions', who, { word: 'ろすと', rulingId: 'R-0002', decision: 'reject' });
      expect(refused.status).toBe(403);
    }
    expect((await get('/api/synonyms/candidates', 'p-admin')).status).toBe(200);
  });

  it('learns a candidate from rulings opened from a search, counted once per person, and leaves out words the ruling has', async () => {
    expect(await searchIds('ロスト')).toEqual([]);
    for (const who of ['p-ward-staff', 'p-ward-staff', 'p-ward-manager'])
      expect((await get(`/api/rulings/R-0002?q=${encodeURIComponent('保険証 ロスト')}`, who)).status).toBe(200);
    // Without the search's query, opening a ruling teaches nothing.
    expect((await get('/api/rulings/R-0005', 'p-ward-staff')).status).toBe(200);
    const { candidates } = await review();
    const candidate = candidates.find((c) => c.rulingId === 'R-0002');
    expect(candidate).toMatchObject({
      word: 'ろすと',
      rulingTitle: '国民健康保険被保険者証を紛失した場合の再交付',
      count: 2,
      queries: ['保険証 ロスト'],
    });
    expect(candidate?.terms).toEqual(expect.arrayContaining(['紛失', '再交付']));
    expect(Date.parse(candidate?.lastSeen ?? '')).toBeGreaterThan(Date.now() - 60_000);
    // 保険証 is in the ruling (as 被保険者証, its synonym): not a candidate.
    expect(candidates.filter((c) => c.rulingId === 'R-0002').map((c) => c.word)).toEqual(['ろすと']);
  });

  it('learns from これで解決した under a chat search too (the best ruling shown)', async () => {
    const asker = await actorOf(app, 'p-ward-staff');
    await recordSearchResolved({ store: app.store } as InquiryWorkflowDeps, asker, '老人ホーム モフモフ', ['R-0006', 'R-0016']);
    const learned = (await review()).candidates.filter((c) => c.word === 'もふもふ');
    expect(learned.map((c) => [c.rulingId, c.count, c.queries])).toEqual([['R-0006', 1, ['老人ホーム モフモフ']]]);
  });

  it('names every bad field and refuses terms the ruling does not offer', async () => {
    const bad = await post('/api/synonyms/decisions', 'p-admin', { word: '', rulingId: 'x'.repeat(51), decision: 'maybe' });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { fields: Record<string, string> } };
    expect(Object.keys(body.error.fields).sort()).toEqual(['decision', 'rulingId', 'word']);
    expect((await post('/api/synonyms/decisions', 'p-admin', 'not json')).status).toBe(400);
    const foreignTerm = await post('/api/synonyms/decisions', 'p-admin', {
      word: 'ろすと',
      rulingId: 'R-0002',
      decision: 'accept',
      term: '生活保護',
    });
    expect(foreignTerm.status).toBe(400);
    const unknown = await post('/api/synonyms/decisions', 'p-admin', { word: 'ぴよ', rulingId: 'R-0002', decision: 'reject' });
    expect(unknown.status).toBe(404);
    expect((await review()).candidates.some((c) => c.word === 'ろすと')).toBe(true);
  });

  it('accepts a pair: audited, gone from the candidates, and the next search finds the ruling by the word', async () => {
    const accepted = await post('/api/synonyms/decisions', 'p-admin', {
      word: 'ろすと',
      rulingId: 'R-0002',
      decision: 'accept',
      term: '紛失',
    });
    expect(accepted.status).toBe(200);
    expect(await searchIds('ロスト')).toEqual(expect.arrayContaining(['R-0002', 'R-0013']));
    const after = await review();
    expect(after.candidates.some((c) => c.word === 'ろすと')).toBe(false);
    expect(after.accepted[0]).toMatchObject({ word: 'ろすと', typed: 'ロスト', term: '紛失', rulingId: 'R-0002', acceptedBy: 'p-admin' });
    const audit = await app.store.audit.list({ actions: ['synonym.accepted'] });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: 'p-admin', detail: { word: 'ろすと', term: '紛失', rulingId: 'R-0002', count: 2 } });
    const again = await post('/api/synonyms/decisions', 'p-admin', { word: 'ろすと', rulingId: 'R-0002', decision: 'reject' });
    expect(again.status).toBe(409);
  });

  it('rejects a candidate: audited, gone for good, the search unchanged', async () => {
    await get(`/api/rulings/R-0005?q=${encodeURIComponent('区長 ポンポン')}`, 'p-ward-staff');
    const candidate = (await review()).candidates.find((c) => c.rulingId === 'R-0005');
    expect(candidate?.word).toBe('ぽんぽん');
    const rejected = await post('/api/synonyms/decisions', 'p-admin', { word: 'ぽんぽん', rulingId: 'R-0005', decision: 'reject' });
    expect(rejected.status).toBe(200);
    await get(`/api/rulings/R-0005?q=${encodeURIComponent('区長 ポンポン 公印')}`, 'p-ward-manager');
    expect((await review()).candidates.some((c) => c.word === 'ぽんぽん')).toBe(false);
    expect(await app.store.audit.list({ actions: ['synonym.rejected'] })).toHaveLength(1);
    expect(await searchIds('ポンポン')).toEqual([]);
  });

  it('keeps accepted pairs across a restart (read back from the audit trail)', async () => {
    await app.stop();
    app = await restartOn(dataDir);
    expect(await searchIds('ロスト')).toEqual(expect.arrayContaining(['R-0002', 'R-0013']));
    expect(await searchIds('ポンポン')).toEqual([]);
  });
});

async function actorOf(app: RunningApp, personId: string): Promise<Actor> {
  const person = (await app.store.people.get(personId)) as Person;
  const department = (await app.store.departments.get(person.departmentId)) as Department;
  return { person, department, roles: new Set(person.roles) };
}

/** The app again on the same SQLite folder, as after a restart. */
async function restartOn(dataDir: string): Promise<RunningApp> {
  const config = loadConfig({ APP_DATA_DIR: dataDir, CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0', INQUIRY_DEADLINE_INTERVAL_SECONDS: '0' });
  config.port = 0;
  return startApp(config, silentLogger);
}
