import {
  adaptiveCard,
  successText,
  factSet,
  plainText,
  textBlock,
  type AdaptiveCard,
  type CardElement,
} from '../../platform/adaptive-card';
import { formatDate, japanDateOf, quarterLabel, type IsoDate } from '../../platform/fiscal-calendar';
import type { Locale } from '../../platform/i18n';
import type { CheckIn, CheckInCycle, Initiative } from '../model';
import { checkInActions } from '../card-actions';
import { checkInText } from '../strings';
import { weatherLabel } from './weather';

export interface CheckInSummaryCardInput {
  locale: Locale;
  initiative: Initiative;
  checkIn: CheckIn;
  cycle: Pick<CheckInCycle, 'dueOn'>;
  today: IsoDate;
  submitterName: string;
  /** A message above the summary (e.g. someone else saved first). */
  notice?: string;
}

/** What the form turns into once submitted: read-only, with 修正する until the due date. */
export function checkInSummaryCard(input: CheckInSummaryCardInput): AdaptiveCard {
  const { locale, initiative, checkIn, cycle } = input;
  const submittedOn = japanDateOf(new Date(checkIn.submittedAt));
  const at = `${formatDate(submittedOn, locale)} ${timeInJapan(checkIn.submittedAt)}`;
  const body: CardElement[] = [
    successText(checkInText(locale, 'summary.title', { quarter: quarterLabel(checkIn, locale) }), { size: 'Large', style: 'heading' }),
    textBlock(plainText(checkInText(locale, 'card.initiative', { code: initiative.code, title: initiative.title })), { weight: 'Bolder' }),
  ];
  if (input.notice) body.push(textBlock(input.notice, { color: 'Warning' }));
  const facts = [
    { title: checkInText(locale, 'card.progress'), value: checkIn.progress },
    ...initiative.kpis.map((kpi) => {
      const value = checkIn.kpiActuals.find((a) => a.kpiId === kpi.id)?.value;
      return {
        title: kpi.name,
        value:
          typeof value === 'number'
            ? checkInText(locale, 'summary.kpiValue', { value: value.toLocaleString('ja-JP'), unit: kpi.unit })
            : checkInText(locale, 'summary.notMeasured'),
      };
    }),
    { title: checkInText(locale, 'card.weather'), value: weatherLabel(checkIn.weather) },
    { title: checkInText(locale, 'card.direction'), value: checkIn.direction },
    ...(checkIn.directionReason ? [{ title: checkInText(locale, 'field.directionReason'), value: checkIn.directionReason }] : []),
    ...(checkIn.nextActions ? [{ title: checkInText(locale, 'card.nextActions'), value: checkIn.nextActions }] : []),
  ];
  body.push(factSet(facts.map((f) => ({ title: plainText(f.title), value: plainText(f.value) }))));
  const footer = [
    checkInText(locale, 'summary.submittedBy', { name: input.submitterName, at }),
    checkInText(locale, 'summary.revision', { revision: checkIn.revision }),
  ];
  if (submittedOn > cycle.dueOn) footer.push(checkInText(locale, 'summary.late'));
  body.push(textBlock(plainText(footer.join(' ・ ')), { isSubtle: true, size: 'Small' }));

  const editable = input.today <= cycle.dueOn;
  if (editable)
    body.push(
      textBlock(checkInText(locale, 'summary.editUntil', { date: formatDate(cycle.dueOn, locale) }), {
        isSubtle: true,
        size: 'Small',
        spacing: 'None',
      }),
    );
  const actions = editable
    ? [
        checkInActions.edit.button(checkInText(locale, 'summary.edit'), {
          initiativeCode: initiative.code,
          fiscalYear: checkIn.fiscalYear,
          quarter: checkIn.quarter,
        }),
      ]
    : [];
  return adaptiveCard(body, actions);
}

function timeInJapan(instant: string): string {
  return new Date(Date.parse(instant) + 9 * 3_600_000).toISOString().slice(11, 16);
}
