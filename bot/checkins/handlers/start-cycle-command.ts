import type { CommandHandler } from '../../platform/bot-turn';
import { authorize, ensureAllowed } from '../../platform/authorization';
import type { CheckInConfig } from '../../platform/config';
import { formatDate, quarterLabel } from '../../platform/fiscal-calendar';
import { t } from '../../platform/i18n';
import { openCycle } from '../workflow';
import { parseQuarterArgument } from '../rules/quarter-argument';
import { manualWindow } from '../rules/review-window';
import { checkInText } from '../strings';
import type { CheckInHandlerDeps } from './deps';

/** 「チェックイン開始 R8 Q3」: the PMO opens a quarter's check-in now instead of waiting for the calendar. */
export function startCycleCommand(
  deps: CheckInHandlerDeps & { settings: CheckInConfig; nudge: () => void; installsApp?: boolean },
): CommandHandler {
  return {
    keywords: ['チェックイン開始', 'checkin-start'],
    help: {
      usage: { ja: 'チェックイン開始 R8 Q3', en: 'checkin-start R8 Q3' },
      description: { ja: checkInText('ja', 'command.start'), en: checkInText('en', 'command.start') },
      shownTo: (actor) => authorize(actor, 'cycle.manage').allowed,
    },
    async handle(turn, argument) {
      if (turn.actor.kind === 'unknown') return void (await turn.reply({ text: t(turn.locale, 'help.unregistered') }));
      const { actor } = turn.actor;
      ensureAllowed(actor, 'cycle.manage');
      const quarter = parseQuarterArgument(argument, turn.today);
      if (!quarter || quarter === 'invalid') return void (await turn.reply({ text: checkInText(turn.locale, 'start.usage') }));
      const window = manualWindow(quarter, turn.today, deps.settings);
      const result = await openCycle(deps.store, {
        quarter,
        ...window,
        openedBy: actor.person.id,
        now: deps.now(),
        installsApp: deps.installsApp,
      });
      if (result.sent > 0) deps.nudge();
      const label = quarterLabel(quarter, turn.locale);
      const lines = [
        result.opened
          ? checkInText(turn.locale, 'start.opened', {
              quarter: label,
              date: formatDate(result.cycle.dueOn, turn.locale),
              sent: result.sent,
            })
          : checkInText(turn.locale, 'start.already', {
              quarter: label,
              date: formatDate(result.cycle.opensOn, turn.locale),
              due: formatDate(result.cycle.dueOn, turn.locale),
            }),
      ];
      if (result.unreachableOwnerIds.length > 0) {
        const names = await Promise.all(result.unreachableOwnerIds.map(async (id) => (await deps.store.people.get(id))?.displayName ?? id));
        lines.push(checkInText(turn.locale, 'start.unreachable', { names: names.join('、') }));
      }
      if (result.installingOwnerIds.length > 0)
        lines.push(checkInText(turn.locale, 'start.installing', { count: result.installingOwnerIds.length }));
      if (result.withoutOwner.length > 0) lines.push(checkInText(turn.locale, 'start.noOwner', { codes: result.withoutOwner.join('、') }));
      await turn.reply({ text: lines.join('\n\n') });
    },
  };
}
