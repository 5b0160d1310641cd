import { auditRefusal as auditRefusedAttempt, type RefusalSinks } from '../../platform/audit';
import { authorize, type Subject } from '../../platform/authorization';
import type { BotTurn } from '../../platform/bot-turn';
import { t } from '../../platform/i18n';
import type { Actor } from '../../platform/identity';
import type { Survey, SurveyAnswer } from '../model';
import { surveyText } from '../strings';
import { sectionName, type Names } from '../table';
import type { SurveyWorkflowDeps } from '../workflow';

/** What authorization needs to know of a survey, from the store's record (never from a card). */
export function surveySubject(survey: Survey, sectionId?: string): Subject {
  return {
    type: 'survey',
    senderDepartmentId: survey.senderDepartmentId,
    sectionIds: survey.sectionIds,
    ...(sectionId ? { sectionId } : {}),
  };
}

/** A refused press on a survey, logged with ids only and audited (platform/audit.ts). */
function auditRefusal(deps: RefusalSinks, actor: Actor, surveyId: string, attempted: string, detail: Record<string, unknown>) {
  return auditRefusedAttempt(deps, { actorId: actor.person.id, objectType: 'survey', objectId: surveyId, attempted, detail });
}

export type SectionAccess = { actor: Actor; survey: Survey; answer: SurveyAnswer; names: () => Promise<Names> } | { message: string };

/** The directory's names for a card, read once and only when a card is drawn (a refused press needs one name). */
export function namesLoader(deps: SurveyWorkflowDeps): () => Promise<Names> {
  let loaded: Promise<Names> | undefined;
  return () =>
    (loaded ??= Promise.all([deps.store.departments.list(), deps.store.people.list()]).then(([departments, people]) => ({
      departments: new Map(departments.map((d) => [d.id, d])),
      people: new Map(people.map((p) => [p.id, p])),
    })));
}

/**
 * The survey and section answer a card button is about, re-read from the store, once the person
 * pressing belongs to that section (and, for 承認・差戻し, is its approver): decided from the
 * directory on every press, never from the card. A refusal is audited and answered with the reason.
 */
export async function accessSection(
  turn: BotTurn,
  data: { surveyId: string; sectionId: string },
  deps: SurveyWorkflowDeps,
  action: 'survey.answer' | 'survey.approve',
  verb: string,
): Promise<SectionAccess> {
  if (turn.actor.kind === 'unknown') return { message: t(turn.locale, 'help.unregistered') };
  const { actor } = turn.actor;
  const survey = await deps.store.surveys.get(data.surveyId);
  const answer = survey && (await deps.store.surveys.getAnswer(survey.id, data.sectionId));
  if (!survey || !answer) return { message: surveyText(turn.locale, 'error.notFound', { id: data.surveyId }) };
  if (actor.department.id !== data.sectionId) {
    await auditRefusal(deps, actor, survey.id, verb, { sectionId: data.sectionId });
    const section = await deps.store.departments.get(data.sectionId);
    const names = { departments: new Map(section ? [[section.id, section]] : []), people: new Map() };
    return { message: surveyText(turn.locale, 'error.otherSection', { section: sectionName(names, data.sectionId) }) };
  }
  const decision = authorize(actor, action, surveySubject(survey, data.sectionId));
  if (!decision.allowed) {
    await auditRefusal(deps, actor, survey.id, verb, { sectionId: data.sectionId });
    return { message: decision.reason };
  }
  return { actor, survey, answer, names: namesLoader(deps) };
}

export type SurveyAccess = { actor: Actor; survey: Survey } | { message: string };

/** The survey HQ's card is about, once the person may extend or cancel it (the asking department's responders and approvers). */
export async function accessAsSender(turn: BotTurn, surveyId: string, deps: SurveyWorkflowDeps, verb: string): Promise<SurveyAccess> {
  if (turn.actor.kind === 'unknown') return { message: t(turn.locale, 'help.unregistered') };
  const { actor } = turn.actor;
  const survey = await deps.store.surveys.get(surveyId);
  if (!survey) return { message: surveyText(turn.locale, 'error.notFound', { id: surveyId }) };
  const decision = authorize(actor, 'survey.manage', surveySubject(survey));
  if (!decision.allowed) {
    await auditRefusal(deps, actor, survey.id, verb, {});
    return { message: decision.reason };
  }
  return { actor, survey };
}
