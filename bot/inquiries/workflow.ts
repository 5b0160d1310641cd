import { fiscalYearOf, japanDateOf, type IsoDate } from '../platform/fiscal-calendar';
import type { Actor } from '../platform/identity';
import type { Logger } from '../platform/logger';
import type { NewOutboxMessage } from '../platform/outbox/model';
import type { Store, StoreSession } from '../store/ports';
import { loadInquiryContext } from './context';
import { escalationEffects, eventEffects, reminderEffects, submissionEffects } from './effects';
import type { Inquiry } from './model';
import { planDeadlineWork } from './rules/deadlines';
import { transition, type InquiryEvent, type StepRefusal } from './rules/lifecycle';
import type { Question } from './rules/question-form';
import { rulingFromAnswer, rulingIdFor } from './rules/ruling-from-answer';

/**
 * The 疑義照会 flow's steps. Each is one store transaction (the inquiry, its audit entry and
 * every message it causes commit together) and returns what changed; handlers and API routes
 * call these and nothing below them.
 */

export interface InquiryWorkflowDeps {
  store: Store;
  logger: Logger;
  now: () => Date;
  /** The tab's base URL, for links to rulings in cards. */
  tabUrl: string;
  /** Wakes the outbox dispatcher after new messages were queued. */
  nudge: () => void;
}

/** The name a deferred question is queued under (see replaySubmitInquiry). */
export const SUBMIT_INQUIRY_STEP = 'inquiries.submit';

/**
 * Sends a question: a number of the fiscal year, the stored inquiry, the audit entry and the
 * thread and status cards in the outbox, all in one transaction. The same requestId again
 * (a double press, a retried request) returns the inquiry made the first time. With SharePoint
 * out, the whole step is queued and WriteDeferredError thrown (replaySubmitInquiry).
 */
export async function submitInquiry(
  deps: InquiryWorkflowDeps,
  asker: Actor,
  question: Question,
  requestId: string,
  noticeId?: string,
): Promise<{ inquiry: Inquiry; created: boolean }> {
  const now = deps.now();
  const today = japanDateOf(now);
  const deferAs = {
    step: SUBMIT_INQUIRY_STEP,
    id: `${asker.person.id}:${requestId}`,
    args: { asker, question, requestId, at: now.toISOString() },
  };
  const result = await deps.store.transaction(
    async (tx) => {
      const earlier = (await tx.inquiries.list({ askerId: asker.person.id })).find((i) => i.requestId === requestId);
      if (earlier) {
        if (await submissionAudited(tx, earlier)) return { inquiry: earlier, created: false };
        await recordSubmission(deps, tx, earlier, today);
        return { inquiry: earlier, created: true };
      }
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
        ...(noticeId ? { noticeId } : {}),
        requestId,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
      await tx.inquiries.insert(inquiry);
      await recordSubmission(deps, tx, inquiry, today);
      return { inquiry, created: true };
    },
    { deferAs },
  );
  if (result.created) deps.nudge();
  return result;
}

/** The submission's audit entry and its thread and status cards (keyed, so each is queued once). */
async function recordSubmission(deps: InquiryWorkflowDeps, tx: StoreSession, inquiry: Inquiry, today: IsoDate) {
  await tx.audit.append({
    actorId: inquiry.askerId,
    action: 'inquiry.submit',
    objectType: 'inquiry',
    objectId: inquiry.number,
    detail: { to: 'submitted', targetDepartmentId: inquiry.targetDepartmentId },
  });
  const context = await loadInquiryContext(tx, inquiry, deps.tabUrl);
  for (const message of submissionEffects(inquiry, context, today)) await tx.outbox.enqueue(message);
}

/**
 * Whether a stored question has its audit entry. Without one, an earlier attempt stored it in
 * SharePoint and was cut off before the operational store committed (an outage, a crash): the
 * entry and the cards are written now, so every stored question is audited and sent once.
 */
