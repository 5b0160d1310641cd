import { adaptiveCard, openUrlAction, plainText, textBlock, type AdaptiveCard } from '../../platform/adaptive-card';
import { formatDate } from '../../platform/fiscal-calendar';
import type { Locale } from '../../platform/i18n';
import { newSurveyUrl, surveyUrl } from '../context';
import type { Survey } from '../model';
import type { FollowUpKind } from '../rules/follow-up';
import { surveyText } from '../strings';
import { sectionName, type Names } from '../table';
import { surveySection } from './survey-facts';

/**
 * A reminder to a section without a sent answer: the survey with the deadline called out, and no
 * inputs (a second form would drift from the first); the section answers on its card or in the tab.
 */
export function reminderCard(
  survey: Survey,
  sectionId: string,
  kind: FollowUpKind,
  names: Names,
  locale: Locale,
  tabUrl: string,
): AdaptiveCard {
  return adaptiveCard(
    [
      textBlock(
        surveyText(locale, kind === 'overdue' ? 'reminder.overdue' : 'reminder.beforeDeadline', { date: formatDate(survey.dueOn, locale) }),
        {
          color: kind === 'overdue' ? 'Attention' : 'Warning',
          weight: 'Bolder',
        },
      ),
      ...surveySection(survey, names, locale, [{ title: surveyText(locale, 'card.to'), value: sectionName(names, sectionId) }]),
      textBlock(surveyText(locale, 'reminder.where'), { isSubtle: true }),
    ],
    [openUrlAction(surveyText(locale, 'card.openTab'), surveyUrl(tabUrl, survey.id))],
  );
}

/** To the ward section's manager (approver) once the deadline has passed without a sent answer. */
export function escalationCard(survey: Survey, sectionId: string, names: Names, locale: Locale, tabUrl: string): AdaptiveCard {
  return adaptiveCard(
    [
      textBlock(surveyText(locale, 'escalation.title'), { weight: 'Bolder', color: 'Attention', size: 'Medium' }),
      textBlock(plainText(surveyText(locale, 'escalation.body', { section: sectionName(names, sectionId) }))),
      ...surveySection(survey, names, locale),
    ],
    [openUrlAction(surveyText(locale, 'card.openTab'), surveyUrl(tabUrl, survey.id))],
  );
}

/** 「照会作成」: surveys are written in the tab's form; the card opens it. */
export function createSurveyCard(locale: Locale, tabUrl: string): AdaptiveCard {
  return adaptiveCard(
    [
      textBlock(surveyText(locale, 'create.header'), { size: 'Large', weight: 'Bolder', style: 'heading' }),
      textBlock(surveyText(locale, 'create.body')),
    ],
    [openUrlAction(surveyText(locale, 'create.open'), newSurveyUrl(tabUrl))],
  );
}
