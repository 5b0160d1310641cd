import type { Actor } from './identity';

/**
 * The one place that answers "may this actor do this action on this object". Handlers and
 * API routes ask it with facts read from the store (never from the card or request body).
 */

export type Decision = { allowed: true } | { allowed: false; reason: string };

/** What an action is about, as read from the store. */
export type Subject =
  | { type: 'none' }
  | { type: 'department'; departmentId: string }
  | { type: 'inquiry'; targetDepartmentId: string; askerId: string; askerDepartmentId: string }
  | { type: 'initiative'; ownerId: string | null }
  | { type: 'manual'; department: string; ownerId: string | null }
  | { type: 'ruling'; department: string }
  /** お知らせ: who sent it, from which HQ department, to which ward sections, and whether it has gone out. */
  | { type: 'notice'; senderId: string; senderDepartmentId: string; sectionIds: string[]; sent: boolean }
  /** 照会: the asking HQ department, the ward sections asked, and (for an answer) the section answering. */
  | { type: 'survey'; senderDepartmentId: string; sectionIds: string[]; sectionId?: string };

type Rule = (actor: Actor, subject: Subject) => Decision;

const allow: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

const has = (actor: Actor, role: Parameters<Actor['roles']['has']>[0]) => actor.roles.has(role);
const isAdmin = (actor: Actor) => has(actor, 'admin');
const inDepartment = (actor: Actor, departmentId: string) => actor.department.id === departmentId;
const inDepartmentNamed = (actor: Actor, name: string) => actor.department.name === name && actor.department.kind === 'hq';

function subjectOf<T extends Subject['type']>(subject: Subject, type: T): Extract<Subject, { type: T }> {
  if (subject.type !== type) throw new Error(`authorization: expected a ${type} subject, got ${subject.type}`);
  return subject as Extract<Subject, { type: T }>;
}

const anyone: Rule = () => allow;

const pmoOrAdmin: Rule = (actor) =>
  has(actor, 'pmo') || isAdmin(actor) ? allow : deny('PMO（業務改革の推進担当）または管理者だけが行えます');

const adminOnly: Rule = (actor) => (isAdmin(actor) ? allow : deny('システム管理者だけが行えます'));

const hqResponder: Rule = (actor, subject) => {
  const inquiry = subjectOf(subject, 'inquiry');
  if (!inDepartment(actor, inquiry.targetDepartmentId)) return deny('宛先の所管課の職員だけが対応できます');
  return has(actor, 'responder') || has(actor, 'approver') ? allow : deny('所管課の回答担当者だけが対応できます');
};

const hqApprover: Rule = (actor, subject) => {
  const inquiry = subjectOf(subject, 'inquiry');
  if (!inDepartment(actor, inquiry.targetDepartmentId)) return deny('宛先の所管課の承認者だけが承認できます');
  return has(actor, 'approver') ? allow : deny('所管課の承認者（係長・課長）だけが承認できます');
};

/** An HQ responder or approver writes notices for their own department; an administrator for theirs. */
const noticeWriter = (actor: Actor): Decision => {
  if (isAdmin(actor))
    return actor.department.kind === 'hq' ? allow : deny('お知らせは本庁の課から送ります。管理者も本庁の課に所属している必要があります');
  if (actor.department.kind !== 'hq') return deny('お知らせは本庁の所管課の回答担当者・承認者だけが作成できます');
  return has(actor, 'responder') || has(actor, 'approver') ? allow : deny('お知らせは本庁の所管課の回答担当者・承認者だけが作成できます');
};

const noticeApprover: Rule = (actor, subject) => {
  const notice = subjectOf(subject, 'notice');
  if (!inDepartment(actor, notice.senderDepartmentId) || !has(actor, 'approver'))
    return deny('送信する課の承認者（係長・課長）だけが承認できます');
  return actor.person.id === notice.senderId ? deny('自分が作成したお知らせは承認・差戻しできません。別の承認者に依頼してください') : allow;
};

/** An HQ responder or approver asks the wards (照会) for their own department; an administrator for theirs. */
const surveyWriter = (actor: Actor): Decision => {
  if (isAdmin(actor))
    return actor.department.kind === 'hq' ? allow : deny('照会は本庁の課から送ります。管理者も本庁の課に所属している必要があります');
  if (actor.department.kind !== 'hq') return deny('照会は本庁の課の回答担当者・承認者だけが作成できます');
  return has(actor, 'responder') || has(actor, 'approver') ? allow : deny('照会は本庁の課の回答担当者・承認者だけが作成できます');
};

