import { nameWithTitle } from '../../shared/person-title';
import { ROLES } from '../directory/model';
import { adaptiveCard, factSet, plainText, textBlock } from '../platform/adaptive-card';
import type { BotTurn, CommandHandler } from '../platform/bot-turn';
import { t } from '../platform/i18n';

/** わたし / whoami: shows how the bot sees the caller (name, department, roles). */
export function whoamiCommand(): CommandHandler {
  return {
    keywords: ['わたし', '私', 'whoami', 'プロフィール'],
    help: {
      usage: { ja: 'わたし', en: 'whoami' },
      description: { ja: t('ja', 'help.command.whoami'), en: t('en', 'help.command.whoami') },
    },
    async handle(turn: BotTurn) {
      const { locale } = turn;
      if (turn.actor.kind === 'unknown') {
        await turn.reply({ text: t(locale, 'help.unregistered') });
        return;
      }
      const { person, department, roles } = turn.actor.actor;
      const roleNames = ROLES.filter((role) => roles.has(role)).map((role) => t(locale, `role.${role}`));
      const card = adaptiveCard([
        textBlock(t(locale, 'whoami.title'), { weight: 'Bolder', size: 'Medium' }),
        factSet([
          { title: t(locale, 'whoami.name'), value: plainText(nameWithTitle(person.displayName, person.title)) },
          { title: t(locale, 'whoami.department'), value: plainText(`${department.office} ${department.name}`) },
          { title: t(locale, 'whoami.roles'), value: roleNames.join('、') },
        ]),
      ]);
      await turn.reply({ card, summary: t(locale, 'whoami.title') });
    },
  };
}
