import { addBusinessDays, fiscalYearOf, japanDateOf } from '../platform/fiscal-calendar';
import type { Actor } from '../platform/identity';
import type { Logger } from '../platform/logger';
import { reachablePeople } from '../platform/outbox/messages';
import { resolveAudience } from '../platform/ward-audience';
import { sectionTargets } from '../platform/ward-delivery';
import type { Store, StoreSession } from '../store/ports';
import { retryOnConflict } from '../store/retry-on-conflict';
import { loadSectionContext, loadSurveyContext } from './context';
import { hqCardBursts, inBurst } from './hq-card-bursts';
import { surveyOutboxKey } from './outbox-keys';
import { answeredStamp, answerEffects, deliveryEffects, followUpEffects, senderCardEffects, surveyChangeEffects } from './effects';
import type { Survey, SurveyAnswer } from './model';
import type { Names } from './table';
import { validateAnswers, type AnswerErrors } from './rules/answers';
import { validateSurveyRequest, type SurveyErrors } from './rules/definition';
import { checkExtension, followUpFor } from './rules/follow-up';
import { approveAnswer, initialAnswers, returnAnswer, saveAnswer, sentAnswerOf, type AnswerOutcome } from './rules/sections';

/**
 * The 照会 flow's steps. Each is one store transaction (the records and the audit entry commit
 * together) and returns what changed; API routes (and, later, card handlers) call these and
 * nothing below them. The messages a step causes (the sections' cards, HQ's card, reminders) are
 * queued in the same transaction, so nothing is half-sent.
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
 * and closed and state (409: withdrawn, a sent answer after the 回答期限, not waiting for approval),
 * stale (409: the card pressed showed an earlier version of the answer), invalid (400: a new
 * 回答期限 that is not fit).
 */
export type SurveyStepError = {
  error: string;
  reason: 'notFound' | 'notAsked' | 'cancelled' | 'closed' | 'state' | 'stale' | 'invalid';
};

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
  const result = await deps.store.transaction(
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
      // One card per reachable section and HQ's card, in the same transaction as the survey.
      const context = await loadSurveyContext(tx, survey, deps.tabUrl, []);
      for (const message of deliveryEffects(survey, answers, context, today)) await tx.outbox.enqueue(message);
      return { survey, answers, created: true };
    },
  );
  if ('survey' in result && result.created) deps.nudge();
  return result;
}

/**
 * The card a press came from: `version`, the answer's updatedAt it showed (a different one is
 * stale); `conversationKey`, where it is when that is a person's own chat (the turn's answer
 * redraws it, so no update is queued for it).
 */
export interface PressedCard {
  version?: string;
  conversationKey?: string;
}

/** A step's result; `names` is the directory the step read for its cards, so a handler draws its own card without reading it again. */
type AnswerStep = { survey: Survey; answer: SurveyAnswer; changed: boolean; names?: Names } | SurveyStepError;

