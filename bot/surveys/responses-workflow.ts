import { composeNotice, NOTICE_LIMITS } from '../notices';
import type { Actor } from '../platform/identity';
import { retryOnConflict } from '../store/retry-on-conflict';
import type { OpinionResponse, Survey } from './model';
import { opinionsOf, resultsBody, unanswered, validateResponse, type ResponseErrors } from './rules/responses';
import { sectionName, type Names } from './table';
import type { SurveyStepError, SurveyWorkflowDeps } from './workflow';

/**
 * 意見照会: HQ records its response to each ward section's opinion, then sends the opinions and
 * responses back to every ward section asked as a notice (意見照会結果), through the notices flow
 * so it is delivered, confirmed and followed up like any other notice.
 */

const notFound = (id: string): SurveyStepError => ({ error: `照会 ${id.slice(0, 20)} は見つかりません`, reason: 'notFound' });

/** 反映する / 反映しない + 理由 for one section's opinion on one question; the same again changes nothing. */
export async function recordOpinionResponse(
  deps: SurveyWorkflowDeps,
  actor: Actor,
  surveyId: string,
  departmentId: string,
  input: unknown,
): Promise<{ survey: Survey; response: OpinionResponse; changed: boolean } | SurveyStepError | { errors: ResponseErrors }> {
  return deps.store.transaction(async (tx) => {
    const survey = await tx.surveys.get(surveyId);
    if (!survey) return notFound(surveyId);
    if (!survey.sectionIds.includes(departmentId)) return { error: `この課は照会 ${survey.id} の照会先ではありません`, reason: 'notAsked' };
    // The wards have the results as sent; a changed response would no longer match them.
    if (survey.resultsNoticeId)
      return { error: `意見照会結果はお知らせ ${survey.resultsNoticeId} で送付済みのため、対応は変更できません`, reason: 'state' };
    const checked = validateResponse(survey, departmentId, opinionsOf(survey, await tx.surveys.listAnswers(survey.id)), input);
    if ('errors' in checked) return checked;
    const before = (await tx.surveys.listResponses(survey.id)).find(
      (r) => r.departmentId === departmentId && r.questionKey === checked.response.questionKey,
    );
    if (before && before.decision === checked.response.decision && before.reason === checked.response.reason)
      return { survey, response: before, changed: false };
    const response: OpinionResponse = {
      surveyId: survey.id,
      departmentId,
      ...checked.response,
      respondedBy: actor.person.id,
      respondedAt: deps.now().toISOString(),
    };
    await tx.surveys.saveResponse(response);
    await tx.audit.append({
      actorId: actor.person.id,
      action: 'survey.respond',
      objectType: 'survey',
      objectId: survey.id,
      detail: { sectionId: departmentId, questionKey: response.questionKey, decision: response.decision, before: before?.decision ?? null },
    });
    return { survey, response, changed: true };
  });
}

/**
 * 意見照会結果を送る: once every opinion has HQ's response, a 事務連絡 to every section asked with
 * the table of opinions and responses and a link back to the survey. Sent once: the notice's
 * id is kept on the survey, and pressing again (or retrying after a lost answer) returns it.
 */
export async function sendOpinionResults(
  deps: SurveyWorkflowDeps,
  actor: Actor,
  surveyId: string,
  names: Names,
): Promise<{ survey: Survey; noticeId: string; created: boolean } | SurveyStepError> {
  const survey = await deps.store.surveys.get(surveyId);
  if (!survey) return notFound(surveyId);
  if (survey.resultsNoticeId) return { survey, noticeId: survey.resultsNoticeId, created: false };
  if (survey.status === 'cancelled') return { error: `照会 ${survey.id} は取り消されています`, reason: 'cancelled' };
  const [answers, responses] = await Promise.all([deps.store.surveys.listAnswers(survey.id), deps.store.surveys.listResponses(survey.id)]);
  const opinions = opinionsOf(survey, answers);
  if (opinions.length === 0)
    return { error: `照会 ${survey.id} には、まだ区役所からの御意見（文章の回答）が届いていません`, reason: 'state' };
  const waiting = unanswered(opinions, responses);
  if (waiting.length > 0)
    return {
      error: `対応（反映する・反映しない）を記録していない御意見が ${waiting.length} 件あります。すべてに対応を記録してから送ってください`,
      reason: 'state',
    };
  const surveyLink = `${deps.tabUrl}#/surveys/${encodeURIComponent(survey.id)}`;
  const title = `意見照会結果：${survey.title}`;
  const composed = await composeNotice(
    deps,
    actor,
    {
      kind: '事務連絡',
      title: [...title].length > NOTICE_LIMITS.title ? `${[...title].slice(0, NOTICE_LIMITS.title - 1).join('')}…` : title,
      body: resultsBody(survey, opinions, responses, (id) => sectionName(names, id), surveyLink, NOTICE_LIMITS.body),
      audience: { wardSections: survey.sectionIds },
      ...(survey.manualId ? { manualIds: [survey.manualId] } : {}),
    },
    // One notice per survey, whoever of HQ presses (and however often).
    `survey-results-${survey.id}`,
  );
  if ('errors' in composed)
    return { error: `意見照会結果のお知らせを作れませんでした: ${Object.values(composed.errors).join(' ')}`, reason: 'state' };
  const noticeId = composed.notice.id;
  await retryOnConflict(async () => {
    const current = await deps.store.surveys.get(survey.id);
    if (!current || current.resultsNoticeId) return;
    await deps.store.transaction(async (tx) => {
      await tx.surveys.update({ ...current, resultsNoticeId: noticeId, updatedAt: deps.now().toISOString() }, current.updatedAt);
      await tx.audit.append({
        actorId: actor.person.id,
        action: 'survey.sendResults',
        objectType: 'survey',
        objectId: survey.id,
        detail: { noticeId },
      });
    });
  });
  return { survey: (await deps.store.surveys.get(survey.id)) ?? survey, noticeId, created: composed.created };
}
