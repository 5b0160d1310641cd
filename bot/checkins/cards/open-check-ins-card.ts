import { adaptiveCard, successText, plainText, textBlock, type AdaptiveCard, type CardElement } from '../../platform/adaptive-card';
import { formatDate, quarterLabel } from '../../platform/fiscal-calendar';
import type { Locale } from '../../platform/i18n';
import type { CheckInCycle, Initiative } from '../model';
import { checkInActions } from '../card-actions';
import { checkInText } from '../strings';

export interface OpenCheckIn {
  initiative: Initiative;
  cycle: CheckInCycle;
  answered: boolean;
}

/** 「チェックイン」: my initiatives in the open cycles, each with a button that shows its form. */
export function openCheckInsCard(items: OpenCheckIn[], locale: Locale): AdaptiveCard {
  const body: CardElement[] = [textBlock(checkInText(locale, 'list.title'), { size: 'Large', weight: 'Bolder', style: 'heading' })];
  const open = items.filter((item) => !item.answered);
  if (open.length === 0) body.push(textBlock(checkInText(locale, 'list.none'), { isSubtle: true }));
  for (const item of items) {
    const line = checkInText(locale, 'list.item', {
      code: item.initiative.code,
      title: item.initiative.title,
      quarter: quarterLabel(item.cycle, locale),
      date: formatDate(item.cycle.dueOn, locale),
    });
    const data = { initiativeCode: item.initiative.code, fiscalYear: item.cycle.fiscalYear, quarter: item.cycle.quarter };
    body.push({
      type: 'ColumnSet',
      spacing: 'Medium',
      columns: [
        { type: 'Column', width: 'stretch', verticalContentAlignment: 'Center', items: [textBlock(plainText(line))] },
        {
          type: 'Column',
          width: 'auto',
          verticalContentAlignment: 'Center',
          items: item.answered
            ? [successText(checkInText(locale, 'list.answered'), { weight: 'Default' })]
            : [{ type: 'ActionSet', actions: [checkInActions.open.button(checkInText(locale, 'list.open'), data)] }],
        },
      ],
    });
  }
  return adaptiveCard(body);
}
