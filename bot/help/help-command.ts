import type { BotTurn, CommandHandler, CommandHelp } from '../platform/bot-turn';
import { t } from '../platform/i18n';
import { buildHelpCard } from './help-card';

/** こんにちは / ヘルプ / help: replies with the help card listing the registered commands. */
export function helpCommand(deps: { commandHelp: () => CommandHelp[]; tabUrl?: string }): CommandHandler {
  return {
    keywords: [
      'ヘルプ',
      'help',
      'こんにちは',
      'こんにちわ',
      'こんばんは',
      'おはようございます',
      'はじめまして',
      '使い方',
      'つかいかた',
      'hello',
      'hi',
      '?',
    ],
    help: { usage: { ja: 'ヘルプ', en: 'help' }, description: { ja: t('ja', 'help.command.help'), en: t('en', 'help.command.help') } },
    async handle(turn: BotTurn) {
      const card = buildHelpCard({
        locale: turn.locale,
        displayName: turn.actor.kind === 'known' ? turn.actor.actor.person.displayName : undefined,
        today: turn.today,
        commands: deps.commandHelp(),
        tabUrl: deps.tabUrl,
      });
      await turn.reply({ card, summary: t(turn.locale, 'help.title') });
    },
  };
}
