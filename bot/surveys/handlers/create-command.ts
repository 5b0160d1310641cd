import { ensureAllowed } from '../../platform/authorization';
import type { CommandHandler } from '../../platform/bot-turn';
import { t } from '../../platform/i18n';
import { createSurveyCard } from '../cards/follow-up-cards';
import { surveyText } from '../strings';
import type { SurveyHandlerDeps } from './deps';

/** 「照会作成」: surveys are written in the tab (a form builder); the answer is a card that opens it. */
export function createCommand(deps: SurveyHandlerDeps): CommandHandler {
  return {
    keywords: ['照会作成', 'survey'],
    help: {
      usage: { ja: '照会作成', en: 'survey' },
      description: { ja: surveyText('ja', 'command.create'), en: surveyText('en', 'command.create') },
    },
    async handle(turn) {
      if (turn.actor.kind === 'unknown') return void (await turn.reply({ text: t(turn.locale, 'help.unregistered') }));
      ensureAllowed(turn.actor.actor, 'survey.create');
      await turn.reply({ card: createSurveyCard(turn.locale, deps.tabUrl), summary: surveyText(turn.locale, 'create.header') });
    },
  };
}
