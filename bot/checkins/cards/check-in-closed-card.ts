import { adaptiveCard, plainText, textBlock, type AdaptiveCard } from '../../platform/adaptive-card';
import { quarterLabel, type FiscalQuarter } from '../../platform/fiscal-calendar';
import type { Locale } from '../../platform/i18n';
import type { Initiative } from '../model';
import { checkInText } from '../strings';

/** What a form turns into when it is sent after its cycle closed: nothing was saved, and why. */
export function checkInClosedCard(input: { locale: Locale; initiative: Initiative; cycle: FiscalQuarter }): AdaptiveCard {
  const { locale, initiative, cycle } = input;
  return adaptiveCard([
    textBlock(checkInText(locale, 'closed.title', { quarter: quarterLabel(cycle, locale) }), {
      size: 'Large',
      weight: 'Bolder',
      style: 'heading',
      color: 'Warning',
    }),
    textBlock(plainText(checkInText(locale, 'card.initiative', { code: initiative.code, title: initiative.title })), { weight: 'Bolder' }),
    textBlock(checkInText(locale, 'closed.body')),
  ]);
}
