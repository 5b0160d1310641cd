import type { CommandHandler } from '../../platform/bot-turn';
import { t } from '../../platform/i18n';
import { openCheckInsCard, type OpenCheckIn } from '../cards/open-check-ins-card';
import { checkInText } from '../strings';
import type { CheckInHandlerDeps } from './deps';

/** 「チェックイン」: my initiatives in every cycle still open, answered or not, with due dates. */
export function myCheckInsCommand(deps: CheckInHandlerDeps): CommandHandler {
  return {
    keywords: ['チェックイン', 'checkin', 'check-in'],
    help: {
      usage: { ja: 'チェックイン', en: 'checkin' },
      description: { ja: checkInText('ja', 'command.checkins'), en: checkInText('en', 'command.checkins') },
    },
    async handle(turn) {
      if (turn.actor.kind === 'unknown') return void (await turn.reply({ text: t(turn.locale, 'help.unregistered') }));
      const me = turn.actor.actor.person.id;
      const initiatives = await deps.store.initiatives.list({ ownerId: me });
      if (initiatives.length === 0) return void (await turn.reply({ text: checkInText(turn.locale, 'list.noOwnership') }));
      const openCycles = (await deps.store.checkInCycles.list()).filter((cycle) => !cycle.closedAt);
      const items: OpenCheckIn[] = [];
      for (const cycle of openCycles) {
        const answered = new Set((await deps.store.checkIns.listForQuarter(cycle.fiscalYear, cycle.quarter)).map((c) => c.initiativeCode));
        for (const initiative of initiatives) items.push({ initiative, cycle, answered: answered.has(initiative.code) });
      }
      await turn.reply({ card: openCheckInsCard(items, turn.locale), summary: checkInText(turn.locale, 'list.title') });
    },
  };
}
