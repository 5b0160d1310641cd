import { authorize } from '../../platform/authorization';
import type { BotTurn, CardActionResult } from '../../platform/bot-turn';
import { approvalCard } from '../cards/hq-cards';
import { threadCard, withThreadRefresh, type ThreadCardMode } from '../cards/thread-card';
import { loadInquiryContext, namesOf } from '../context';
import type { Actor } from '../../platform/identity';
import type { SimilarCasesView } from '../cards/similar-cases-section';
import { FINAL_STATUSES, type Inquiry } from '../model';
import { inquiryAsSeenBy } from '../rules/visibility';
import { similarCasesFor } from '../similar-cases';
import type { InquiryHandlerDeps } from './deps';

/**
 * The thread card of an inquiry as the store has it now, in the given mode, showing `viewer`
 * only what the API would (rules/visibility.ts: no draft or 差戻し comment outside the department).
 */
export async function threadCardResult(
  deps: InquiryHandlerDeps,
  viewer: Actor,
  stored: Inquiry,
  turn: Pick<BotTurn, 'today' | 'locale'>,
  mode: ThreadCardMode = { kind: 'view' },
): Promise<CardActionResult> {
  const { today, locale } = turn;
  const inquiry = inquiryAsSeenBy(viewer, stored);
  const context = await loadInquiryContext(deps.store, inquiry, deps.tabUrl);
  // The buttons only for who may act on it (checked again on every press); everyone else reads it.
  const subject = {
    type: 'inquiry' as const,
    targetDepartmentId: stored.targetDepartmentId,
    askerId: stored.askerId,
    askerDepartmentId: stored.askerDepartmentId,
  };
  const mayAct = authorize(viewer, 'inquiry.claim', subject).allowed;
  // What waits for an approver: while the answer awaits approval, her view is the approval card itself.
  if (mode.kind === 'view' && stored.status === 'awaitingApproval' && authorize(viewer, 'inquiry.approve', subject).allowed)
    return {
      card: withThreadRefresh(
        approvalCard(inquiry, namesOf(inquiry, context), today, locale),
        stored.number,
        context.refreshUserIds,
        locale,
      ),
    };
  // 同様の照会・判断事例 for the department answering it, while there is an answer to write.
  const showSimilar = mayAct && (mode.kind === 'answerForm' || (mode.kind === 'view' && !FINAL_STATUSES.includes(stored.status)));
  return {
    card: threadCard(inquiry, namesOf(inquiry, context), today, mode, context.department?.approvalRequired, {
      viewer: {
        mayAct,
        isAssignee: stored.assigneeId === viewer.person.id,
        mayReassign: authorize(viewer, 'inquiry.reassign', subject).allowed,
      },
      refreshFor: context.refreshUserIds,
      locale,
      similar: showSimilar ? await similarView(deps, viewer, stored) : undefined,
    }),
  };
}

/** The similar cases are an aid: when they cannot be read (SharePoint down), the card comes without them. */
async function similarView(deps: InquiryHandlerDeps, viewer: Actor, inquiry: Inquiry): Promise<SimilarCasesView | undefined> {
  const loaded = await Promise.all([similarCasesFor(deps, viewer, inquiry), deps.store.departments.list()]).catch((error: unknown) => {
    deps.logger.warn('similar cases not shown', { inquiry: inquiry.number, error: error instanceof Error ? error.name : 'unknown' });
    return undefined;
  });
  if (!loaded) return undefined;
  const [cases, departments] = loaded;
  return { cases, departmentNames: Object.fromEntries(departments.map((d) => [d.id, `${d.office} ${d.name}`])), tabUrl: deps.tabUrl };
}
