import { randomUUID } from 'node:crypto';
import { authorize, ensureAllowed } from '../../platform/authorization';
import type { CommandHandler } from '../../platform/bot-turn';
import { t } from '../../platform/i18n';
import { composeCard } from '../cards/compose-card';
import { noticeText } from '../strings';
import type { NoticeHandlerDeps } from './deps';

/** 「お知らせ作成」: the compose form, in personal chat (a form in a channel would be answered for everyone). */
export function composeCommand(deps: NoticeHandlerDeps): CommandHandler {
  return {
    keywords: ['お知らせ作成', 'notice'],
    help: {
      usage: { ja: 'お知らせ作成', en: 'notice' },
      description: { ja: noticeText('ja', 'command.compose'), en: noticeText('en', 'command.compose') },
      shownTo: (actor) => authorize(actor, 'notice.compose').allowed,
    },
    async handle(turn) {
      if (turn.actor.kind === 'unknown') return void (await turn.reply({ text: t(turn.locale, 'help.unregistered') }));
      const { actor } = turn.actor;
      ensureAllowed(actor, 'notice.compose');
      if (turn.conversation.kind !== 'personal') return void (await turn.reply({ text: noticeText(turn.locale, 'error.personalOnly') }));
      const departments = await deps.store.departments.list({ kind: 'ward' });
      const card = composeCard({
        departments,
        today: turn.today,
        locale: turn.locale,
        requestId: randomUUID(),
        approvalRequired: actor.department.approvalRequired,
      });
      await turn.reply({ card, summary: noticeText(turn.locale, 'compose.header') });
    },
  };
}
