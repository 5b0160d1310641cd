import { auditRefusal as auditRefusedAttempt, type RefusalSinks } from '../../platform/audit';
import { ensureAllowedOrAudit } from '../../platform/audited-access';
import type { Action, Subject } from '../../platform/authorization';
import type { BotTurn } from '../../platform/bot-turn';
import { t } from '../../platform/i18n';
import type { Actor } from '../../platform/identity';
import type { Notice } from '../model';
import { noticeText } from '../strings';
import type { NoticeWorkflowDeps } from '../workflow';

export type NoticeAccess = { actor: Actor; notice: Notice } | { message: string };

/** What authorization needs to know of a notice, from the store's record (never from a card). */
export function noticeSubject(notice: Notice): Subject {
  return {
    type: 'notice',
    senderId: notice.senderId,
    senderDepartmentId: notice.senderDepartmentId,
    sectionIds: notice.sections.map((s) => s.departmentId),
    sent: notice.status === 'sent',
  };
}

/** A refused attempt on a notice, logged with ids only and audited (platform/audit.ts). */
export function auditRefusal(deps: RefusalSinks, actor: Actor, noticeId: string, attempted: string, detail: Record<string, unknown> = {}) {
  return auditRefusedAttempt(deps, { actorId: actor.person.id, objectType: 'notice', objectId: noticeId, attempted, detail });
}

/**
 * The notice a card button is about, re-read from the store, and whether this person may do
 * `action` on it, decided from the store's facts. A refusal is audited and answered with the reason.
 */
export async function accessNotice(turn: BotTurn, noticeId: string, deps: NoticeWorkflowDeps, action: Action): Promise<NoticeAccess> {
  if (turn.actor.kind === 'unknown') return { message: t(turn.locale, 'help.unregistered') };
  const { actor } = turn.actor;
  const notice = await deps.store.notices.get(noticeId);
  if (!notice) return { message: noticeText(turn.locale, 'error.notFound', { id: noticeId }) };
  await ensureAllowedOrAudit(deps, actor, action, noticeSubject(notice), { objectType: 'notice', objectId: noticeId });
  return { actor, notice };
}
