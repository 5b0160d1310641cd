import type { CardActionHandler } from '../../platform/bot-turn';
import { cardActionHandler } from '../../platform/card-action';
import { noticeActions } from '../card-actions';
import { validateCorrection } from '../rules';
import { noticeText } from '../strings';
import { reviseNotice } from '../workflow';
import { accessNotice } from './access';
import type { NoticeHandlerDeps } from './deps';
import { senderCardResult } from './views';

/** 訂正する: the sender's card becomes the correction form (件名, 本文). */
export function correctFormAction(deps: NoticeHandlerDeps): CardActionHandler {
  return cardActionHandler(noticeActions.correctForm, async (turn, data) => {
    const access = await accessNotice(turn, data.noticeId, deps, 'notice.correct');
    if ('message' in access) return access;
    const mode = access.notice.status === 'awaitingApproval' ? ({ kind: 'view' } as const) : ({ kind: 'correctForm' } as const);
    return senderCardResult(deps, access.notice, turn.today, turn.locale, mode);
  });
}

/** 訂正して再送する (sent) or 修正して承認を依頼する (returned). */
export function correctAction(deps: NoticeHandlerDeps): CardActionHandler {
  return cardActionHandler(noticeActions.correct, async (turn, data, inputs) => {
    const access = await accessNotice(turn, data.noticeId, deps, 'notice.correct');
    if ('message' in access) return access;
    const checked = validateCorrection(inputs);
    if ('errors' in checked) {
      const errors =
        turn.locale === 'ja'
          ? checked.errors
          : Object.fromEntries(Object.keys(checked.errors).map((field) => [field, noticeText('en', 'compose.errors')]));
      return senderCardResult(deps, access.notice, turn.today, turn.locale, { kind: 'correctForm', errors, values: checked.values });
    }
    const result = await reviseNotice(deps, access.notice.id, access.actor.person.id, checked.change, data.revision);
    if ('error' in result)
      return { message: result.reason === 'state' ? noticeText(turn.locale, 'error.stale', { id: access.notice.id }) : result.error };
    return senderCardResult(deps, result.notice, turn.today, turn.locale);
  });
}

/** キャンセル: the sender's card as it is. */
export function viewAction(deps: NoticeHandlerDeps): CardActionHandler {
  return cardActionHandler(noticeActions.view, async (turn, data) => {
    const access = await accessNotice(turn, data.noticeId, deps, 'notice.view');
    if ('message' in access) return access;
    return senderCardResult(deps, access.notice, turn.today, turn.locale);
  });
}
