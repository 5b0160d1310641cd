import type { BotTurn, CardActionHandler, CardActionResult } from '../../platform/bot-turn';
import { personConversation } from '../../platform/outbox/messages';
import { cardActionHandler, type CardActionDefinition } from '../../platform/card-action';
import type { Locale } from '../../platform/i18n';
import { typedText } from '../../platform/typed-text';
import { answerInputId, surveyActions } from '../card-actions';
import { answerCard, type AnswerCardOptions } from '../cards/answer-card';
import { formatTimestamp, personName } from '../cards/survey-facts';
import { SURVEY_LIMITS, type Survey, type SurveyAnswer } from '../model';
import { surveyText } from '../strings';
import type { Names } from '../table';
import { approveSurveyAnswer, returnSurveyAnswer, saveSurveyAnswer, type PressedCard, type SurveyStepError } from '../workflow';
import { accessSection, type SectionAccess } from './access';
import type { SurveyHandlerDeps } from './deps';

type AnswerRef = { surveyId: string; sectionId: string; version: string };

/** The pressed card: the version it showed, and the person's own chat when it was pressed there (the turn's answer redraws it). */
const pressed = (turn: BotTurn, personId: string, version: string): PressedCard => ({
  version,
  ...(turn.conversation.kind === 'personal' ? { conversationKey: personConversation(personId) } : {}),
});

/** The section's card as the store has it now (the survey re-read too: it may have been extended or cancelled). */
async function currentCard(
  deps: SurveyHandlerDeps,
  survey: Survey,
  sectionId: string,
  names: Names,
  locale: Locale,
  options: Omit<AnswerCardOptions, 'tabUrl'>,
): Promise<CardActionResult> {
  const [fresh, answer] = await Promise.all([deps.store.surveys.get(survey.id), deps.store.surveys.getAnswer(survey.id, sectionId)]);
  if (!fresh || !answer) return { message: surveyText(locale, 'error.notFound', { id: survey.id }) };
  return { card: answerCard(fresh, answer, names, locale, { ...options, tabUrl: deps.tabUrl }) };
}

/** Why a press found the answer changed under it: who changed it and when, or the generic word. */
function staleNote(locale: Locale, answer: SurveyAnswer | undefined, names: Names, error: SurveyStepError, id: string): string {
  if (error.reason === 'stale' && answer)
    return surveyText(locale, 'card.stale', {
      name: personName(names, answer.approvedBy ?? answer.returnedBy ?? answer.answeredBy) || '—',
      at: formatTimestamp(answer.updatedAt, locale),
    });
  return surveyText(locale, 'error.stale', { id });
}

/** The card after 承認 or 差戻し: the new state, or (the press refused) the card as it stands now with why. */
async function cardAfterDecision(
  deps: SurveyHandlerDeps,
  turn: BotTurn,
  access: Exclude<SectionAccess, { message: string }>,
  sectionId: string,
  result: Awaited<ReturnType<typeof approveSurveyAnswer>>,
): Promise<CardActionResult> {
  const { survey } = access;
  if ('error' in result) {
    const names = await access.names();
    const note =
      result.reason === 'cancelled'
        ? result.error
        : staleNote(turn.locale, await deps.store.surveys.getAnswer(survey.id, sectionId), names, result, survey.id);
    return currentCard(deps, survey, sectionId, names, turn.locale, { today: turn.today, note });
  }
  const names = result.names ?? (await access.names());
  return { card: answerCard(result.survey, result.answer, names, turn.locale, { today: turn.today, tabUrl: deps.tabUrl }) };
}

