import type { Inquiry, InquiryDraft, InquiryStatus } from '../model';
import type { Locale } from '../../../shared/locale';
import { INQUIRY_STATUS_WORDS } from '../../../shared/inquiry-words';
import { FINAL_STATUSES } from '../model';

/**
 * The inquiry's lifecycle as a pure state machine: every change is an event, checked against
 * the current status and the inquiry's own facts (who drafted it), and turned into the next
 * inquiry. Who may cause an event is authorization's job (platform/authorization.ts); this
 * only knows what may follow what.
 */
export type InquiryEvent =
  | { type: 'claim'; by: string }
  | { type: 'requestInfo'; by: string; question: string }
  | { type: 'provideInfo'; by: string; reply: string }
  | { type: 'saveDraft'; by: string; draft: Omit<InquiryDraft, 'draftedBy' | 'draftedAt'> }
  | { type: 'submitAnswer'; by: string; draft: Omit<InquiryDraft, 'draftedBy' | 'draftedAt'>; approvalRequired: boolean }
  | { type: 'approve'; by: string }
  | { type: 'return'; by: string; comment: string }
  | { type: 'withdraw'; by: string; reason: string }
  /** 取下げを取り消す: only while nobody has taken it (the department has not started). */
  | { type: 'restore'; by: string }
  /** 担当を外す: the responder gives it back to the department's queue. */
  | { type: 'release'; by: string }
  /** 担当変更: the department's approver hands it to another responder. */
  | { type: 'reassign'; by: string; to: string };

export type InquiryEventType = InquiryEvent['type'];

/** The statuses each event may start from. */
export const ALLOWED_FROM: Record<InquiryEventType, readonly InquiryStatus[]> = {
  claim: ['submitted'],
  requestInfo: ['claimed', 'drafted', 'returned'],
  provideInfo: ['awaitingInfo'],
  saveDraft: ['claimed', 'drafted', 'returned'],
  submitAnswer: ['claimed', 'drafted', 'returned'],
  approve: ['awaitingApproval'],
  return: ['awaitingApproval'],
  withdraw: ['submitted', 'claimed', 'awaitingInfo', 'drafted', 'awaitingApproval', 'returned'],
  restore: ['withdrawn'],
  release: ['claimed', 'drafted', 'returned'],
  reassign: ['submitted', 'claimed', 'awaitingInfo', 'drafted', 'returned'],
};

const STATUS_WORDS: Record<InquiryStatus, Record<Locale, string>> = INQUIRY_STATUS_WORDS;
const STATUS_NAMES = Object.fromEntries(Object.entries(STATUS_WORDS).map(([status, words]) => [status, words.ja])) as Record<
  InquiryStatus,
  string
>;

export function statusName(status: InquiryStatus): string {
  return STATUS_NAMES[status];
}

/**
 * Why a step cannot be taken, as data: the flow's strings word it in the reader's language
 * (`refusalText` in strings.ts).
 */
export type StepRefusal =
  | { reason: 'closed' | 'notNow'; step: InquiryEventType; number: string; status: InquiryStatus }
  | { reason: 'noDraft' | 'notRestorable' | 'notAssignee' | 'alreadyAssignee' | 'notFound'; number: string }
  | { reason: 'selfApprove' | 'selfReturn' | 'notResponder' };

export type TransitionResult = { inquiry: Inquiry; from: InquiryStatus; to: InquiryStatus } | { error: StepRefusal };

/** Applies one event at `at` (ISO timestamp); an illegal one comes back as the reason it is refused. */
export function transition(inquiry: Inquiry, event: InquiryEvent, at: string): TransitionResult {
  const from = inquiry.status;
  const { number } = inquiry;
  if (!ALLOWED_FROM[event.type].includes(from))
    return { error: { reason: FINAL_STATUSES.includes(from) ? 'closed' : 'notNow', step: event.type, number, status: from } };
  const next: Inquiry = { ...inquiry, updatedAt: at };
  switch (event.type) {
    case 'claim':
      Object.assign(next, { status: 'claimed', assigneeId: event.by });
      break;
    case 'requestInfo':
      Object.assign(next, {
        status: 'awaitingInfo',
        clarifications: [
          ...inquiry.clarifications,
          { question: event.question, askedBy: event.by, askedAt: at, reply: null, repliedAt: null },
        ],
      });
      break;
    case 'provideInfo': {
      const clarifications = [...inquiry.clarifications];
      const open = clarifications.length - 1;
      clarifications[open] = { ...clarifications[open], reply: event.reply, repliedAt: at };
      // Back to whoever was working on it: a draft stays a draft.
      Object.assign(next, { status: inquiry.draft ? 'drafted' : 'claimed', clarifications });
      break;
    }
    case 'saveDraft':
      Object.assign(next, { status: 'drafted', draft: { ...event.draft, draftedBy: event.by, draftedAt: at } });
      break;
    case 'submitAnswer': {
      const draft = { ...event.draft, draftedBy: event.by, draftedAt: at };
      if (event.approvalRequired) Object.assign(next, { status: 'awaitingApproval', draft, returnComment: null });
      else Object.assign(next, deliver(next, draft, event.by, null, at));
      break;
    }
    case 'approve': {
      const draft = inquiry.draft;
      if (!draft) return { error: { reason: 'noDraft', number } };
      if (draft.draftedBy === event.by) return { error: { reason: 'selfApprove' } };
      Object.assign(next, deliver(next, draft, draft.draftedBy, event.by, at));
      break;
    }
    case 'return': {
      if (inquiry.draft?.draftedBy === event.by) return { error: { reason: 'selfReturn' } };
      Object.assign(next, { status: 'returned', returnComment: event.comment });
      break;
    }
    case 'withdraw':
      Object.assign(next, { status: 'withdrawn', withdrawal: { reason: event.reason, by: event.by, at } });
      break;
    case 'restore':
      if (!canRestore(inquiry)) return { error: { reason: 'notRestorable', number } };
      Object.assign(next, { status: 'submitted', withdrawal: null });
      break;
    case 'release':
      if (inquiry.assigneeId !== event.by) return { error: { reason: 'notAssignee', number } };
      // Back in the queue; a draft stays, so whoever takes it next can go on from it.
      Object.assign(next, { status: 'submitted', assigneeId: null });
      break;
    case 'reassign':
      if (inquiry.assigneeId === event.to) return { error: { reason: 'alreadyAssignee', number } };
      Object.assign(next, { status: inquiry.status === 'submitted' ? 'claimed' : inquiry.status, assigneeId: event.to });
      break;
  }
  return { inquiry: next, from, to: next.status };
}

/** A withdrawal can be taken back while nobody had taken the inquiry on (担当者未定). */
export function canRestore(inquiry: Inquiry): boolean {
  return inquiry.status === 'withdrawn' && inquiry.assigneeId === null;
}

function deliver(inquiry: Inquiry, draft: InquiryDraft, answeredBy: string, approvedBy: string | null, at: string): Partial<Inquiry> {
  return {
    status: draft.shareWithAllWards ? 'shared' : 'answered',
    draft,
    returnComment: null,
    answer: { text: draft.text, answeredBy, approvedBy, answeredAt: at, ...(draft.citation ? { citation: draft.citation } : {}) },
    assigneeId: inquiry.assigneeId ?? answeredBy,
  };
}
