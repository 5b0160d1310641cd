import {
  adaptiveCard,
  attentionText,
  factSet,
  plainText,
  textBlock,
  type AdaptiveCard,
  type CardElement,
} from '../../platform/adaptive-card';
import { businessDaysBetween, formatDate, quarterLabel, type IsoDate } from '../../platform/fiscal-calendar';
import type { Locale } from '../../platform/i18n';
import { FIELD, LIMITS, type FieldErrors, type FormValues } from '../rules/check-in-form';
import { DIRECTIONS, WEATHERS, type CheckIn, type CheckInCycle, type Initiative } from '../model';
import { checkInActions } from '../card-actions';
import { checkInText } from '../strings';
import { weatherLabel } from './weather';

export interface CheckInFormCardInput {
  locale: Locale;
  initiative: Initiative;
  cycle: Pick<CheckInCycle, 'fiscalYear' | 'quarter' | 'dueOn'>;
  today: IsoDate;
  /** The answer of the quarter before, shown for reference. */
  previous?: CheckIn;
  /** Values to show in the inputs (a rejected submission, or the answer being edited). */
  values?: FormValues;
  errors?: FieldErrors;
  /** The revision this card edits (0 for a first answer). */
  baseRevision: number;
  /** Minted per drawn card, so pressing its button twice is recognised. */
  submissionId: string;
  reminder?: boolean;
}

/** The quarterly check-in form an owner fills in (Adaptive Card 1.5). */
export function checkInFormCard(input: CheckInFormCardInput): AdaptiveCard {
  const { locale, initiative, cycle, values = {}, errors = {} } = input;
  const quarter = quarterLabel(cycle, locale);
  const daysLeft = businessDaysBetween(input.today, cycle.dueOn);
  const dueText =
    daysLeft >= 0
      ? checkInText(locale, 'card.due', { date: formatDate(cycle.dueOn, locale), days: daysLeft })
      : checkInText(locale, 'card.overdue', { date: formatDate(cycle.dueOn, locale), days: -daysLeft });

  const body: CardElement[] = [
    textBlock(checkInText(locale, 'card.title', { quarter }), { size: 'Large', weight: 'Bolder', style: 'heading' }),
    textBlock(plainText(checkInText(locale, 'card.initiative', { code: initiative.code, title: initiative.title })), { weight: 'Bolder' }),
    textBlock(dueText, { color: daysLeft < 0 ? 'Attention' : 'Default', isSubtle: daysLeft >= 0 }),
  ];
  if (input.reminder)
    body.push(textBlock(checkInText(locale, daysLeft < 0 ? 'card.reminderOverdue' : 'card.reminder'), { color: 'Warning' }));
  body.push(...targetsSection(input), ...previousSection(input));
  if (Object.keys(errors).length > 0)
    body.push(textBlock(checkInText(locale, 'card.errorsHeading'), { color: 'Attention', weight: 'Bolder', spacing: 'Large' }));

  const withError = (element: CardElement, id: string): CardElement[] => (errors[id] ? [element, attentionText(errors[id])] : [element]);
  body.push(
    ...withError(
      {
        type: 'Input.Text',
        id: FIELD.progress,
        label: checkInText(locale, 'card.progress'),
        placeholder: checkInText(locale, 'card.progressPlaceholder'),
        isMultiline: true,
        isRequired: true,
        errorMessage: checkInText(locale, 'error.required', { field: checkInText(locale, 'card.progress') }),
        maxLength: LIMITS.progress,
        value: values[FIELD.progress] ?? '',
        spacing: 'Large',
      },
      FIELD.progress,
    ),
  );
  for (const kpi of initiative.kpis) {
    const id = FIELD.kpi(kpi);
    body.push(
      ...withError(
        {
          type: 'Input.Text',
          id,
          label: checkInText(locale, 'card.kpiActual', { name: kpi.name, unit: kpi.unit }),
          placeholder: checkInText(locale, 'card.kpiActualPlaceholder'),
          maxLength: 30,
          value: values[id] ?? '',
        },
        id,
      ),
    );
  }
  body.push(
    ...withError(
      choiceInput(
        FIELD.weather,
        checkInText(locale, 'card.weather'),
        WEATHERS.map((w) => ({ title: weatherLabel(w), value: w })),
        values,
        locale,
      ),
      FIELD.weather,
    ),
    ...withError(
      choiceInput(
        FIELD.direction,
        checkInText(locale, 'card.direction'),
        DIRECTIONS.map((d) => ({ title: d, value: d })),
        values,
        locale,
      ),
      FIELD.direction,
    ),
    ...withError(
      {
        type: 'Input.Text',
        id: FIELD.directionReason,
        label: checkInText(locale, 'card.directionReason'),
        isMultiline: true,
        maxLength: LIMITS.directionReason,
        value: values[FIELD.directionReason] ?? '',
      },
      FIELD.directionReason,
    ),
    ...withError(
      {
        type: 'Input.Text',
        id: FIELD.nextActions,
        label: checkInText(locale, 'card.nextActions'),
        isMultiline: true,
        maxLength: LIMITS.nextActions,
        value: values[FIELD.nextActions] ?? '',
      },
      FIELD.nextActions,
    ),
  );

  const data = {
    initiativeCode: initiative.code,
    fiscalYear: cycle.fiscalYear,
    quarter: cycle.quarter,
    revision: input.baseRevision + 1,
    submissionId: input.submissionId,
  };
  const title = checkInText(locale, input.baseRevision > 0 ? 'card.resubmit' : 'card.submit');
  return adaptiveCard(body, [checkInActions.submit.button(title, data, { style: 'positive', associatedInputs: 'auto' })]);
}

