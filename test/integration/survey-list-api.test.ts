import fs from 'node:fs';
import type { RunningApp } from '../../bot/app';
import type { Department } from '../../bot/directory/model';
import { addBusinessDays, japanDateOf } from '../../bot/platform/fiscal-calendar';
import type { SurveyListItem, SurveyView } from '../../bot/surveys/api-routes';
import { demoApi, startDemoApp } from '../support/demo-api';
import { jsonOf } from '../support/processes';

const KITA = 'ward-kita-hoken-nenkin';
const NISHI = 'ward-nishi-hoken-nenkin';

/** GET /api/surveys as the tab lists it: 回答 x/y, 期限超過 and the filters (分野, 年度, 未回答のみ), each parameter checked. */
describe('survey list API', () => {
  let app: RunningApp;
  let dataDir: string;
  const today = japanDateOf(new Date());
  const { post, put, get } = demoApi(() => app.url);
  const ids = { open: '', done: '' };
  const items = async (query: string, who = 'p-hq-responder'): Promise<SurveyListItem[]> =>
    (await jsonOf(get(`/api/surveys${query}`, who))).items;

  beforeAll(async () => {
    ({ app, dataDir } = await startDemoApp('renkei-survey-list-'));
    const departments = await app.store.departments.list();
    const update = (id: string, change: Partial<Department>) =>
      app.store.departments.upsert({ ...(departments.find((d) => d.id === id) as Department), ...change });
    await update(KITA, { categories: ['国民健康保険'] });
    await update(NISHI, { categories: ['国民年金'] });
    const base = {
      purpose: '件数',
      requiresWardApproval: false,
      questions: [{ key: 'cases', label: '件数', type: 'number', required: true }],
    };
    ids.open = (
      (await jsonOf(
        post('/api/surveys', 'p-hq-responder', { ...base, title: '未回答あり', audience: { wardSections: [KITA, NISHI] } }),
      )) as SurveyView
    ).id;
    ids.done = (
      (await jsonOf(
        post('/api/surveys', 'p-hq-responder', { ...base, title: '回答済み', audience: { wardSections: [KITA] } }),
      )) as SurveyView
    ).id;
    await put(`/api/surveys/${ids.done}/answers/${KITA}`, 'p-ward-staff', { answers: { cases: 3 }, submit: true });
    await put(`/api/surveys/${ids.open}/answers/${KITA}`, 'p-ward-staff', { answers: { cases: 1 }, submit: true });
    // The open one's 回答期限 has passed (set in the store: the API refuses a deadline in the past).
    const open = (await app.store.surveys.get(ids.open))!;
    await app.store.surveys.update({ ...open, dueOn: addBusinessDays(today, -1) }, open.updatedAt);
  });

  afterAll(async () => {
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("gives HQ each survey's 回答 x/y, 期限超過 and 分野, and a ward person their own status", async () => {
    const hq = await items('');
    expect(hq.find((i) => i.id === ids.open)).toMatchObject({
      answered: 1,
      total: 2,
      overdue: true,
      categories: ['国民健康保険', '国民年金'],
    });
    expect(hq.find((i) => i.id === ids.done)).toMatchObject({ answered: 1, total: 1, overdue: false, categories: ['国民健康保険'] });
    const ward = await items('', 'p-ward-staff');
    expect(ward.map((i) => [i.id, i.myStatus, i.answered, i.overdue])).toEqual(
      expect.arrayContaining([
        [ids.open, 'answered', undefined, false],
        [ids.done, 'answered', undefined, false],
      ]),
    );
  });

  it('filters by 分野, 年度 and 未回答のみ', async () => {
    const fy = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 4 ? 1 : 0);
    const idsOf = async (query: string) => (await items(query)).map((i) => i.id).sort();
    expect(await idsOf('?category=国民年金')).toEqual([ids.open]);
    expect(await idsOf('?unanswered=1')).toEqual([ids.open]);
    expect(await idsOf(`?fy=${fy}`)).toEqual([ids.open, ids.done].sort());
    expect(await idsOf(`?fy=${fy - 1}`)).toEqual([]);
    // A ward section that has answered both has nothing left to answer.
    expect((await items('?unanswered=1', 'p-ward-staff')).map((i) => i.id)).toEqual([]);
  });

  it('answers 400 naming a bad parameter', async () => {
    for (const [query, field] of [
      ['?fy=26', 'fy'],
      ['?fy=abcd', 'fy'],
      [`?category=${'あ'.repeat(51)}`, 'category'],
      ['?unanswered=yes', 'unanswered'],
    ]) {
      const response = await get(`/api/surveys${encodeURI(query)}`, 'p-hq-responder');
      expect(response.status).toBe(400);
      expect(Object.keys((await jsonOf(response)).error.fields)).toEqual([field]);
    }
  });
});
