import { ensureAllowed } from '../../platform/authorization';
import type { CardActionHandler } from '../../platform/bot-turn';
import { cardActionHandler } from '../../platform/card-action';
import { t } from '../../platform/i18n';
import { noticeActions } from '../card-actions';
import { composeCard } from '../cards/compose-card';
import { doneCard } from '../cards/sender-cards';
import { readComposeForm } from '../rules';
import { noticeText } from '../strings';
import { composeNotice } from '../workflow';
import type { NoticeHandlerDeps } from './deps';
import { sectionNames } from './views';

/** 送信する / 承認を依頼する: the form checked on the server; errors come back on the form, named by field. */
export function composeAction(deps: NoticeHandlerDeps): CardActionHandler {
  return cardActionHandler(noticeActions.compose, async (turn, { requestId }, inputs) => {
    if (turn.actor.kind === 'unknown') return { message: t(turn.locale, 'help.unregistered') };
    const { actor } = turn.actor;
    ensureAllowed(actor, 'notice.compose');
    const { values, input } = readComposeForm(inputs);
    const result = await composeNotice(deps, actor, input, requestId);
    if ('errors' in result) {
      const departments = await deps.store.departments.list({ kind: 'ward' });
      return {
        card: composeCard({
          departments,
          today: turn.today,
          locale: turn.locale,
          requestId,
          approvalRequired: actor.department.approvalRequired,
          values,
          errors: result.errors,
        }),
      };
    }
    const { notice } = result;
    if (notice.status !== 'sent') return { card: doneCard(noticeText(turn.locale, 'done.awaiting', { id: notice.id })) };
    const unreachable = notice.sections.filter((s) => s.status === 'unreachable').map((s) => s.departmentId);
    const detail =
      unreachable.length > 0 ? noticeText(turn.locale, 'done.unreachable', { names: await sectionNames(deps, unreachable) }) : undefined;
    return {
      card: doneCard(noticeText(turn.locale, 'done.sent', { id: notice.id, count: notice.sections.length - unreachable.length }), detail),
    };
  });
}
