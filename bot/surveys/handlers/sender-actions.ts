import type { CardActionHandler, CardActionResult } from '../../platform/bot-turn';
import { cardActionHandler } from '../../platform/card-action';
import type { IsoDate } from '../../platform/fiscal-calendar';
import type { Locale } from '../../platform/i18n';
import { typedText } from '../../platform/typed-text';
import { surveyActions } from '../card-actions';
import { senderCard, type SenderCardMode } from '../cards/sender-card';
import { loadSurveyContext } from '../context';
import type { Survey } from '../model';
import { cancelSurvey, extendSurvey } from '../workflow';
import { accessAsSender } from './access';
import type { SurveyHandlerDeps } from './deps';

/** HQ's card of a survey as the store has it now, in the given mode. */
async function senderCardResult(
  deps: SurveyHandlerDeps,
  survey: Survey,
  today: IsoDate,
  locale: Locale,
  mode?: SenderCardMode,
): Promise<CardActionResult> {
  const [answers, context] = await Promise.all([
    deps.store.surveys.listAnswers(survey.id),
    loadSurveyContext(deps.store, survey, deps.tabUrl, []),
  ]);
  return { card: senderCard(survey, answers, context, today, locale, { tabUrl: deps.tabUrl, mode }) };
}

/** 回答期限を延長: a later date from the card's date input; a date that is not fit comes back under the input. */
export function extendAction(deps: SurveyHandlerDeps): CardActionHandler {
  return cardActionHandler(surveyActions.extend, async (turn, data, payload) => {
    const access = await accessAsSender(turn, data.surveyId, deps, surveyActions.extend.verb);
    if ('message' in access) return access;
    const dueOn = typedText(payload.dueOn).trim();
    const result = await extendSurvey(deps, access.survey.id, access.actor.person.id, dueOn);
    if ('error' in result) {
      if (result.reason !== 'invalid' && result.reason !== 'cancelled') return { message: result.error };
      return senderCardResult(deps, access.survey, turn.today, turn.locale, { kind: 'view', error: result.error, typedDueOn: dueOn });
    }
    return senderCardResult(deps, result.survey, turn.today, turn.locale);
  });
}

/** 照会を取り消す: asks first (confirmed false), then cancels; a second press changes nothing. */
export function cancelAction(deps: SurveyHandlerDeps): CardActionHandler {
  return cardActionHandler(surveyActions.cancel, async (turn, data) => {
    const access = await accessAsSender(turn, data.surveyId, deps, surveyActions.cancel.verb);
    if ('message' in access) return access;
    if (!data.confirmed) return senderCardResult(deps, access.survey, turn.today, turn.locale, { kind: 'confirmCancel' });
    const result = await cancelSurvey(deps, access.survey.id, access.actor.person.id);
    if ('error' in result) return { message: result.error };
    return senderCardResult(deps, result.survey, turn.today, turn.locale);
  });
}

/** やめる: HQ's card as it is. */
export function viewAction(deps: SurveyHandlerDeps): CardActionHandler {
  return cardActionHandler(surveyActions.view, async (turn, data) => {
    const access = await accessAsSender(turn, data.surveyId, deps, surveyActions.view.verb);
    if ('message' in access) return access;
    return senderCardResult(deps, access.survey, turn.today, turn.locale);
  });
}