/** HQ's side of a survey: the asking department, the PMO and administrators see every section's answer. */
const surveyHqSide: Rule = (actor, subject) => {
  const survey = subjectOf(subject, 'survey');
  return has(actor, 'pmo') || isAdmin(actor) || inDepartment(actor, survey.senderDepartmentId)
    ? allow
    : deny('照会した本庁の課（と PMO・管理者）だけが全区の回答を見られます');
};

/** A member of the ward section asked, acting for that section only. */
const surveySectionMember = (actor: Actor, subject: Subject): Decision => {
  const survey = subjectOf(subject, 'survey');
  const asked = actor.department.kind === 'ward' && survey.sectionIds.includes(actor.department.id);
  return asked && (survey.sectionId === undefined || survey.sectionId === actor.department.id)
    ? allow
    : deny('照会先の区役所の課の職員が、自分の課の回答だけを入力できます');
};

export const POLICY = {
  'help.view': anyone,
  'ruling.view': anyone,
  'manual.view': anyone,
  'inquiry.ask': (actor) => (has(actor, 'staff') ? allow : deny('職員だけが照会できます')),
  'inquiry.view': (actor, subject) => {
    const inquiry = subjectOf(subject, 'inquiry');
    if (actor.person.id === inquiry.askerId) return allow;
    if (inDepartment(actor, inquiry.askerDepartmentId) || inDepartment(actor, inquiry.targetDepartmentId)) return allow;
    return has(actor, 'pmo') || isAdmin(actor) ? allow : deny('この照会の関係者だけが閲覧できます');
  },
  'inquiry.reply': (actor, subject) => {
    const inquiry = subjectOf(subject, 'inquiry');
    return actor.person.id === inquiry.askerId ? allow : deny('質問した本人だけが確認に回答できます');
  },
  'inquiry.viewAll': pmoOrAdmin,
  'inquiry.withdraw': (actor, subject) => {
    const inquiry = subjectOf(subject, 'inquiry');
    return actor.person.id === inquiry.askerId ? allow : deny('質問した本人だけが取り下げできます');
  },
  'inquiry.restore': (actor, subject) => {
    const inquiry = subjectOf(subject, 'inquiry');
    return actor.person.id === inquiry.askerId ? allow : deny('質問した本人だけが取下げを取り消せます');
  },
  'inquiry.claim': hqResponder,
  // Only the assignee gives it back; the lifecycle checks who that is.
  'inquiry.release': hqResponder,
  'inquiry.reassign': (actor, subject) => {
    const inquiry = subjectOf(subject, 'inquiry');
    return inDepartment(actor, inquiry.targetDepartmentId) && has(actor, 'approver')
      ? allow
      : deny('宛先の所管課の承認者（係長・課長）だけが担当を変更できます');
  },
  'inquiry.draft': hqResponder,
  'inquiry.approve': hqApprover,
  'inquiry.return': hqApprover,
  'notice.compose': noticeWriter,
  'notice.view': (actor, subject) => {
    const notice = subjectOf(subject, 'notice');
    if (has(actor, 'pmo') || isAdmin(actor) || inDepartment(actor, notice.senderDepartmentId)) return allow;
    return notice.sent && notice.sectionIds.includes(actor.department.id)
      ? allow
      : deny('このお知らせの送信元と宛先の課の職員だけが閲覧できます');
  },
  'notice.confirm': (actor, subject) => {
    const notice = subjectOf(subject, 'notice');
    return actor.department.kind === 'ward' && notice.sectionIds.includes(actor.department.id)
      ? allow
      : deny('宛先の区役所の課の職員だけが確認できます');
  },
  'notice.approve': noticeApprover,
  'notice.return': noticeApprover,
  'notice.correct': (actor, subject) => {
    const notice = subjectOf(subject, 'notice');
    if (isAdmin(actor)) return allow;
    return inDepartment(actor, notice.senderDepartmentId) && (has(actor, 'responder') || has(actor, 'approver'))
      ? allow
      : deny('送信した課の回答担当者・承認者だけが訂正できます');
  },
  'survey.create': surveyWriter,
  'survey.viewAll': surveyHqSide,
  'survey.export': surveyHqSide,
  'survey.answer': surveySectionMember,
  /** 回答期限の延長 and 取消: the asking department's responders and approvers, or an administrator. */
  'survey.manage': (actor, subject) => {
    const survey = subjectOf(subject, 'survey');
    if (isAdmin(actor)) return allow;
    return inDepartment(actor, survey.senderDepartmentId) && (has(actor, 'responder') || has(actor, 'approver'))
      ? allow
      : deny('照会した本庁の課の回答担当者・承認者だけが回答期限の延長・取消をできます');
  },
  'survey.approve': (actor, subject) => {
    const member = surveySectionMember(actor, subject);
    if (!member.allowed) return member;
    return has(actor, 'approver') ? allow : deny('照会先の課の承認者（係長・課長）だけが回答を承認・差戻しできます');
  },
  /** 意見照会: HQ's response to a ward's opinion (反映する / 反映しない), and sending the results back as a notice. */
  'survey.respond': (actor, subject) => {
    const survey = subjectOf(subject, 'survey');
    if (isAdmin(actor)) return allow;
    return inDepartment(actor, survey.senderDepartmentId) && (has(actor, 'responder') || has(actor, 'approver'))
      ? allow
      : deny('照会した本庁の課の回答担当者・承認者だけが、御意見への対応を記録し結果を送れます');
  },
  'ruling.publish': (actor, subject) => {
    const ruling = subjectOf(subject, 'ruling');
    if (isAdmin(actor)) return allow;
    return inDepartmentNamed(actor, ruling.department) && has(actor, 'approver')
      ? allow
      : deny('所管課の承認者だけが判断事例を公開できます');
  },
  'manual.manage': (actor, subject) => {
    const manual = subjectOf(subject, 'manual');
    if (isAdmin(actor) || actor.person.id === manual.ownerId) return allow;
    return inDepartmentNamed(actor, manual.department) && has(actor, 'approver')
      ? allow
      : deny('マニュアルの管理者・所管課の承認者だけが更新できます');
  },
  'checkin.submit': (actor, subject) => {
    const initiative = subjectOf(subject, 'initiative');
    if (initiative.ownerId !== null && actor.person.id === initiative.ownerId) return allow;
    // The PMO answers for an owner who is away, and for initiatives nobody owns yet.
    return has(actor, 'pmo') ? allow : deny('施策の担当者（または PMO）だけがチェックインできます');
  },
  'checkin.view': (actor, subject) => {
    const initiative = subjectOf(subject, 'initiative');
    if (actor.person.id === initiative.ownerId) return allow;
    return pmoOrAdmin(actor, subject);
  },
  'checkin.rollup': pmoOrAdmin,
  'initiative.import': pmoOrAdmin,
  'checkin.export': pmoOrAdmin,
  'cycle.manage': pmoOrAdmin,
  'dashboard.view': pmoOrAdmin,
  'directory.bindChannel': (actor, subject) => {
    const department = subjectOf(subject, 'department');
    if (isAdmin(actor)) return allow;
    return inDepartment(actor, department.departmentId) && has(actor, 'approver')
      ? allow
      : deny('その課の承認者または管理者だけが窓口チャネルを設定できます');
  },
  'directory.manage': adminOnly,
  'audit.view': adminOnly,
  /** Learned synonyms: accepting one changes every search, so administrators only. */
  'synonym.manage': adminOnly,
  'outbox.view': pmoOrAdmin,
} satisfies Record<string, Rule>;