async function submissionAudited(tx: StoreSession, inquiry: Inquiry): Promise<boolean> {
  return (await tx.audit.list({ objectType: 'inquiry', objectId: inquiry.number, actions: ['inquiry.submit'], limit: 1 })).length > 0;
}

/** Runs a queued question again (the dispatcher, once SharePoint answers), at the time it was sent. */
export async function replaySubmitInquiry(deps: InquiryWorkflowDeps, args: Record<string, unknown>): Promise<'done'> {
  const { asker, question, requestId, at } = args as { asker: Actor; question: Question; requestId: string; at: string };
  await submitInquiry({ ...deps, now: () => new Date(at) }, asker, question, requestId);
  return 'done';
}

/** Where a previewed question's facts are kept for 効果検証: ids and the category only (the text may name a resident). */
const REQUEST = 'inquiryRequest';
/** A chat search (its query is the object id). */
const SEARCH = 'rulingSearch';

/**
 * Remembers that `asker` was shown suggestions for the question of form `requestId`: the
 * department and suggestions come from the server's own check, so これで解決した later counts
 * what the server saw, not what the card says.
 */
export async function recordPreview(
  deps: InquiryWorkflowDeps,
  asker: Actor,
  requestId: string,
  question: Pick<Question, 'targetDepartmentId' | 'category'>,
  suggestionIds: string[],
): Promise<void> {
  await deps.store.audit.append({
    actorId: asker.person.id,
    action: 'inquiry.previewed',
    objectType: REQUEST,
    objectId: requestId,
    detail: { departmentId: question.targetDepartmentId, category: question.category, suggestionIds },
  });
}

/**
 * これで解決した: counts a question settled by a suggestion once per question (requestId) and
 * person, with the department and suggestions of the server's preview. `unknown`: no preview of
 * this form by this person (a forged or foreign press), nothing counted.
 */
export async function recordDeflection(
  deps: InquiryWorkflowDeps,
  asker: Actor,
  requestId: string,
): Promise<'counted' | 'already' | 'unknown'> {
  return deps.store.transaction(async (tx) => {
    const seen = await tx.audit.list({
      objectType: REQUEST,
      objectId: requestId,
      actorId: asker.person.id,
      actions: ['inquiry.previewed', 'inquiry.deflected'],
    });
    if (seen.some((e) => e.action === 'inquiry.deflected')) return 'already';
    const preview = seen.find((e) => e.action === 'inquiry.previewed');
    if (!preview) return 'unknown';
    await tx.audit.append({
      actorId: asker.person.id,
      action: 'inquiry.deflected',
      objectType: REQUEST,
      objectId: requestId,
      detail: preview.detail,
    });
    return 'counted';
  });
}

/**
 * これで解決した under a chat search: the query settled by the rulings shown, once per person and
 * query (the audit entry is what 効果検証 counts and what an admin reviews for new synonyms).
 * Only rulings that exist are recorded; `unknown` when none of the ids does.
 */
export async function recordSearchResolved(
  deps: InquiryWorkflowDeps,
  asker: Actor,
  query: string,
  rulingIds: string[],
): Promise<'counted' | 'already' | 'unknown'> {
  return deps.store.transaction(async (tx) => {
    const existing: string[] = [];
    for (const id of rulingIds) if (await tx.rulings.get(id)) existing.push(id);
    if (existing.length === 0) return 'unknown';
    const objectId = query.trim().slice(0, 200);
    const seen = await tx.audit.list({
      objectType: SEARCH,
      objectId,
      actorId: asker.person.id,
      actions: ['ruling.searchResolved'],
      limit: 1,
    });
    if (seen.length > 0) return 'already';
    await tx.audit.append({
      actorId: asker.person.id,
      action: 'ruling.searchResolved',
      objectType: SEARCH,
      objectId,
      detail: { rulingIds: existing },
    });
    return 'counted';
  });
}

