import { ensureAllowed } from '../platform/authorization';
import type { ApiRoute } from '../server/api-route';
import { HttpError } from '../server/http-errors';
import type { Store } from '../store/ports';
import { caseWordsOf } from '../inquiries/similar-cases';
import type { RulingSearch } from '../rulings/search/ruling-search';
import { loadAnalyticsInput } from './load';
import { computeRepeatedTopics } from './repeated-topics';
import { computeAnalytics, type AnalyticsFilter } from './metrics';
import { computeNoticeFigures } from './notice-metrics';
import { computeSurveyFigures } from './survey-metrics';
import { japanDateOf } from '../platform/fiscal-calendar';

/**
 * The PMO dashboard's data:
 * GET /api/analytics?fy=2026&department=hq-hoken-nenkin — every figure, for the PMO and admins (repeatedTopics:
 *   topics asked repeatedly without a shared ruling, analytics/repeated-topics.ts);
 * GET /api/analytics/initiatives/:code — one initiative's check-in history and KPI trends, for its owner too.
 */
export function analyticsRoutes(deps: { store: Store; search: Pick<RulingSearch, 'prepare'> }): ApiRoute[] {
  return [
    {
      method: 'get',
      path: '/api/analytics',
      auth: 'dashboard.view',
      handle: async ({ query }) => {
        const filter = await parseFilter(deps.store, query);
        const input = await loadAnalyticsInput(deps.store);
        // お知らせ figures beside the others (a new key; the existing ones unchanged).
        const notices = computeNoticeFigures(await deps.store.notices.list(), input.departments, japanDateOf(new Date()), filter);
        // 全区照会 figures, a new key too.
        const surveys = computeSurveyFigures(await loadSurveys(deps.store), input.departments, japanDateOf(new Date()), filter);
        // 繰り返し寄せられる照会 without a shared ruling, a new key too.
        const repeatedTopics = computeRepeatedTopics(input.inquiries, (i) => caseWordsOf(deps.search, i), input.departments, filter);
        return { ...computeAnalytics(input, filter), notices, surveys, repeatedTopics };
      },
    },
    {
      method: 'get',
      path: '/api/analytics/initiatives/:code',
      auth: 'user',
      handle: async ({ actor, params }) => {
        const initiative = await deps.store.initiatives.get(params.code);
        if (!initiative) throw new HttpError(404, 'NotFound', `施策 ${params.code.slice(0, 40)} は登録されていません (no such initiative)`);
        ensureAllowed(actor, 'checkin.view', { type: 'initiative', ownerId: initiative.ownerId });
        const checkIns = await deps.store.checkIns.listForInitiative(initiative.code);
        const input = { ...(await loadAnalyticsInput(deps.store)), initiatives: [initiative] };
        return { initiative, checkIns, kpis: computeAnalytics(input).kpis };
      },
    },
  ];
}

async function parseFilter(store: Store, query: URLSearchParams): Promise<AnalyticsFilter> {
  const filter: AnalyticsFilter = {};
  const fy = query.get('fy');
  if (fy !== null && fy !== '') {
    if (!/^\d{4}$/.test(fy) || Number(fy) < 2019 || Number(fy) > 2100)
      throw new HttpError(400, 'BadQuery', '年度は 2019〜2100 の西暦で指定してください（R8年度は 2026） (fy must be 2019-2100)');
    filter.fiscalYear = Number(fy);
  }
  const department = query.get('department');
  if (department !== null && department !== '') {
    const found = await store.departments.get(department.slice(0, 64));
    if (!found || found.kind !== 'hq')
      throw new HttpError(400, 'BadQuery', '所管課は本庁の部署 id で指定してください (department must be an HQ department id)');
    filter.departmentId = found.id;
  }
  return filter;
}

/** Every survey with its sections' answers (a city's few hundred surveys a year fit in memory). */
async function loadSurveys(store: Store) {
  const surveys = await store.surveys.list();
  return Promise.all(surveys.map(async (survey) => ({ survey, answers: await store.surveys.listAnswers(survey.id) })));
}
