import { auditRefusal, type Refusal, type RefusalSinks } from './audit';
import { ensureAllowed, ForbiddenError, type Action, type Subject } from './authorization';
import type { Actor } from './identity';

/**
 * ensureAllowed(), with a refusal audited (auditRefusal) before its ForbiddenError goes on to
 * become a 403 or the card's answer. `attempted` defaults to the action checked.
 */
export async function ensureAllowedOrAudit(
  deps: RefusalSinks,
  actor: Actor,
  action: Action,
  subject: Subject,
  refused: Omit<Refusal, 'actorId' | 'attempted'> & { attempted?: string },
): Promise<void> {
  try {
    ensureAllowed(actor, action, subject);
  } catch (error) {
    if (error instanceof ForbiddenError)
      await auditRefusal(deps, { ...refused, actorId: actor.person.id, attempted: refused.attempted ?? action });
    throw error;
  }
}
