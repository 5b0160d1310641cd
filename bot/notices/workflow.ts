import { fiscalYearOf, japanDateOf } from '../platform/fiscal-calendar';
import type { Actor } from '../platform/identity';
import type { Logger } from '../platform/logger';
import { deliverablePeople } from '../platform/outbox/messages';
import type { NewOutboxMessage } from '../platform/outbox/model';
import type { Store, StoreSession } from '../store/ports';
import { retryOnConflict } from '../store/retry-on-conflict';
import { loadNoticeContext, sectionTargets, type NoticeContext } from './context';
import { approvalEffects, confirmationEffects, deliveryEffects, followUpEffects, returnEffects } from './effects';
import type { Notice, NoticeSection } from './model';
import {
  confirmSection,
  correctNotice,
  followUpFor,
  initialSections,
  resolveAudience,
  validateNoticeRequest,
  type NoticeErrors,
  type NoticeRequest,
} from './rules';

/**
 * The お知らせ flow's steps. Each is one store transaction (the notice, its audit entry and
 * every message it causes commit together, so nothing is half-sent) and returns what changed;
 * handlers, API routes and the follow-up task call these and nothing below them.
 */

export interface NoticeWorkflowDeps {
  store: Store;
  logger: Logger;
  now: () => Date;
  /** The tab's base URL, for links in cards. */
  tabUrl: string;
  /** Wakes the outbox dispatcher after new messages were queued. */
  nudge: () => void;
  /** TEAMS_APP_CATALOG_ID is set: people without a chat are written to too, after the outbox installs the app for them. */
  installsApp?: boolean;
}

/**
 * Why a step was refused: notFound (404), state (the notice is not in a state for it, or the
 * card is stale: 409), selfApproval and notInAudience (403), audience (it names nobody now: 400),
 * notSent (409).
 */
export type NoticeStepError = { error: string; reason: 'notFound' | 'state' | 'selfApproval' | 'notInAudience' | 'notSent' | 'audience' };

const notFound = (id: string): NoticeStepError => ({ error: `お知らせ ${id.slice(0, 20)} は見つかりません`, reason: 'notFound' });

/** Sections for sending now: the audience resolved against today's directory, each reachable or not. */
async function sectionsNow(
  tx: StoreSession,
  audience: Notice['audience'],
  installsApp = false,
): Promise<{ sections: NoticeSection[] } | { error: string }> {
  const [departments, people] = await Promise.all([tx.departments.list(), tx.people.list()]);
  const { reachable } = await deliverablePeople(tx.conversations, people, installsApp);
  const resolved = resolveAudience(audience, departments);
  if ('error' in resolved) return resolved;
  const context = { people: new Map(people.map((p) => [p.id, p])), reachable };
  return { sections: initialSections(resolved.sections, (d) => sectionTargets(context, d).length > 0) };
}

/**
 * A step's writes on a notice, in its transaction: the notice (refused if someone saved it since
 * `before`), its audit entry, and the messages `effects` draws from the notice's context.
 */
async function saveStep(
  tx: StoreSession,
  deps: NoticeWorkflowDeps,
  before: Notice,
  after: Notice,
  audit: { actorId: string; action: string; detail: Record<string, unknown> },
  effects: (context: NoticeContext) => NewOutboxMessage[],
): Promise<void> {
  await tx.notices.update(after, before.updatedAt);
  await tx.audit.append({ ...audit, objectType: 'notice', objectId: after.id });
  for (const message of effects(await loadNoticeContext(tx, after, deps.tabUrl, deps.installsApp))) await tx.outbox.enqueue(message);
}

