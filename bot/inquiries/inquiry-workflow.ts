import type { Actor } from '../platform/identity';
import { fiscalYearOf, japanDateOf } from '../platform/fiscal-calendar';
import type { Logger } from '../platform/logger';
import type { Store } from '../store/ports';
import { loadInquiryContext } from './inquiry-context';
import { eventEffects, submissionEffects } from './inquiry-effects';
import { transition, type InquiryEvent } from './lifecycle';
import type { Inquiry } from './model';
import type { Question } from './question-form';
import { rulingFromAnswer, rulingIdFor } from './ruling-from-answer';

export interface InquiryWorkflowDeps {
  store: Store;
  logger: Logger;
  now: () => Date;
  /** The tab's base URL, for links to rulings in cards. */
  tabUrl: string;
  /** Wakes the outbox dispatcher after new messages were queued. */
  nudge: () => void;
}

/**
 * Sends a question: a number of the fiscal year, the stored inquiry, the audit entry and the
 * thread and status cards in the outbox, all in one transaction. The same requestId again
 * (a double press, a retried request) returns the inquiry made the first time.
 */
export async function submitInquiry(deps: InquiryWorkflowDeps, asker: Actor, question: Question, requestId: string): Promise<{ inquiry: Inquiry; created: boolean }> {
  const now = deps.now();
  const today = japanDateOf(now);
  const result = await deps.store.transaction(async (tx) => {
    const earlier = (await tx.inquiries.list({ askerId: asker.person.id })).find((i) => i.requestId === requestId);
    if (earlier) return { inquiry: earlier, created: false };
    const fiscalYear = fiscalYearOf(today);
    const inquiry: Inquiry = {
      number: await tx.inquiries.allocateNumber(fiscalYear),
      fiscalYear,
      askerId: asker.person.id,
      askerDepartmentId: asker.department.id,
      ...question,
      status: 'submitted',
      assigneeId: null,
      draft: null,
      returnComment: null,
      answer: null,
      clarifications: [],
      rulingId: null,
      requestId,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    await tx.inquiries.insert(inquiry);
    await tx.audit.append({ actorId: asker.person.id, action: 'inquiry.submit', objectType: 'inquiry', objectId: inquiry.number, detail: { to: 'submitted', targetDepartmentId: inquiry.targetDepartmentId } });
    const context = await loadInquiryContext(tx, inquiry, deps.tabUrl);
    for (const message of submissionEffects(inquiry, context, today)) await tx.outbox.enqueue(message);
    return { inquiry, created: true };
  });
  if (result.created) deps.nudge();
  return result;
}

/**
 * One lifecycle step, atomically: the state machine's next inquiry (saved only if nobody
 * changed it meanwhile), the shared ruling when the answer is for every ward, the audit
 * entry (who, when, from, to, comment) and every message the step causes.
 */
export async function applyInquiryEvent(deps: InquiryWorkflowDeps, number: string, event: InquiryEvent): Promise<{ inquiry: Inquiry } | { error: string }> {
  const now = deps.now();
  const today = japanDateOf(now);
  const result = await deps.store.transaction(async (tx) => {
    const before = await tx.inquiries.get(number);
    if (!before) return { error: `照会 ${number.slice(0, 20)} は見つかりません` };
    const moved = transition(before, event, now.toISOString());
    if ('error' in moved) return moved;
    const context = await loadInquiryContext(tx, moved.inquiry, deps.tabUrl);
    let after = moved.inquiry;
    if (after.status === 'shared' && !before.answer) {
      after = { ...after, rulingId: rulingIdFor(after.number) };
      await tx.rulings.upsert(rulingFromAnswer(after, context.department?.name ?? after.targetDepartmentId, today));
    }
    await tx.inquiries.update(after, before.updatedAt);
    const comment = event.type === 'return' ? event.comment : undefined;
    await tx.audit.append({ actorId: event.by, action: `inquiry.${event.type}`, objectType: 'inquiry', objectId: number, detail: { from: moved.from, to: moved.to, ...(comment ? { comment } : {}) } });
    for (const message of eventEffects(before, after, event, context, today)) await tx.outbox.enqueue(message);
    return { inquiry: after };
  });
  if ('inquiry' in result) deps.nudge();
  return result;
}