/**
 * One lifecycle step, atomically: the state machine's next inquiry (saved only if nobody
 * changed it meanwhile), the shared ruling when the answer is for every ward, the audit
 * entry (who, when, from, to, comment) and every message the step causes.
 */
export async function applyInquiryEvent(
  deps: InquiryWorkflowDeps,
  number: string,
  event: InquiryEvent,
): Promise<{ inquiry: Inquiry } | { error: StepRefusal }> {
  const now = deps.now();
  const today = japanDateOf(now);
  const result = await deps.store.transaction(async (tx): Promise<{ inquiry: Inquiry } | { error: StepRefusal }> => {
    const before = await tx.inquiries.get(number);
    if (!before) return { error: { reason: 'notFound', number } };
    if (event.type === 'reassign' && !(await canAnswerFor(tx, event.to, before.targetDepartmentId)))
      return { error: { reason: 'notResponder' } };
    const moved = transition(before, event, now.toISOString());
    if ('error' in moved) return moved;
    const context = await loadInquiryContext(tx, moved.inquiry, deps.tabUrl);
    let after = moved.inquiry;
    if (after.status === 'shared' && !before.answer) {
      after = { ...after, rulingId: rulingIdFor(after.number) };
      await tx.rulings.upsert(rulingFromAnswer(after, context.department?.name ?? after.targetDepartmentId, today));
    }
    await tx.inquiries.update(after, before.updatedAt);
    const comment = event.type === 'return' ? event.comment : event.type === 'withdraw' ? event.reason : undefined;
    // Who worked on it before and after, for the steps that change that (担当を外す, 担当変更).
    const assignee = before.assigneeId !== after.assigneeId ? { assigneeFrom: before.assigneeId, assigneeTo: after.assigneeId } : {};
    await tx.audit.append({
      actorId: event.by,
      action: `inquiry.${event.type}`,
      objectType: 'inquiry',
      objectId: number,
      detail: { from: moved.from, to: moved.to, ...(comment ? { comment } : {}), ...assignee },
    });
    for (const message of eventEffects(before, after, event, context, today)) await tx.outbox.enqueue(message);
    return { inquiry: after };
  });
  if ('inquiry' in result) deps.nudge();
  return result;
}

/** Whether `personId` answers for the department (a responder or approver in it): who 担当変更 may hand an inquiry to. */
async function canAnswerFor(tx: StoreSession, personId: string, departmentId: string): Promise<boolean> {
  const person = await tx.people.get(personId);
  return !!person && person.departmentId === departmentId && (person.roles.includes('responder') || person.roles.includes('approver'));
}

/**
 * The deadline pass (run by every instance): reminders the day before the due date and, once
 * overdue, the approvers told. Keys make each happen once per inquiry; returns how many were queued.
 */
export async function queueDeadlineMessages(store: Store, now: Date, tabUrl: string): Promise<number> {
  const today = japanDateOf(now);
  const plan = planDeadlineWork(today, await store.inquiries.list());
  let queued = 0;
  await store.transaction(async (tx) => {
    const reachable = new Set(await tx.conversations.listKeys());
    const queue = async (candidates: NewOutboxMessage[]) => {
      // Nobody the bot can reach yet: queue nothing, so the next pass tries again (and the
      // outbox never fills with messages that can only die).
      const deliverable =
        reachable.size === 0 ? [] : candidates.filter((m) => m.conversationKey.startsWith('channel:') || reachable.has(m.conversationKey));
      for (const message of deliverable) if (await tx.outbox.enqueue(message)) queued += 1;
      return deliverable.length;
    };
    for (const inquiry of plan.remind) await queue(reminderEffects(inquiry, await loadInquiryContext(tx, inquiry, tabUrl), today));
    for (const inquiry of plan.escalate) {
      const effects = escalationEffects(inquiry, await loadInquiryContext(tx, inquiry, tabUrl), today);
      // Approvers who never opened the bot are told in the department's channel instead.
      if ((await queue(effects.toApprovers)) === 0) await queue(effects.inThread);
    }
  });
  return queued;
}
