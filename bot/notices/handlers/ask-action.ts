import { randomUUID } from 'node:crypto';
import { askableDepartments, askFormCard, INQUIRY_LIMITS } from '../../inquiries';
import { ensureAllowed } from '../../platform/authorization';
import type { CardActionHandler } from '../../platform/bot-turn';
import { cardActionHandler } from '../../platform/card-action';
import { excerpt } from '../../platform/i18n';
import { cardMessage, personConversation, reachablePeople } from '../../platform/outbox/messages';
import { noticeActions } from '../card-actions';
import { noticeOutboxKey } from '../outbox-keys';
import { noticeText } from '../strings';
import { accessNotice } from './access';
import type { NoticeHandlerDeps } from './deps';

/**
 * 質問する: the 疑義照会 ask form, prefilled with the notice (to the sending department, the
 * notice's id in the subject and text) and carrying its id, so the inquiry is linked to it.
 * Questions go from personal chat: pressed in a channel, the form goes to the person's chat,
 * and the notice card stays as it is.
 */
export function askAction(deps: NoticeHandlerDeps): CardActionHandler {
  return cardActionHandler(noticeActions.ask, async (turn, data) => {
    const access = await accessNotice(turn, data.noticeId, deps, 'notice.view');
    if ('message' in access) return access;
    const { actor, notice } = access;
    ensureAllowed(actor, 'inquiry.ask');
    const departments = await askableDepartments(deps.store);
    const values = {
      targetDepartmentId: notice.senderDepartmentId,
      subject: excerpt(noticeText('ja', 'ask.subject', { id: notice.id, title: notice.title }), INQUIRY_LIMITS.subject),
      body: noticeText('ja', 'ask.body', { id: notice.id, title: notice.title }),
    };
    const card = askFormCard({ departments, today: turn.today, locale: turn.locale, values, requestId: randomUUID(), noticeId: notice.id });
    const summary = noticeText(turn.locale, 'card.ask');
    if (turn.conversation.kind === 'personal') {
      await turn.reply({ card, summary });
      return { message: noticeText(turn.locale, 'done.askSent') };
    }
    if (!(await reachablePeople(deps.store.conversations)).has(actor.person.id))
      return { message: noticeText(turn.locale, 'error.askUnreachable') };
    await deps.store.outbox.enqueue(
      cardMessage(noticeOutboxKey.askForm(notice.id, actor.person.id, randomUUID()), personConversation(actor.person.id), card, summary),
    );
    deps.nudge();
    return { message: noticeText(turn.locale, 'done.askSent') };
  });
}
