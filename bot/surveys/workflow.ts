import { fiscalYearOf, japanDateOf } from '../platform/fiscal-calendar';
import type { Actor } from '../platform/identity';
import type { Logger } from '../platform/logger';
import { reachablePeople } from '../platform/outbox/messages';
import { resolveAudience } from '../platform/ward-audience';
import { sectionTargets } from '../platform/ward-delivery';
import { ConcurrencyConflictError, type Store, type StoreSession } from '../store/ports';
import type { Survey, SurveyAnswer } from './model';
import { validateAnswers, type AnswerErrors } from './rules/answers';
import { validateSurveyRequest, type SurveyErrors } from './rules/definition';
import { approveAnswer, initialAnswers, returnAnswer, saveAnswer, type AnswerOutcome } from './rules/sections';

/**
 * The 照会 flow's steps. Each is one store transaction (the records and the audit entry commit
 * together) and returns what changed; API routes (and, later, card handlers) call these and
 * nothing below them. Delivery cards and follow-up are not built yet (docs/flows.md).
 */

export interface SurveyWorkflowDeps {
  store: Store;
  logger: Logger;
  now: () => Date;
  tabUrl: string;
  /** Wakes the outbox dispatcher after new messages were queued. */
  nudge: () => void;
}

/**
 * Why a step was refused: notFound (404), notAsked (the section was not asked: 404), cancelled
 * and closed and state (409: withdrawn, a sent answer after the 回答期限, not waiting for approval).
 */
export type SurveyStepError = { error: string; reason: 'notFound' | 'notAsked' | 'cancelled' | 'closed' | 'state' };

const REFUSALS: Record<Exclude<AnswerOutcome, { answer: SurveyAnswer }>['refused'], (survey: Survey) => SurveyStepError> = {
  cancelled: (s) => ({ error: `照会 ${s.id} は取り消されています`, reason: 'cancelled' }),
  closed: (s) => ({
    error: `回答期限（${s.dueOn}）を過ぎたため、送付済みの回答は修正できません。照会元の課にご連絡ください`,
    reason: 'closed',
  }),
  state: (s) => ({ error: `照会 ${s.id} の回答は承認待ちではありません（既に処理されたか、内容が変わっています）`, reason: 'state' }),
};

const notFound = (id: string): SurveyStepError => ({ error: `照会 ${id.slice(0, 20)} は見つかりません`, reason: 'notFound' });

/**
 * Creates a survey from the form, the tab or the API: checked field by field (the manual must
 * exist, the audience must name at least one ward section), numbered S-R8-0001 in the fiscal
 * year, with a fresh answer row per section asked (unreachable where the bot has no way to it).
 * The same requestId again returns the survey made the first time.
 */
export async function createSurvey(
  deps: SurveyWorkflowDeps,
  sender: Actor,
  input: unknown,
  requestId: string,
): Promise<{ survey: Survey; answers: SurveyAnswer[]; created: boolean } | { errors: SurveyErrors }> {
  const now = deps.now();
  const today = japanDateOf(now);
  const checked = validateSurveyRequest(input, today);
  return deps.store.transaction(
    async (tx): Promise<{ survey: Survey; answers: SurveyAnswer[]; created: boolean } | { errors: SurveyErrors }> => {
      const earlier = await tx.surveys.findByRequest(sender.person.id, requestId);
      if (earlier) return { survey: earlier, answers: await tx.surveys.listAnswers(earlier.id), created: false };
      if ('errors' in checked) return checked;
      const { request } = checked;
      const errors: SurveyErrors = {};
      if (request.manualId && !(await tx.manuals.get(request.manualId)))
        errors.manualId = `登録されていないマニュアルです: ${request.manualId}`;
      const [departments, people, reachable] = await Promise.all([
        tx.departments.list(),
        tx.people.list(),
        reachablePeople(tx.conversations),
      ]);
      const resolved = resolveAudience(request.audience, departments);
      if ('error' in resolved) errors.audience = resolved.error;
      if (Object.keys(errors).length > 0 || 'error' in resolved) return { errors };
      const at = now.toISOString();
      const fiscalYear = fiscalYearOf(today);
      const survey: Survey = {
        id: await tx.surveys.allocateId(fiscalYear),
        fiscalYear,
        ...request,
        senderId: sender.person.id,
        senderDepartmentId: sender.department.id,
        status: 'open',
        sectionIds: resolved.sections.map((d) => d.id),
        requestId,
        createdAt: at,
        updatedAt: at,
      };
      const reach = { people: new Map(people.map((p) => [p.id, p])), reachable };
      const answers = initialAnswers(survey.id, resolved.sections, (d) => sectionTargets(reach, d).length > 0, at);
      await tx.surveys.insert(survey, answers);
      await tx.audit.append({
        actorId: sender.person.id,
        action: 'survey.create',
        objectType: 'survey',
        objectId: survey.id,
        detail: { sections: answers.length, questions: survey.questions.length, requiresWardApproval: survey.requiresWardApproval },
      });
      return { survey, answers, created: true };
    },
  );
}

