import type { CommandHandler } from '../platform/bot-turn';
import { t } from '../platform/i18n';

/**
 * 応答確認 / ping: answers pong at once. Lets staff and IT check the bot is alive, and is the
 * trivial turn that `npm run bench:checkin` compares check-in turns against.
 */
export function pingCommand(): CommandHandler {
  return {
    keywords: ['応答確認', 'ping'],
    help: { usage: { ja: '応答確認', en: 'ping' }, description: { ja: t('ja', 'help.command.ping'), en: t('en', 'help.command.ping') } },
    async handle(turn) {
      await turn.reply({ text: turn.locale === 'ja' ? 'pong（ボットは応答しています）' : 'pong (the bot is responding)' });
    },
  };
}
