import type { CardActionHandler } from '../../platform/bot-turn';
import { cardActionHandler } from '../../platform/card-action';
import { typedText } from '../../platform/typed-text';
import { noticeActions } from '../card-actions';
import { approvalCard, doneCard } from '../cards/sender-cards';
import { loadNoticeContext, namesOf } from '../context';
import { NOTICE_LIMITS } from '../model';
import { noticeText } from '../strings';
import { approveNotice, returnNotice } from '../workflow';
import { accessNotice } from './access';
import type { NoticeHandlerDeps } from './deps';
import { sectionNames } from './views';

/** 承認して送信: an approver of the sending department (never the author) sends it. */
export function approveAction(deps: NoticeHandlerDeps): CardActionHandler {
  return cardActionHandler(noticeActions.approve, async (turn, data) => {
    const access = await accessNotice(turn, data.noticeId, deps, 'notice.approve');
    if ('message' in access) return access;
    const result = await approveNotice(deps, data.noticeId, access.actor.person.id, data.version);
    if ('error' in result)
      return { message: result.reason === 'state' ? noticeText(turn.locale, 'error.stale', { id: data.noticeId }) : result.error };
    const { notice } = result;
    const unreachable = notice.sections.filter((s) => s.status === 'unreachable').map((s) => s.departmentId);
    const detail =
      unreachable.length > 0 ? noticeText(turn.locale, 'done.unreachable', { names: await sectionNames(deps, unreachable) }) : undefined;
    return {
      card: doneCard(
        noticeText(turn.locale, 'done.approved', { id: notice.id, count: notice.sections.length - unreachable.length }),
        detail,
      ),
    };
  });
}

/** 差戻し: back to the author with a reason (required). */
export function returnAction(deps: NoticeHandlerDeps): CardActionHandler {
  return cardActionHandler(noticeActions.return, async (turn, data, inputs) => {
    const access = await accessNotice(turn, data.noticeId, deps, 'notice.return');
    if ('message' in access) return access;
    const { notice } = access;
    if (notice.status !== 'awaitingApproval' || notice.updatedAt !== data.version)
      return { message: noticeText(turn.locale, 'error.stale', { id: notice.id }) };
    const comment = typedText(inputs.comment).trim();
    if (!comment || [...comment].length > NOTICE_LIMITS.comment) {
      const error = comment
        ? noticeText(turn.locale, 'error.commentTooLong', { max: NOTICE_LIMITS.comment })
        : noticeText(turn.locale, 'error.commentRequired');
      const context = await loadNoticeContext(deps.store, notice, deps.tabUrl);
      return { card: approvalCard(notice, namesOf(context), notice.sections.length, turn.locale, error) };
    }
    const result = await returnNotice(deps, notice.id, access.actor.person.id, comment, data.version);
    if ('error' in result)
      return { message: result.reason === 'state' ? noticeText(turn.locale, 'error.stale', { id: notice.id }) : result.error };
    return { card: doneCard(noticeText(turn.locale, 'done.returned', { id: notice.id }), comment) };
  });
}