/** The ids a request links to that the store does not have, named by field. */
async function unknownLinks(tx: StoreSession, request: NoticeRequest): Promise<NoticeErrors> {
  const errors: NoticeErrors = {};
  const missing = async (ids: string[], exists: (id: string) => Promise<unknown>) => {
    const found = await Promise.all(ids.map(async (id) => ((await exists(id)) ? null : id)));
    return found.filter((id): id is string => id !== null);
  };
  const rulings = await missing(
    request.rulingIds.filter((id) => !request.supersedesRulingIds.includes(id)),
    (id) => tx.rulings.get(id),
  );
  if (rulings.length > 0) errors.rulingIds = `登録されていない判断事例があります: ${rulings.slice(0, 5).join(', ')}`;
  const superseded = await missing(request.supersedesRulingIds, (id) => tx.rulings.get(id));
  if (superseded.length > 0) errors.supersedesRulingIds = `登録されていない判断事例があります: ${superseded.slice(0, 5).join(', ')}`;
  const manuals = await missing(request.manualIds, (id) => tx.manuals.get(id));
  if (manuals.length > 0) errors.manualIds = `登録されていないマニュアルがあります: ${manuals.slice(0, 5).join(', ')}`;
  return errors;
}

/**
 * Writes a notice from the compose form, the tab or the API: checked field by field (links
 * must exist, the audience must name at least one ward section), numbered N-R8-0001 in the
 * fiscal year, and either sent at once (one card per section, the sender's card) or, where
 * the department sends as an organisation, put before its approvers. The same requestId
 * again (a double press, a retried request) returns the notice made the first time.
 */
export async function composeNotice(
  deps: NoticeWorkflowDeps,
  sender: Actor,
  input: unknown,
  requestId: string,
): Promise<{ notice: Notice; created: boolean } | { errors: NoticeErrors }> {
  const now = deps.now();
  const today = japanDateOf(now);
  const checked = validateNoticeRequest(input, today);
  const result = await deps.store.transaction(async (tx): Promise<{ notice: Notice; created: boolean } | { errors: NoticeErrors }> => {
    const earlier = await tx.notices.findByRequest(sender.person.id, requestId);
    if (earlier) return { notice: earlier, created: false };
    if ('errors' in checked) return checked;
    const { request } = checked;
    const errors = await unknownLinks(tx, request);
    const resolved = await sectionsNow(tx, request.audience, deps.installsApp);
    if ('error' in resolved) errors.audience = resolved.error;
    if (Object.keys(errors).length > 0 || 'error' in resolved) return { errors };
    const approvalRequired = sender.department.approvalRequired;
    const at = now.toISOString();
    const fiscalYear = fiscalYearOf(today);
    const notice: Notice = {
      id: await tx.notices.allocateId(fiscalYear),
      fiscalYear,
      ...request,
      senderId: sender.person.id,
      senderDepartmentId: sender.department.id,
      status: approvalRequired ? 'awaitingApproval' : 'sent',
      approvedBy: null,
      returnedBy: null,
      returnComment: null,
      revision: 1,
      // Until it is approved nothing is delivered: every section waits (reachability is decided when it goes out).
      sections: approvalRequired ? resolved.sections.map((s) => ({ ...s, status: 'pending' as const })) : resolved.sections,
      history: [],
      requestId,
      createdAt: at,
      sentAt: approvalRequired ? null : at,
      updatedAt: at,
    };
    await tx.notices.insert(notice);
    await tx.audit.append({
      actorId: sender.person.id,
      action: 'notice.compose',
      objectType: 'notice',
      objectId: notice.id,
      detail: { to: notice.status, kind: notice.kind, sections: notice.sections.length },
    });
    const context = await loadNoticeContext(tx, notice, deps.tabUrl, deps.installsApp);
    const messages = approvalRequired
      ? approvalEffects(notice, context, today, notice.sections.length)
      : deliveryEffects(notice, context, today);
    for (const message of messages) await tx.outbox.enqueue(message);
    return { notice, created: true };
  });
  if ('notice' in result && result.created) deps.nudge();
  return result;
}

