import { ensureAllowed } from '../platform/authorization';
import type { Actor } from '../platform/identity';
import { JsonResponse, type ApiRoute } from '../server/api-route';
import { HttpError } from '../server/http-errors';
import { existing, fieldError, guard, namesOf, stepResult, viewFor } from './api-routes';
import { recordOpinionResponse, sendOpinionResults } from './responses-workflow';
import type { Survey } from './model';
import type { SurveyWorkflowDeps } from './workflow';

/**
 * 意見照会 on HQ's side (issue 20, part 4):
 * PUT  /api/surveys/:id/responses/:departmentId {"questionKey","decision":"adopt"|"reject","reason"}
 *      — HQ's response to that section's opinion on that question → 200 SurveyView (with `responses`);
 *      400 naming each bad field; 403 for anyone but the asking department's responders and approvers (and admins).
 * POST /api/surveys/:id/results — 意見照会結果: the opinions and responses to every section asked, as a
 *      notice → 201 {"noticeId","survey"} (200 with the same notice when already sent); 409 while an opinion has no response.
 */

const SECTION_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** The survey, once the caller may respond for HQ (403, audited, otherwise); anyone who may not read it gets 404. */
async function forHq(deps: SurveyWorkflowDeps, actor: Actor, id: string | undefined): Promise<Survey> {
  const survey = await existing(deps.store, id);
  await guard(deps, actor, survey, 'survey.respond');
  return survey;
}

export function surveyResponseRoutes(deps: SurveyWorkflowDeps): ApiRoute[] {
  return [
    {
      method: 'put',
      path: '/api/surveys/:id/responses/:departmentId',
      auth: 'user',
      handle: async ({ actor, params, body }) => {
        const survey = await forHq(deps, actor, params.id);
        const departmentId = params.departmentId ?? '';
        if (!SECTION_ID.test(departmentId) || !survey.sectionIds.includes(departmentId))
          throw new HttpError(404, 'NotFound', `この課は照会 ${survey.id} の照会先ではありません (no such section)`);
        const result = await recordOpinionResponse(deps, actor, survey.id, departmentId, body);
        if ('errors' in result) throw fieldError(result.errors);
        stepResult(result);
        return viewFor(deps.store, actor, survey);
      },
    },
    {
      method: 'post',
      path: '/api/surveys/:id/results',
      auth: 'user',
      handle: async ({ actor, params }) => {
        const survey = await forHq(deps, actor, params.id);
        // The results go out as a notice: the caller must be one who may write notices.
        ensureAllowed(actor, 'notice.compose', { type: 'none' });
        const result = await sendOpinionResults(deps, actor, survey.id, await namesOf(deps.store));
        stepResult(result);
        const view = await viewFor(deps.store, actor, result.survey);
        return new JsonResponse(result.created ? 201 : 200, { noticeId: result.noticeId, survey: view });
      },
    },
  ];
}