/** Reads the survey and the section's answer, applies a rule, and saves what it changed with its audit entry. */
async function answerStep(
  deps: SurveyWorkflowDeps,
  surveyId: string,
  departmentId: string,
  action: string,
  actorId: string,
  apply: (survey: Survey, answer: SurveyAnswer, at: string) => AnswerOutcome | { errors: AnswerErrors },
  card: PressedCard = {},
): Promise<AnswerStep | { errors: AnswerErrors }> {
  const today = japanDateOf(deps.now());
  const result = await retryOnConflict(() =>
    deps.store.transaction(async (tx: StoreSession): Promise<AnswerStep | { errors: AnswerErrors }> => {
      const survey = await tx.surveys.get(surveyId);
      if (!survey) return notFound(surveyId);
      const before = await tx.surveys.getAnswer(surveyId, departmentId);
      if (!before) return { error: `この課は照会 ${survey.id} の照会先ではありません`, reason: 'notAsked' };
      const outcome = apply(survey, before, deps.now().toISOString());
      if ('errors' in outcome) return outcome;
      if ('refused' in outcome) return REFUSALS[outcome.refused](survey);
      if (!outcome.changed) return { survey, answer: before, changed: false };
      // A card showing an earlier version (someone else saved, submitted or approved since): nothing is changed.
      if (card.version !== undefined && card.version !== before.updatedAt)
        return { error: `照会 ${survey.id} の回答は、このカードを表示した後に更新されています`, reason: 'stale' };
      await tx.surveys.saveAnswer(outcome.answer, before.updatedAt);
      await tx.audit.append({
        actorId,
        action,
        objectType: 'survey',
        objectId: survey.id,
        detail: { sectionId: departmentId, from: before.status, to: outcome.answer.status, version: outcome.answer.version },
      });
      const after = outcome.answer;
      // HQ's card only changes when a section's first answer reaches HQ; only then is every row read.
      const reachedHq = sentAnswerOf(before) === null && sentAnswerOf(after) !== null;
      // In a burst seen by this instance the rows are not even read; the catch-up decides from the store.
      const burstHere = reachedHq && hqCardBursts.answered(survey.id, deps.now());
      const answers = reachedHq && !burstHere ? await tx.surveys.listAnswers(survey.id) : [];
      const hqAnswers = reachedHq && !burstHere && !inBurst(answers, departmentId, deps.now()) ? answers : null;
      if (reachedHq && !hqAnswers) hqCardBursts.leave(survey.id);
      const context = await loadSectionContext(tx, survey, deps.tabUrl, departmentId, {
        senderCard: hqAnswers !== null,
        reach: after.status === 'awaitingApproval' || after.status === 'returned',
        pressedIn: card.conversationKey,
      });
      for (const message of answerEffects(survey, after, hqAnswers, context, today, card.conversationKey)) await tx.outbox.enqueue(message);
      return { survey, answer: after, changed: true, names: context };
    }),
  );
  if ('changed' in result && result.changed) deps.nudge();
  return result;
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
  card: PressedCard = {},
): Promise<AnswerStep | { errors: AnswerErrors }> {
  const today = japanDateOf(deps.now());
  return answerStep(
    deps,
    surveyId,
    departmentId,
    submit ? 'survey.submit' : 'survey.saveDraft',
    by,
    (survey, answer, at) => {
      const checked = validateAnswers(survey.questions, input, { submit });
      if ('errors' in checked) return checked;
      return saveAnswer(survey, answer, checked.answers, { submit, by, at, today });
    },
    card,
  );
}

