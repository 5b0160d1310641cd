import type { CardActionHandler } from '../../platform/bot-turn';
import { cardActionHandler } from '../../platform/card-action';
import { t } from '../../platform/i18n';
import { noticeActions } from '../card-actions';
import { sectionCard } from '../cards/section-cards';
import { loadNoticeContext, namesOf } from '../context';
import { noticeText } from '../strings';
import { confirmNotice } from '../workflow';
import { auditRefusal } from './access';
import type { NoticeHandlerDeps } from './deps';

/**
 * 確認しました: only a person of the section the card is for confirms it (decided from the
 * directory, never the card); anyone else is refused and the attempt audited. The card comes
 * back showing who confirmed, and the other cards of the section and the sender's count follow
 * through the outbox.
 */
export function confirmAction(deps: NoticeHandlerDeps): CardActionHandler {
  return cardActionHandler(noticeActions.confirm, async (turn, data) => {
    if (turn.actor.kind === 'unknown') return { message: t(turn.locale, 'help.unregistered') };
    const { actor } = turn.actor;
    const notice = await deps.store.notices.get(data.noticeId);
    if (!notice) return { message: noticeText(turn.locale, 'error.notFound', { id: data.noticeId }) };
    const names = namesOf(await loadNoticeContext(deps.store, notice, deps.tabUrl));
    if (actor.department.id !== data.sectionId || !notice.sections.some((s) => s.departmentId === data.sectionId)) {
      await auditRefusal(deps, actor, notice.id, 'notice.confirm', { sectionId: data.sectionId });
      return { message: noticeText(turn.locale, 'error.otherSection', { section: names.department(data.sectionId) }) };
    }
    // A card of an earlier revision: show the current one, to be read before confirming.
    if (data.revision !== notice.revision)
      return { card: sectionCard(notice, data.sectionId, names, turn.locale, { tabUrl: deps.tabUrl }) };
    const result = await confirmNotice(deps, notice.id, { id: actor.person.id, departmentId: actor.department.id });
    if ('error' in result)
      return { message: result.reason === 'notSent' ? noticeText(turn.locale, 'error.notSent', { id: notice.id }) : result.error };
    return {
      card: sectionCard(
        result.notice,
        data.sectionId,
        namesOf(await loadNoticeContext(deps.store, result.notice, deps.tabUrl)),
        turn.locale,
        { tabUrl: deps.tabUrl },
      ),
    };
  });
}