/**
 * What 承認 and 差戻し both require: the notice exists and still waits for approval in the
 * version the approver's card showed, and the approver is not its author (no self-approval).
 */
function awaitingApprovalBy(
  before: Notice | undefined,
  id: string,
  by: string,
  version: string | undefined,
  selfApprovalMessage: string,
): { before: Notice } | NoticeStepError {
  if (!before) return notFound(id);
  if (before.status !== 'awaitingApproval' || (version !== undefined && version !== before.updatedAt))
    return { error: `お知らせ ${id} の承認依頼は既に処理されたか、内容が変わっています`, reason: 'state' };
  if (before.senderId === by) return { error: selfApprovalMessage, reason: 'selfApproval' };
  return { before };
}

/** 承認: an approver of the sending department other than the author sends it; sections are resolved and reached now. */
export async function approveNotice(
  deps: NoticeWorkflowDeps,
  id: string,
  by: string,
  version?: string,
): Promise<{ notice: Notice } | NoticeStepError> {
  const now = deps.now();
  const today = japanDateOf(now);
  const result = await deps.store.transaction(async (tx): Promise<{ notice: Notice } | NoticeStepError> => {
    const pending = awaitingApprovalBy(
      await tx.notices.get(id),
      id,
      by,
      version,
      '自分が作成したお知らせは承認できません。別の承認者に依頼してください',
    );
    if ('error' in pending) return pending;
    const { before } = pending;
    const resolved = await sectionsNow(tx, before.audience, deps.installsApp);
    if ('error' in resolved) return { error: resolved.error, reason: 'audience' };
    const at = now.toISOString();
    const after: Notice = {
      ...before,
      status: 'sent',
      approvedBy: by,
      returnedBy: null,
      returnComment: null,
      sections: resolved.sections,
      sentAt: at,
      updatedAt: at,
    };
    await saveStep(
      tx,
      deps,
      before,
      after,
      { actorId: by, action: 'notice.approve', detail: { from: before.status, to: after.status, sections: after.sections.length } },
      (context) => deliveryEffects(after, context, today),
    );
    return { notice: after };
  });
  if ('notice' in result) deps.nudge();
  return result;
}

/** 差戻し: back to the author with the approver's reason; nothing is delivered. */
export async function returnNotice(
  deps: NoticeWorkflowDeps,
  id: string,
  by: string,
  comment: string,
  version?: string,
): Promise<{ notice: Notice } | NoticeStepError> {
  const now = deps.now();
  const today = japanDateOf(now);
  const result = await deps.store.transaction(async (tx): Promise<{ notice: Notice } | NoticeStepError> => {
    const pending = awaitingApprovalBy(await tx.notices.get(id), id, by, version, '自分が作成したお知らせは差し戻せません');
    if ('error' in pending) return pending;
    const { before } = pending;
    const after: Notice = { ...before, status: 'returned', returnedBy: by, returnComment: comment, updatedAt: now.toISOString() };
    await saveStep(
      tx,
      deps,
      before,
      after,
      { actorId: by, action: 'notice.return', detail: { from: before.status, to: after.status, comment } },
      (context) => returnEffects(after, context, today),
    );
    return { notice: after };
  });
  if ('notice' in result) deps.nudge();
  return result;
}

/**
 * 訂正 of a sent notice: the new text goes to every section again and their confirmations start
 * over, the earlier revision kept with who confirmed it. A returned (or still unapproved) notice
 * is revised instead and put before the approvers again.
 */
