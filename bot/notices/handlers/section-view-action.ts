import { authorize } from '../../platform/authorization';
import type { CardActionHandler } from '../../platform/bot-turn';
import { cardActionHandler } from '../../platform/card-action';
import { t } from '../../platform/i18n';
import { channelConversation } from '../../platform/outbox/messages';
import { noticeActions } from '../card-actions';
import { sectionCard } from '../cards/section-cards';
import { loadNoticeContext, namesOf, sectionRefreshFor } from '../context';
import { noticeText } from '../strings';
import { noticeSubject } from './access';
import type { NoticeHandlerDeps } from './deps';

/**
 * A section's card in its channel as one person sees it (the refresh Teams asks for, trigger
 * "automatic", or the message's Refresh): 確認しました and 質問する for the section's own members,
 * read-only for everyone else in the channel, who already see the card as posted. The press of
 * either button is checked again by its own handler.
 */
export function sectionViewAction(deps: NoticeHandlerDeps): CardActionHandler {
  return cardActionHandler(noticeActions.sectionView, async (turn, data) => {
    if (turn.actor.kind === 'unknown') return { message: t(turn.locale, 'help.unregistered') };
    const { actor } = turn.actor;
    const notice = await deps.store.notices.get(data.noticeId);
    const section = notice?.sections.find((s) => s.departmentId === data.sectionId);
    if (!notice || !section) return { message: noticeText(turn.locale, 'error.notFound', { id: data.noticeId }) };
    const context = await loadNoticeContext(deps.store, notice, deps.tabUrl);
    const mayAct = actor.department.id === data.sectionId && authorize(actor, 'notice.confirm', noticeSubject(notice)).allowed;
    const channel = context.departments.get(data.sectionId)?.noticeChannelId;
    return {
      card: sectionCard(notice, data.sectionId, namesOf(context), turn.locale, {
        tabUrl: deps.tabUrl,
        mayAct,
        refreshFor: channel ? sectionRefreshFor(context, data.sectionId, channelConversation(channel)) : undefined,
      }),
    };
  });
}