function choiceInput(
  id: string,
  label: string,
  choices: { title: string; value: string }[],
  values: FormValues,
  locale: Locale,
): CardElement {
  return {
    type: 'Input.ChoiceSet',
    id,
    label,
    style: 'expanded',
    isRequired: true,
    errorMessage: checkInText(locale, 'error.required', { field: label }),
    choices,
    value: values[id] ?? '',
  };
}

function targetsSection({ initiative, locale }: CheckInFormCardInput): CardElement[] {
  const elements: CardElement[] = [];
  if (initiative.q4Target) {
    elements.push(factSet([{ title: checkInText(locale, 'card.q4Target'), value: plainText(initiative.q4Target) }]));
  }
  if (initiative.kpis.length > 0) {
    elements.push(
      textBlock(checkInText(locale, 'card.kpiHeading'), { weight: 'Bolder', spacing: 'Medium' }),
      ...initiative.kpis.map((kpi) => {
        const target = checkInText(locale, 'card.kpiTarget', {
          name: kpi.name,
          target: kpi.target.toLocaleString('ja-JP'),
          unit: kpi.unit,
          direction: checkInText(locale, kpi.direction === 'higher' ? 'direction.higher' : 'direction.lower'),
          date: formatDate(kpi.targetDate, locale),
        });
        const baseline =
          kpi.baseline === null
            ? ''
            : `、${checkInText(locale, 'card.kpiBaseline', { baseline: kpi.baseline.toLocaleString('ja-JP'), unit: kpi.unit })}`;
        return textBlock(plainText(`・${target}${baseline}`), { spacing: 'None' });
      }),
    );
  }
  return elements;
}

function previousSection({ previous, initiative, locale }: CheckInFormCardInput): CardElement[] {
  if (!previous) return [textBlock(checkInText(locale, 'card.noPrevious'), { isSubtle: true, spacing: 'Medium' })];
  const actuals = initiative.kpis.map((kpi) => {
    const value = previous.kpiActuals.find((a) => a.kpiId === kpi.id)?.value;
    return {
      title: kpi.name,
      value:
        value === null || value === undefined ? checkInText(locale, 'summary.notMeasured') : `${value.toLocaleString('ja-JP')}${kpi.unit}`,
    };
  });
  return [
    textBlock(checkInText(locale, 'card.previousHeading', { quarter: quarterLabel(previous, locale) }), {
      weight: 'Bolder',
      spacing: 'Medium',
    }),
    factSet(
      [
        { title: checkInText(locale, 'card.progress'), value: previous.progress },
        { title: checkInText(locale, 'card.weather'), value: weatherLabel(previous.weather) },
        { title: checkInText(locale, 'card.direction'), value: previous.direction },
        ...(previous.directionReason ? [{ title: checkInText(locale, 'field.directionReason'), value: previous.directionReason }] : []),
        ...actuals,
      ].map((fact) => ({ title: plainText(fact.title), value: plainText(fact.value) })),
    ),
  ];
}
