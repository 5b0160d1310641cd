import { ensureAllowedOrAudit } from '../../platform/audited-access';
import type { Action } from '../../platform/authorization';
import type { BotTurn } from '../../platform/bot-turn';
import { t } from '../../platform/i18n';
import type { Actor } from '../../platform/identity';
import type { Inquiry } from '../model';
import type { InquiryWorkflowDeps } from '../workflow';
import { inquiryText } from '../strings';

export type InquiryAccess = { actor: Actor; inquiry: Inquiry } | { message: string };

/**
 * The inquiry a card button is about, re-read from the store, and whether this person may do
 * `action` on it, decided from the store's facts, never from the card. A refusal (another
 * department's card, another user's inquiry) is logged with ids only and audited.
 */
export async function accessInquiry(
  turn: BotTurn,
  ref: { number: string },
  deps: InquiryWorkflowDeps,
  action: Action,
): Promise<InquiryAccess> {
  if (turn.actor.kind === 'unknown') return { message: t(turn.locale, 'help.unregistered') };
  const { actor } = turn.actor;
  const { number } = ref;
  const inquiry = await deps.store.inquiries.get(number);
  if (!inquiry) return { message: inquiryText(turn.locale, 'error.notFound', { number }) };
  const subject = {
    type: 'inquiry',
    targetDepartmentId: inquiry.targetDepartmentId,
    askerId: inquiry.askerId,
    askerDepartmentId: inquiry.askerDepartmentId,
  } as const;
  await ensureAllowedOrAudit(deps, actor, action, subject, { objectType: 'inquiry', objectId: number });
  return { actor, inquiry };
}
