import { adaptiveCard, factSet, plainText, textBlock, type AdaptiveCard, type CardElement } from '../../platform/adaptive-card';
import { quarterLabel } from '../../platform/fiscal-calendar';
import type { Locale } from '../../platform/i18n';
import { WEATHERS } from '../model';
import type { RollUp } from '../rules/rollup';
import { checkInText } from '../strings';
import { weatherLabel } from './weather';

/** At most this many lines per list, so the card stays readable; the export has everything. */
const MAX_LINES = 15;

/** The quarter's roll-up for the PMO: 天気 counts, the 雨 initiatives, who has not answered, KPIs. */
export function rollUpCard(rollUp: RollUp, ownerNames: Map<string, string>, locale: Locale): AdaptiveCard {
  const unanswered = rollUp.total - rollUp.answered;
  const body: CardElement[] = [
    textBlock(checkInText(locale, 'rollup.title', { quarter: quarterLabel(rollUp.quarter, locale) }), {
      size: 'Large',
      weight: 'Bolder',
      style: 'heading',
    }),
    textBlock(checkInText(locale, 'rollup.counts', { answered: rollUp.answered, total: rollUp.total, unanswered })),
    textBlock(checkInText(locale, 'rollup.weather'), { weight: 'Bolder', spacing: 'Medium' }),
    factSet(WEATHERS.map((w) => ({ title: weatherLabel(w), value: String(rollUp.byWeather[w]) }))),
    textBlock(checkInText(locale, 'rollup.rainy'), { weight: 'Bolder', spacing: 'Medium' }),
  ];
  body.push(
    ...(rollUp.rainy.length === 0
      ? [textBlock(checkInText(locale, 'rollup.rainyNone'), { isSubtle: true })]
      : lines(rollUp.rainy.map((r) => `${r.code} ${r.title}（${r.direction}）${r.reason ? `：${r.reason}` : ''}`))),
  );
  body.push(textBlock(checkInText(locale, 'rollup.unanswered'), { weight: 'Bolder', spacing: 'Medium' }));
  body.push(
    ...(rollUp.unanswered.length === 0
      ? [textBlock(checkInText(locale, 'rollup.unansweredNone'), { isSubtle: true })]
      : lines(
          rollUp.unanswered.map(
            (u) =>
              `${u.code} ${u.title}（${u.ownerId ? (ownerNames.get(u.ownerId) ?? u.ownerId) : checkInText(locale, 'rollup.noOwner')}）`,
          ),
        )),
  );
  if (rollUp.kpis.length > 0) {
    const achieved = rollUp.kpis.filter((k) => k.achieved).length;
    body.push(
      textBlock(checkInText(locale, 'rollup.kpi'), { weight: 'Bolder', spacing: 'Medium' }),
      textBlock(checkInText(locale, 'rollup.kpiAchieved', { achieved, measured: rollUp.kpis.length })),
      ...lines(
        [...rollUp.kpis]
          .sort((a, b) => a.percent - b.percent)
          .map((k) =>
            checkInText(locale, 'rollup.kpiLine', {
              code: k.code,
              name: k.name,
              actual: k.actual.toLocaleString('ja-JP'),
              target: k.target.toLocaleString('ja-JP'),
              unit: k.unit,
              percent: k.percent,
            }),
          ),
      ),
    );
  }
  return adaptiveCard(body);
}

function lines(items: string[]): CardElement[] {
  const shown = items.slice(0, MAX_LINES).map((item) => textBlock(plainText(`・${item}`), { spacing: 'None' }));
  if (items.length > MAX_LINES) shown.push(textBlock(`… +${items.length - MAX_LINES}`, { isSubtle: true, spacing: 'None' }));
  return shown;
}
