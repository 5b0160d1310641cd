import {
  adaptiveCard,
  attentionText,
  openUrlAction,
  plainText,
  textBlock,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from '../../platform/adaptive-card';
import { nextBusinessDay, type IsoDate } from '../../platform/fiscal-calendar';
import type { Locale } from '../../platform/i18n';
import { surveyActions } from '../card-actions';
import { surveyUrl } from '../context';
import type { Survey, SurveyAnswer } from '../model';
import { sectionsWithoutAnswer } from '../rules/follow-up';
import { answerCount } from '../rules/sections';
import { surveyText } from '../strings';
import { sectionName, type Names } from '../table';
import { surveySection } from './survey-facts';

export type SenderCardMode = { kind: 'view'; error?: string; typedDueOn?: string } | { kind: 'confirmCancel' };

/**
 * HQ's card (in the department's inquiry channel, or the sender's personal chat): the survey with
 * its live count 「回答 x/y」, the sections not answered yet and those the bot cannot reach;
 * 回答期限の延長 and 取消 while it is open.
 */
export function senderCard(
  survey: Survey,
  answers: SurveyAnswer[],
  names: Names,
  today: IsoDate,
  locale: Locale,
  options: { tabUrl?: string; mode?: SenderCardMode } = {},
): AdaptiveCard {
  const mode = options.mode ?? { kind: 'view' };
  const body: CardElement[] = [
    textBlock(surveyText(locale, 'sender.header'), { isSubtle: true, size: 'Small' }),
    ...surveySection(survey, names, locale),
  ];
  const count = answerCount(answers);
  const list = (ids: string[]) => ids.map((id) => sectionName(names, id)).join('、');
  body.push(
    textBlock(surveyText(locale, 'sender.count', { answered: count.answered, total: count.total }), {
      size: 'ExtraLarge',
      weight: 'Bolder',
      color: count.answered === count.total ? 'Good' : 'Default',
    }),
  );
  if (count.answered === count.total && count.total > 0) body.push(textBlock(surveyText(locale, 'sender.complete'), { color: 'Good' }));
  const waiting = sectionsWithoutAnswer(answers);
  if (waiting.length > 0) body.push(textBlock(plainText(surveyText(locale, 'sender.missing', { names: list(waiting) }))));
  const unreachable = answers.filter((a) => a.status === 'unreachable').map((a) => a.departmentId);
  if (unreachable.length > 0)
    body.push(textBlock(plainText(surveyText(locale, 'sender.unreachable', { names: list(unreachable) })), { color: 'Attention' }));
  const actions: CardAction[] = [];
  if (survey.status === 'cancelled') body.push(textBlock(surveyText(locale, 'sender.cancelled'), { color: 'Attention', weight: 'Bolder' }));
  else if (mode.kind === 'confirmCancel') {
    body.push(textBlock(surveyText(locale, 'sender.cancelConfirm', { id: survey.id }), { color: 'Attention', weight: 'Bolder' }));
    actions.push(
      surveyActions.cancel.button(
        surveyText(locale, 'sender.cancelYes'),
        { surveyId: survey.id, confirmed: true },
        { style: 'destructive' },
      ),
      surveyActions.view.button(surveyText(locale, 'sender.cancelNo'), { surveyId: survey.id }),
    );
  } else {
    if (today > survey.dueOn && waiting.length > 0)
      body.push(textBlock(surveyText(locale, 'sender.overdue'), { color: 'Attention', weight: 'Bolder' }));
    body.push({
      type: 'Input.Date',
      id: 'dueOn',
      label: surveyText(locale, 'sender.newDueOn'),
      min: nextBusinessDay(today > survey.dueOn ? today : survey.dueOn),
      value: mode.typedDueOn ?? '',
      spacing: 'Medium',
    });
    if (mode.error) body.push(attentionText(plainText(mode.error)));
    actions.push(
      surveyActions.extend.button(surveyText(locale, 'sender.extend'), { surveyId: survey.id }),
      surveyActions.cancel.button(surveyText(locale, 'sender.cancel'), { surveyId: survey.id, confirmed: false }),
    );
  }
  if (options.tabUrl) actions.push(openUrlAction(surveyText(locale, 'sender.openTable'), surveyUrl(options.tabUrl, survey.id)));
  return adaptiveCard(body, actions);
}