export async function reviseNotice(
  deps: NoticeWorkflowDeps,
  id: string,
  by: string,
  change: { title: string; body: string },
  revision?: number,
): Promise<{ notice: Notice; corrected: boolean } | NoticeStepError> {
  const now = deps.now();
  const today = japanDateOf(now);
  const result = await deps.store.transaction(async (tx): Promise<{ notice: Notice; corrected: boolean } | NoticeStepError> => {
    const before = await tx.notices.get(id);
    if (!before) return notFound(id);
    if (revision !== undefined && revision !== before.revision)
      return { error: `お知らせ ${id} は既に訂正されています（第 ${before.revision} 版）`, reason: 'state' };
    const at = now.toISOString();
    if (before.status === 'sent') {
      const after = correctNotice(before, change, by, at);
      await saveStep(tx, deps, before, after, { actorId: by, action: 'notice.correct', detail: { revision: after.revision } }, (context) =>
        deliveryEffects(after, context, today),
      );
      return { notice: after, corrected: true };
    }
    const after: Notice = { ...before, ...change, status: 'awaitingApproval', returnedBy: null, returnComment: null, updatedAt: at };
    await saveStep(
      tx,
      deps,
      before,
      after,
      { actorId: by, action: 'notice.resubmit', detail: { from: before.status, to: after.status } },
      (context) => approvalEffects(after, context, today, after.sections.length),
    );
    return { notice: after, corrected: false };
  });
  if ('notice' in result) deps.nudge();
  return result;
}

/**
 * 確認しました by a person of a ward section in the audience: the first one records the
 * section's confirmation, its cards and the sender's count update in place. A second press
 * changes nothing; a person of another section is refused.
 */
export async function confirmNotice(
  deps: NoticeWorkflowDeps,
  id: string,
  person: { id: string; departmentId: string },
): Promise<{ notice: Notice; changed: boolean } | NoticeStepError> {
  const now = deps.now();
  const today = japanDateOf(now);
  // Sections confirm independently, but the notice is saved as a whole: when another section's
  // confirmation was saved in between (ConcurrencyConflictError), read it again and apply ours on top.
  const result = await retryOnConflict(() =>
    deps.store.transaction(async (tx): Promise<{ notice: Notice; changed: boolean } | NoticeStepError> => {
      const before = await tx.notices.get(id);
      if (!before) return notFound(id);
      const outcome = confirmSection(before, person, now.toISOString());
      if ('error' in outcome) {
        return outcome.error === 'notSent'
          ? { error: `お知らせ ${id} はまだ送信されていません`, reason: 'notSent' }
          : { error: '宛先の区役所の課の職員だけが確認できます', reason: 'notInAudience' };
      }
      if (!outcome.changed) return { notice: before, changed: false };
      const after = outcome.notice;
      await saveStep(
        tx,
        deps,
        before,
        after,
        { actorId: person.id, action: 'notice.confirm', detail: { sectionId: person.departmentId, revision: after.revision } },
        (context) => confirmationEffects(after, context, person.departmentId, today),
      );
      return { notice: after, changed: true };
    }),
  );
  if ('notice' in result && result.changed) deps.nudge();
  return result;
}

/**
 * The follow-up pass (run by every instance): on the business day before the 確認期限 the
 * unconfirmed sections are reminded, after it again and their managers told. Keys make each
 * happen once per notice, revision and section; returns how many messages were queued.
 */
export async function queueNoticeFollowUps(store: Store, now: Date, tabUrl: string): Promise<number> {
  const today = japanDateOf(now);
  const due = (await store.notices.list({ status: 'sent' }))
    .map((notice) => ({ notice, plan: followUpFor(notice, today) }))
    .filter((item) => item.plan !== null);
  if (due.length === 0) return 0;
  let queued = 0;
  await store.transaction(async (tx) => {
    const known = new Set(await tx.conversations.listKeys());
    for (const { notice, plan } of due) {
      if (!plan) continue;
      const context = await loadNoticeContext(tx, notice, tabUrl);
      // Only where the bot can reach: a message to nobody would only die in the outbox.
      for (const message of followUpEffects(notice, context, plan)) {
        if ((message.conversationKey.startsWith('channel:') || known.has(message.conversationKey)) && (await tx.outbox.enqueue(message)))
          queued += 1;
      }
    }
  });
  return queued;
}
