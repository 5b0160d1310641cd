import type { Locale } from '../../platform/i18n';
import { typedText } from '../../platform/typed-text';
import { parseTypedNumber } from '../../platform/typed-number';
import { DIRECTIONS, WEATHERS, type CheckIn, type Direction, type Initiative, type Kpi, type Weather } from '../model';
import { checkInText } from '../strings';

/** Input ids of the check-in card; KPI actuals are `kpi.<kpiId>`. */
export const FIELD = {
  progress: 'progress',
  weather: 'weather',
  direction: 'direction',
  directionReason: 'directionReason',
  nextActions: 'nextActions',
  kpi: (kpi: Pick<Kpi, 'id'>) => `kpi.${kpi.id}`,
} as const;

export const LIMITS = { progress: 2000, directionReason: 1000, nextActions: 2000, kpiValue: 1e12 } as const;

/** Directions that change course need a reason (the 方向性理由 column). */
export const DIRECTIONS_NEEDING_REASON: readonly Direction[] = ['見直し', '廃止'];

/** What the owner typed, as text, so an invalid card can be shown again with every value kept. */
export type FormValues = Record<string, string>;

/** Messages by input id. */
export type FieldErrors = Record<string, string>;

export type Answer = Pick<CheckIn, 'progress' | 'weather' | 'direction' | 'directionReason' | 'nextActions' | 'kpiActuals'>;

/** Reads the card's inputs: anything that is not a string (a forged or broken payload) counts as empty. */
export function readFormValues(data: Record<string, unknown>, initiative: Initiative): FormValues {
  const ids = [FIELD.progress, FIELD.weather, FIELD.direction, FIELD.directionReason, FIELD.nextActions, ...initiative.kpis.map(FIELD.kpi)];
  return Object.fromEntries(ids.map((id) => [id, typedText(data[id])]));
}

/** The values an existing answer shows when the owner edits it. */
export function formValuesOf(answer: Answer, initiative: Initiative): FormValues {
  const actual = new Map(answer.kpiActuals.map((a) => [a.kpiId, a.value]));
  return {
    [FIELD.progress]: answer.progress,
    [FIELD.weather]: answer.weather,
    [FIELD.direction]: answer.direction,
    [FIELD.directionReason]: answer.directionReason,
    [FIELD.nextActions]: answer.nextActions,
    ...Object.fromEntries(initiative.kpis.map((kpi) => [FIELD.kpi(kpi), actual.get(kpi.id)?.toString() ?? ''])),
  };
}

/** Server-side validation of a submission; the card's own checks are only a convenience. */
export function validateAnswer(values: FormValues, initiative: Initiative, locale: Locale): { answer: Answer } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const label = (key: Parameters<typeof checkInText>[1]) => checkInText(locale, key);
  const text = (id: string, field: string, max: number, required: boolean) => {
    const value = values[id] ?? '';
    if (required && value.trim() === '') errors[id] = checkInText(locale, 'error.required', { field });
    else if ([...value].length > max)
      errors[id] = checkInText(locale, 'error.tooLong', { field, max: max.toLocaleString('ja-JP'), length: [...value].length });
    return value.trim();
  };
  const choice = <T extends string>(id: string, field: string, allowed: readonly T[]): T | undefined => {
    const value = values[id] ?? '';
    if ((allowed as readonly string[]).includes(value)) return value as T;
    errors[id] =
      value === ''
        ? checkInText(locale, 'error.required', { field })
        : checkInText(locale, 'error.choice', { field, choices: allowed.join(' / ') });
    return undefined;
  };

  const progress = text(FIELD.progress, label('card.progress'), LIMITS.progress, true);
  const weather = choice<Weather>(FIELD.weather, label('card.weather'), WEATHERS);
  const direction = choice<Direction>(FIELD.direction, label('card.direction'), DIRECTIONS);
  const reasonRequired = direction !== undefined && DIRECTIONS_NEEDING_REASON.includes(direction);
  const directionReason = text(FIELD.directionReason, label('field.directionReason'), LIMITS.directionReason, false);
  if (reasonRequired && directionReason === '' && !errors[FIELD.directionReason]) {
    errors[FIELD.directionReason] = checkInText(locale, 'error.reasonRequired', { direction });
  }
  const nextActions = text(FIELD.nextActions, label('card.nextActions'), LIMITS.nextActions, false);
  const kpiActuals = initiative.kpis.map((kpi) => {
    const parsed = parseKpiValue(values[FIELD.kpi(kpi)] ?? '');
    const field = kpi.name;
    if (parsed === 'invalid') errors[FIELD.kpi(kpi)] = checkInText(locale, 'error.number', { field });
    else if (parsed !== null && !withinRange(parsed, kpi)) {
      const [min, max] = rangeOf(kpi);
      errors[FIELD.kpi(kpi)] = checkInText(locale, 'error.range', { field, min, max: max.toLocaleString('ja-JP') });
    }
    return { kpiId: kpi.id, value: typeof parsed === 'number' ? parsed : null };
  });

  if (Object.keys(errors).length > 0 || !weather || !direction) return { errors };
  return { answer: { progress, weather, direction, directionReason, nextActions, kpiActuals } };
}

/**
 * Accepts what staff type in Japanese offices: full-width digits, thousands separators and a
 * trailing unit or %. Empty means "not measured this quarter".
 */
export function parseKpiValue(raw: string): number | null | 'invalid' {
  return parseTypedNumber(raw, { maxAbs: LIMITS.kpiValue });
}

/** Rates cannot fall below 0 % or pass 1,000 %; counts cannot be negative. */
function rangeOf(kpi: Kpi): [number, number] {
  if (kpi.unit === '%') return [0, 1000];
  return [0, LIMITS.kpiValue];
}

function withinRange(value: number, kpi: Kpi): boolean {
  const [min, max] = rangeOf(kpi);
  return value >= min && value <= max;
}
