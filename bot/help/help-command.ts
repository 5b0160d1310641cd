import type { BotTurn, CommandHandler, CommandHelp } from '../platform/bot-turn';
import { t } from '../platform/i18n';
import { buildHelpCard } from './help-card';

/**
 * The commands this person may use (each command's own check), in personal chat; in a channel or
 * group chat, those everyone may use.
 */
function commandsFor(turn: BotTurn, commands: CommandHelp[]): CommandHelp[] {
  const actor = turn.actor.kind === 'known' && turn.conversation.kind === 'personal' ? turn.actor.actor : undefined;
  return commands.filter((command) => !command.shownTo || (actor !== undefined && command.shownTo(actor)));
}

/** こんにちは / ヘルプ / help: replies with the help card listing the commands this person may use. */
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
        // A channel's card is read by everyone there: no one's name, and only what everyone may use.
        inChannel: turn.conversation.kind !== 'personal',
        today: turn.today,
        commands: commandsFor(turn, deps.commandHelp()),
        tabUrl: deps.tabUrl,
      });
      await turn.reply({ card, summary: t(turn.locale, 'help.title') });
    },
  };
}