/** Runs a step again (up to `attempts` times) while it loses an optimistic-concurrency race within one section. */
async function retryOnConflict<T>(step: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof ConcurrencyConflictError) || attempt >= attempts) throw error;
    }
  }
}

type AnswerStep = { survey: Survey; answer: SurveyAnswer; changed: boolean } | SurveyStepError;

/** Reads the survey and the section's answer, applies a rule, and saves what it changed with its audit entry. */
function answerStep(
  deps: SurveyWorkflowDeps,
  surveyId: string,
  departmentId: string,
  action: string,
  actorId: string,
  apply: (survey: Survey, answer: SurveyAnswer, at: string) => AnswerOutcome | { errors: AnswerErrors },
): Promise<AnswerStep | { errors: AnswerErrors }> {
  return retryOnConflict(() =>
    deps.store.transaction(async (tx: StoreSession): Promise<AnswerStep | { errors: AnswerErrors }> => {
      const survey = await tx.surveys.get(surveyId);
      if (!survey) return notFound(surveyId);
      const before = await tx.surveys.getAnswer(surveyId, departmentId);
      if (!before) return { error: `この課は照会 ${survey.id} の照会先ではありません`, reason: 'notAsked' };
      const outcome = apply(survey, before, deps.now().toISOString());
      if ('errors' in outcome) return outcome;
      if ('refused' in outcome) return REFUSALS[outcome.refused](survey);
      if (!outcome.changed) return { survey, answer: before, changed: false };
      await tx.surveys.saveAnswer(outcome.answer, before.updatedAt);
      await tx.audit.append({
        actorId,
        action,
        objectType: 'survey',
        objectId: survey.id,
        detail: { sectionId: departmentId, from: before.status, to: outcome.answer.status, version: outcome.answer.version },
      });
      return { survey, answer: outcome.answer, changed: true };
    }),
  );
}

/**
 * 下書き保存 (submit false) or 承認依頼 / 回答 (submit true) by a member of the section: every
 * value is checked against its question first (a message per key, nothing stored otherwise).
 */
export function saveSurveyAnswer(
  deps: SurveyWorkflowDeps,
  surveyId: string,
  departmentId: string,
  by: string,
  input: unknown,
  submit: boolean,
): Promise<AnswerStep | { errors: AnswerErrors }> {
  const today = japanDateOf(deps.now());
  return answerStep(deps, surveyId, departmentId, submit ? 'survey.submit' : 'survey.saveDraft', by, (survey, answer, at) => {
    const checked = validateAnswers(survey.questions, input, { submit });
    if ('errors' in checked) return checked;
    return saveAnswer(survey, answer, checked.answers, { submit, by, at, today });
  });
}

/** 承認 by the section's approver: the answer goes to HQ. */
export async function approveSurveyAnswer(
  deps: SurveyWorkflowDeps,
  surveyId: string,
  departmentId: string,
  by: string,
): Promise<AnswerStep> {
  const result = await answerStep(deps, surveyId, departmentId, 'survey.approve', by, (survey, answer, at) =>
    approveAnswer(survey, answer, by, at),
  );
  return 'errors' in result ? { error: '承認できません', reason: 'state' } : result;
}

/** 差戻し by the section's approver, with the reason. */
export async function returnSurveyAnswer(
  deps: SurveyWorkflowDeps,
  surveyId: string,
  departmentId: string,
  by: string,
  comment: string,
): Promise<AnswerStep> {
  const result = await answerStep(deps, surveyId, departmentId, 'survey.return', by, (survey, answer, at) =>
    returnAnswer(survey, answer, by, comment, at),
  );
  return 'errors' in result ? { error: '差し戻せません', reason: 'state' } : result;
}
