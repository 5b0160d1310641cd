import { authorize, ensureAllowed } from '../../platform/authorization';
import type { CommandHandler } from '../../platform/bot-turn';
import { fiscalQuarterOf, quarterLabel } from '../../platform/fiscal-calendar';
import { t } from '../../platform/i18n';
import { parseQuarterArgument } from '../rules/quarter-argument';
import { rollUpCard } from '../cards/rollup-card';
import { loadRollUp } from '../context';
import { checkInText } from '../strings';
import type { CheckInHandlerDeps } from './deps';

/** 「集計 [R8 Q3]」: the roll-up now, here; without a quarter, the most recent cycle's. */
export function rollUpCommand(deps: CheckInHandlerDeps): CommandHandler {
  return {
    keywords: ['集計', 'rollup'],
    help: {
      usage: { ja: '集計 R8 Q3', en: 'rollup R8 Q3' },
      description: { ja: checkInText('ja', 'command.rollup'), en: checkInText('en', 'command.rollup') },
      shownTo: (actor) => authorize(actor, 'checkin.rollup').allowed,
    },
    async handle(turn, argument) {
      if (turn.actor.kind === 'unknown') return void (await turn.reply({ text: t(turn.locale, 'help.unregistered') }));
      ensureAllowed(turn.actor.actor, 'checkin.rollup');
      const parsed = parseQuarterArgument(argument, turn.today);
      if (parsed === 'invalid') return void (await turn.reply({ text: checkInText(turn.locale, 'start.usage') }));
      const latest = (await deps.store.checkInCycles.list())[0];
      const quarter = parsed ?? latest ?? fiscalQuarterOf(turn.today);
      if (!(await deps.store.checkInCycles.get(quarter.fiscalYear, quarter.quarter))) {
        return void (await turn.reply({
          text: checkInText(turn.locale, 'rollup.noCycle', { quarter: quarterLabel(quarter, turn.locale) }),
        }));
      }
      const { rollUp, ownerNames } = await loadRollUp(deps.store, quarter);
      await turn.reply({
        card: rollUpCard(rollUp, ownerNames, turn.locale),
        summary: checkInText(turn.locale, 'rollup.title', { quarter: quarterLabel(quarter, turn.locale) }),
      });
    },
  };
}