/** 承認 by the section's approver: the answer goes to HQ. */
export async function approveSurveyAnswer(
  deps: SurveyWorkflowDeps,
  surveyId: string,
  departmentId: string,
  by: string,
  card: PressedCard = {},
): Promise<AnswerStep> {
  const result = await answerStep(
    deps,
    surveyId,
    departmentId,
    'survey.approve',
    by,
    (survey, answer, at) => approveAnswer(survey, answer, by, at),
    card,
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
  card: PressedCard = {},
): Promise<AnswerStep> {
  const result = await answerStep(
    deps,
    surveyId,
    departmentId,
    'survey.return',
    by,
    (survey, answer, at) => returnAnswer(survey, answer, by, comment, at),
    card,
  );
  return 'errors' in result ? { error: '差し戻せません', reason: 'state' } : result;
}

type SurveyStep = { survey: Survey; answers: SurveyAnswer[]; changed: boolean } | SurveyStepError;

/** Changes the survey itself (延長, 取消) with its audit entry, redraws every card and tells the sections. */
async function surveyStep(
  deps: SurveyWorkflowDeps,
  surveyId: string,
  by: string,
  action: 'survey.extend' | 'survey.cancel',
  change: (survey: Survey, at: string) => { survey: Survey; changed: boolean } | SurveyStepError,
): Promise<SurveyStep> {
  const now = deps.now();
  const today = japanDateOf(now);
  const result = await retryOnConflict(() =>
    deps.store.transaction(async (tx): Promise<SurveyStep> => {
      const before = await tx.surveys.get(surveyId);
      if (!before) return notFound(surveyId);
      const outcome = change(before, now.toISOString());
      if ('error' in outcome) return outcome;
      const answers = await tx.surveys.listAnswers(before.id);
      if (!outcome.changed) return { survey: before, answers, changed: false };
      const after = outcome.survey;
      await tx.surveys.update(after, before.updatedAt);
      await tx.audit.append({
        actorId: by,
        action,
        objectType: 'survey',
        objectId: after.id,
        detail: action === 'survey.extend' ? { from: before.dueOn, to: after.dueOn } : { from: before.status, to: after.status },
      });
      const context = await loadSurveyContext(tx, after, deps.tabUrl);
      const effects = surveyChangeEffects(after, answers, context, today, action === 'survey.extend' ? 'extended' : 'cancelled');
      for (const message of effects) await tx.outbox.enqueue(message);
      return { survey: after, answers, changed: true };
    }),
  );
  if ('survey' in result && result.changed) deps.nudge();
  return result;
}

/** 回答期限の延長 by HQ: a later date; the sections still owing an answer are told, and reminders start over. */
export function extendSurvey(deps: SurveyWorkflowDeps, surveyId: string, by: string, dueOn: unknown): Promise<SurveyStep> {
  const today = japanDateOf(deps.now());
  return surveyStep(deps, surveyId, by, 'survey.extend', (survey, at) => {
    if (survey.status === 'cancelled') return REFUSALS.cancelled(survey);
    // The same date again (a double press) changes nothing.
    if (typeof dueOn === 'string' && dueOn.trim() === survey.dueOn) return { survey, changed: false };
    const checked = checkExtension(survey, dueOn, today);
    if ('error' in checked) return { error: checked.error, reason: 'invalid' };
    return { survey: { ...survey, dueOn: checked.dueOn, updatedAt: at }, changed: true };
  });
}

/** 取消 by HQ: every section's card says so and takes no more answers; a second press changes nothing. */
export function cancelSurvey(deps: SurveyWorkflowDeps, surveyId: string, by: string): Promise<SurveyStep> {
  return surveyStep(deps, surveyId, by, 'survey.cancel', (survey, at) =>
    survey.status === 'cancelled'
      ? { survey, changed: false }
      : { survey: { ...survey, status: 'cancelled', updatedAt: at }, changed: true },
  );
}

/**
 * The follow-up pass (run by every instance): on the business day before the 回答期限 the
 * sections without a sent answer are reminded, after it again and their managers told. Keys make
 * each happen once per survey, deadline and section; returns how many messages were queued.
 */
export async function queueSurveyFollowUps(store: Store, now: Date, tabUrl: string): Promise<number> {
  const today = japanDateOf(now);
  const due: { survey: Survey; plan: NonNullable<ReturnType<typeof followUpFor>> }[] = [];
  const open = await store.surveys.list({ status: 'open' });
  for (const survey of open) {
    // Nothing is due before the business day ahead of the deadline: most surveys are skipped without reading their answers.
    if (addBusinessDays(survey.dueOn, -1) > today) continue;
    const plan = followUpFor(survey, await store.surveys.listAnswers(survey.id), today);
    if (plan) due.push({ survey, plan });
  }
  if (due.length === 0) return 0;
  let queued = 0;
  await store.transaction(async (tx) => {
    const known = new Set(await tx.conversations.listKeys());
    for (const { survey, plan } of due) {
      const context = await loadSurveyContext(tx, survey, tabUrl, []);
      // Only where the bot can reach: a message to nobody would only die in the outbox.
      for (const message of followUpEffects(survey, context, plan))
        if ((message.conversationKey.startsWith('channel:') || known.has(message.conversationKey)) && (await tx.outbox.enqueue(message)))
          queued += 1;
    }
  });
  return queued;
}

/**
 * Catches up HQ's cards this instance left behind in a burst of answers (hq-card-bursts.ts): once
 * no answer has reached HQ for BURST_MS, the card is drawn with the current count (the count in the
 * key makes it once). Run periodically; returns how many updates were queued.
 */
export async function refreshSenderCards(store: Store, now: Date, tabUrl: string): Promise<number> {
  const today = japanDateOf(now);
  let queued = 0;
  for (const id of hqCardBursts.leftBehind()) {
    const survey = await store.surveys.get(id);
    const answers = survey ? await store.surveys.listAnswers(id) : [];
    if (survey && inBurst(answers, '', now)) continue;
    hqCardBursts.caughtUp(id);
    const stamp = answeredStamp(answers);
    if (!survey || survey.status !== 'open' || (await store.outbox.get(surveyOutboxKey.senderUpdate(id, stamp)))) continue;
    await store.transaction(async (tx) => {
      const context = await loadSurveyContext(tx, survey, tabUrl, []);
      for (const message of senderCardEffects(survey, answers, context, today, stamp)) if (await tx.outbox.enqueue(message)) queued += 1;
    });
  }
  return queued;
}
