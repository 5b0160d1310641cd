import { factSet, plainText, textBlock, type CardElement } from '../../platform/adaptive-card';
import { formatDate } from '../../platform/fiscal-calendar';
import type { Locale } from '../../platform/i18n';
import type { AnswerValue, Survey, SurveyQuestion } from '../model';
import { surveyText } from '../strings';
import { sectionName, type Names } from '../table';

// Formatters made once: building an Intl formatter per value costs more than the rest of a card.
const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' });
const TIME = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hour12: false });
const FIGURE = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 6 });

/** 「1,234」: a figure with its digits grouped, up to six decimals. */
export const formatFigure = (value: number) => FIGURE.format(value);

/** 「令和8年12月8日 10:15」 (Japan time) for a stored ISO timestamp. */
export function formatTimestamp(iso: string, locale: Locale): string {
  const date = new Date(iso);
  return `${formatDate(DAY.format(date), locale)} ${TIME.format(date)}`;
}

export const personName = (names: Names, id: string | null | undefined) => (id ? (names.people.get(id)?.displayName ?? id) : '');

/** The survey as every card shows it: heading, title, purpose and facts; text HQ typed is escaped. */
export function surveySection(
  survey: Survey,
  names: Names,
  locale: Locale,
  extraFacts: { title: string; value: string }[] = [],
): CardElement[] {
  const facts = [
    { title: surveyText(locale, 'card.from'), value: sectionName(names, survey.senderDepartmentId) },
    ...extraFacts,
    { title: surveyText(locale, 'card.dueOn'), value: formatDate(survey.dueOn, locale) },
    {
      title: surveyText(locale, 'card.approval'),
      value: surveyText(locale, survey.requiresWardApproval ? 'card.approvalRequired' : 'card.approvalNotRequired'),
    },
    ...(survey.manualId ? [{ title: surveyText(locale, 'card.manual'), value: survey.manualId }] : []),
  ];
  return [
    textBlock(surveyText(locale, 'card.header'), { isSubtle: true, size: 'Small' }),
    textBlock(plainText(surveyText(locale, 'card.title', { id: survey.id, title: survey.title })), {
      size: 'Large',
      weight: 'Bolder',
      style: 'heading',
    }),
    textBlock(plainText(survey.purpose)),
    factSet(facts.map((f) => ({ title: plainText(f.title), value: plainText(f.value) }))),
  ];
}

/** A stored value as people read it: 1,234件, a 令和 date, the text itself. */
export function shownValue(question: SurveyQuestion, value: AnswerValue | undefined, locale: Locale): string {
  if (value === undefined || value === '') return surveyText(locale, 'card.emptyAnswer');
  if (question.type === 'number' && typeof value === 'number') return `${formatFigure(value)}${question.unit ?? ''}`;
  if (question.type === 'date' && typeof value === 'string') return formatDate(value, locale);
  return String(value);
}
