import { randomUUID } from 'node:crypto';
import { authorize, ensureAllowed } from '../../platform/authorization';
import type { CommandHandler } from '../../platform/bot-turn';
import { t } from '../../platform/i18n';
import { askFormCard } from '../cards/ask-form-card';
import { askableDepartments } from './askable-departments';
import type { InquiryHandlerDeps } from './deps';
import { inquiryText } from '../strings';

/** 「質問」: the ask form. Questions go from personal chat, so a ward's question is not posted where others read it. */
export function askCommand(deps: InquiryHandlerDeps): CommandHandler {
  return {
    keywords: ['質問', '照会', 'ask'],
    help: {
      usage: { ja: '質問', en: 'ask' },
      description: { ja: '本庁の所管課に疑義照会を送ります', en: 'Asks an HQ department how a rule applies' },
      shownTo: (actor) => authorize(actor, 'inquiry.ask').allowed,
    },
    async handle(turn) {
      if (turn.actor.kind === 'unknown') return void (await turn.reply({ text: t(turn.locale, 'help.unregistered') }));
      ensureAllowed(turn.actor.actor, 'inquiry.ask');
      if (turn.conversation.kind !== 'personal') return void (await turn.reply({ text: inquiryText(turn.locale, 'ask.personalOnly') }));
      const departments = await askableDepartments(deps.store);
      if (departments.length === 0) return void (await turn.reply({ text: inquiryText(turn.locale, 'ask.noDepartments') }));
      await turn.reply({
        card: askFormCard({ departments, today: turn.today, locale: turn.locale, requestId: randomUUID() }),
        summary: inquiryText(turn.locale, 'ask.summary'),
      });
    },
  };
}