export type Action = keyof typeof POLICY;

/**
 * The actions decided by the actor's roles alone, with no record to read first: an API route
 * may declare one as its access (api-route.ts) and the server checks it before the handler runs.
 */
export const ROLE_ACTIONS = [
  'inquiry.ask',
  'notice.compose',
  'survey.create',
  'inquiry.viewAll',
  'checkin.rollup',
  'checkin.export',
  'initiative.import',
  'cycle.manage',
  'dashboard.view',
  'directory.manage',
  'audit.view',
  'synonym.manage',
  'outbox.view',
] as const satisfies readonly Action[];
export type RoleAction = (typeof ROLE_ACTIONS)[number];

export function authorize(actor: Actor, action: Action, subject: Subject = { type: 'none' }): Decision {
  return POLICY[action](actor, subject);
}

export class ForbiddenError extends Error {
  constructor(
    readonly action: Action,
    reason: string,
  ) {
    super(reason);
    this.name = 'ForbiddenError';
  }
}

/** Throws ForbiddenError with the reason when the actor may not act. */
export function ensureAllowed(actor: Actor, action: Action, subject: Subject = { type: 'none' }): void {
  const decision = authorize(actor, action, subject);
  if (!decision.allowed) throw new ForbiddenError(action, decision.reason);
}