/** 下書き保存 (submit false) and 承認依頼 / 本庁へ回答 (submit true): every typed value comes back when the server refuses it. */
function answerAction(deps: SurveyHandlerDeps, definition: CardActionDefinition<AnswerRef, AnswerRef>, submit: boolean): CardActionHandler {
  return cardActionHandler(definition, async (turn, data, payload) => {
    const access = await accessSection(turn, data, deps, 'survey.answer', definition.verb);
    if ('message' in access) return access;
    const { survey, actor } = access;
    const typed = Object.fromEntries(survey.questions.map((q) => [answerInputId(q.key), typedText(payload[answerInputId(q.key)])]));
    const input = Object.fromEntries(survey.questions.map((q) => [q.key, typed[answerInputId(q.key)]]));
    const result = await saveSurveyAnswer(
      deps,
      survey.id,
      data.sectionId,
      actor.person.id,
      input,
      submit,
      pressed(turn, actor.person.id, data.version),
    );
    const options = { today: turn.today };
    if ('errors' in result)
      return currentCard(deps, survey, data.sectionId, await access.names(), turn.locale, {
        ...options,
        edit: true,
        typed,
        errors: result.errors,
      });
    if ('error' in result) {
      if (result.reason !== 'stale' && result.reason !== 'state' && result.reason !== 'closed' && result.reason !== 'cancelled')
        return { message: result.error };
      const note =
        result.reason === 'stale' || result.reason === 'state'
          ? staleNote(turn.locale, await deps.store.surveys.getAnswer(survey.id, data.sectionId), await access.names(), result, survey.id)
          : result.error;
      return currentCard(deps, survey, data.sectionId, await access.names(), turn.locale, { ...options, edit: true, typed, note });
    }
    const names = result.names ?? (await access.names());
    return { card: answerCard(result.survey, result.answer, names, turn.locale, { ...options, tabUrl: deps.tabUrl }) };
  });
}

export const saveAction = (deps: SurveyHandlerDeps) => answerAction(deps, surveyActions.save, false);
export const submitAction = (deps: SurveyHandlerDeps) => answerAction(deps, surveyActions.submit, true);

/** 承認して本庁へ送付: the section's approver only; a second press shows the sent answer. */
export function approveAction(deps: SurveyHandlerDeps): CardActionHandler {
  return cardActionHandler(surveyActions.approve, async (turn, data) => {
    const access = await accessSection(turn, data, deps, 'survey.approve', surveyActions.approve.verb);
    if ('message' in access) return access;
    const { survey, actor } = access;
    const result = await approveSurveyAnswer(
      deps,
      survey.id,
      data.sectionId,
      actor.person.id,
      pressed(turn, actor.person.id, data.version),
    );
    return cardAfterDecision(deps, turn, access, data.sectionId, result);
  });
}

/** 差戻し: the section's approver, with a reason (required); the values stay for the author. */
export function returnAction(deps: SurveyHandlerDeps): CardActionHandler {
  return cardActionHandler(surveyActions.return, async (turn, data, payload) => {
    const access = await accessSection(turn, data, deps, 'survey.approve', surveyActions.return.verb);
    if ('message' in access) return access;
    const { survey, actor, answer } = access;
    const comment = typedText(payload.comment).trim();
    if (!comment || [...comment].length > SURVEY_LIMITS.comment) {
      const note = comment
        ? surveyText(turn.locale, 'error.commentTooLong', { max: SURVEY_LIMITS.comment })
        : surveyText(turn.locale, 'error.commentRequired');
      return { card: answerCard(survey, answer, await access.names(), turn.locale, { today: turn.today, tabUrl: deps.tabUrl, note }) };
    }
    const result = await returnSurveyAnswer(
      deps,
      survey.id,
      data.sectionId,
      actor.person.id,
      comment,
      pressed(turn, actor.person.id, data.version),
    );
    return cardAfterDecision(deps, turn, access, data.sectionId, result);
  });
}

/** 回答を修正する: the card as a form again, with the values as they stand; nothing changes until it is saved. */
export function editAction(deps: SurveyHandlerDeps): CardActionHandler {
  return cardActionHandler(surveyActions.edit, async (turn, data) => {
    const access = await accessSection(turn, { ...data }, deps, 'survey.answer', surveyActions.edit.verb);
    if ('message' in access) return access;
    const { survey, answer } = access;
    return { card: answerCard(survey, answer, await access.names(), turn.locale, { today: turn.today, tabUrl: deps.tabUrl, edit: true }) };
  });
}
