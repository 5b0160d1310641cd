import { ensureAllowedOrAudit } from '../platform/audited-access';
import { authorize, ensureAllowed, type Action } from '../platform/authorization';
import { japanDateOf } from '../platform/fiscal-calendar';
import type { Actor } from '../platform/identity';
import type { ApiRoute } from '../server/api-route';
import { HttpError } from '../server/http-errors';
import type { Store } from '../store/ports';
import { FINAL_STATUSES, INQUIRY_LIMITS, INQUIRY_NUMBER, type Inquiry } from './model';
import type { InquiryEvent } from './rules/lifecycle';
import { applyInquiryEvent, type InquiryWorkflowDeps } from './workflow';
import { queueItem, sortQueue, type Directory, type InquiryQueueItem } from './rules/queue';
import { inquirySubject as subjectOf, stepsFor, type InquirySteps } from './rules/steps';
import { validateAnswerForm } from './rules/answer-form';
import type { SimilarCase } from './rules/similar';
import { inquiryAsSeenBy } from './rules/visibility';
import { resolveCitation, similarCasesFor, type SimilarCasesDeps } from './similar-cases';
import { refusalText } from './strings';

/**
 * 疑義照会 for the tab:
 * GET /api/inquiries?scope=mine|department|all&status=open|all — the caller's queue, most urgent first;
 * GET /api/inquiries/:number — one inquiry with its queue line and the names of the people in it;
 * POST /api/inquiries/:number/withdraw {reason} — the asker takes it back (取り下げる);
 * POST /api/inquiries/:number/restore — the asker undoes that while nobody had taken it on;
 * POST /api/inquiries/:number/release — the assignee gives it back (担当を外す);
 * POST /api/inquiries/:number/assignee {personId} — the department's approver hands it on (担当変更);
 * GET /api/inquiries/:number/similar — 同様の照会・判断事例 as the caller may see them ({cases});
 * POST /api/inquiries/:number/answer {answer, decision: draft|submit, share?, rulingTitle?, rulingCategory?,
 *   rulingTags?, cite?: 'ruling:R-…' | 'inquiry:Q-…'} — 回答する as on the thread card, citing a case if asked.
 * Each step answers with the inquiry's detail, as GET /api/inquiries/:number would.
 */

/** mine: asked by me; department: my HQ department's inbox, or my ward section's questions; all: PMO and admin only. */
export const INQUIRY_SCOPES = ['mine', 'department', 'all'] as const;
export type InquiryScope = (typeof INQUIRY_SCOPES)[number];

/** One line of the queue, as the tab receives it. */
export type { InquiryQueueItem };

export interface InquiryList {
  scope: InquiryScope;
  items: InquiryQueueItem[];
}

export interface InquiryDetail {
  /** The stored inquiry; `draft` and `returnComment` only for the target department (see rules/visibility.ts). */
  inquiry: Inquiry;
  item: InquiryQueueItem;
  /** Display names by person id: asker, assignee, drafter, answerer, approver, who asked each clarification. */
  names: Record<string, string>;
  /** What the caller may do now (取り下げる, 取下げを取り消す, 担当を外す, 担当変更); the steps check again. */
  steps: InquirySteps;
  /** 担当変更 only: who may take it over (the department's responders and approvers but its assignee). */
  reassignCandidates: { id: string; name: string }[];
}

const STATUS_FILTERS = ['open', 'all'] as const;

/** 同様の照会・判断事例 of one inquiry: rulings first, then earlier inquiries (any ward) the caller may open. */
export interface SimilarCasesList {
  cases: (SimilarCase & { askerDepartment?: string })[];
}

export function inquiryRoutes(deps: InquiryWorkflowDeps & Pick<SimilarCasesDeps, 'search'>): ApiRoute[] {
  const { store } = deps;
  /** One lifecycle step for `actor`, checked against the stored inquiry, answered with its new detail. */
  const step = async (actor: Actor, number: string | undefined, action: Action, event: InquiryEvent): Promise<InquiryDetail> => {
    const inquiry = await existing(store, number ?? '');
    ensureAllowed(actor, 'inquiry.view', subjectOf(inquiry));
    await ensureAllowedOrAudit(deps, actor, action, subjectOf(inquiry), { objectType: 'inquiry', objectId: inquiry.number });
    const result = await applyInquiryEvent(deps, inquiry.number, event);
    // In the caller's language, as the tab shows it.
    if ('error' in result) throw new HttpError(409, 'Conflict', refusalText(actor.person.locale, result.error));
    return detailFor(store, actor, result.inquiry);
  };
  return [
    {
      method: 'get',
      path: '/api/inquiries',
      auth: 'user',
      handle: async ({ actor, query }): Promise<InquiryList> => {
        const scope = choice(query.get('scope'), INQUIRY_SCOPES, 'scope') ?? defaultScope(actor);
        const status = choice(query.get('status'), STATUS_FILTERS, 'status') ?? 'open';
        if (scope === 'all') ensureAllowed(actor, 'inquiry.viewAll');
        const [inquiries, directory] = await Promise.all([inquiriesIn(store, actor, scope), directoryOf(store)]);
        const today = japanDateOf(new Date());
        const items = inquiries
          .filter((inquiry) => status === 'all' || !FINAL_STATUSES.includes(inquiry.status))
          // Every scope should only yield what the caller may open; the policy has the last word.
          .filter((inquiry) => authorize(actor, 'inquiry.view', subjectOf(inquiry)).allowed)
          .map((inquiry) => queueItem(inquiry, today, directory));
        return { scope, items: sortQueue(items) };
      },
    },
    {
      method: 'get',
      path: '/api/inquiries/:number',
      auth: 'user',
      handle: async ({ actor, params }): Promise<InquiryDetail> => {
        const inquiry = await existing(store, params.number ?? '');
        ensureAllowed(actor, 'inquiry.view', subjectOf(inquiry));
        return detailFor(store, actor, inquiry);
      },
    },
    {
      method: 'get',
      path: '/api/inquiries/:number/similar',
      auth: 'user',
      handle: async ({ actor, params }): Promise<SimilarCasesList> => {
        const inquiry = await existing(store, params.number ?? '');
        ensureAllowed(actor, 'inquiry.view', subjectOf(inquiry));
        const [cases, directory] = await Promise.all([similarCasesFor(deps, actor, inquiry), directoryOf(store)]);
        const ward = (id: string | undefined) => {
          const d = id ? directory.departments.get(id) : undefined;
          return d ? `${d.office} ${d.name}` : id;
        };
        return { cases: cases.map((c) => (c.askerDepartmentId ? { ...c, askerDepartment: ward(c.askerDepartmentId) } : c)) };
      },
    },
    {
      method: 'post',
      path: '/api/inquiries/:number/answer',
      auth: 'user',
      handle: async ({ actor, params, body }) => {
        const inquiry = await existing(store, params.number ?? '');
        // Who may answer is checked (and a refusal audited) before anything the body says is looked at.
        ensureAllowed(actor, 'inquiry.view', subjectOf(inquiry));
        await ensureAllowedOrAudit(deps, actor, 'inquiry.draft', subjectOf(inquiry), { objectType: 'inquiry', objectId: inquiry.number });
        const inputs = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
        const decision = inputs.decision === 'draft' ? 'draft' : inputs.decision === 'submit' ? 'submit' : undefined;
        if (!decision) throw new HttpError(400, 'BadRequest', 'decision は draft か submit です (decision must be draft or submit)');
        const form = validateAnswerForm(inputs);
        if ('errors' in form) throw new HttpError(400, 'BadRequest', Object.values(form.errors).join(' '));
        // The cited case is looked up as the card's press is: it must exist and be one the caller may open.
        const citation = form.cite ? await resolveCitation(deps, actor, inquiry, form.cite) : null;
        if (citation && 'error' in citation) throw new HttpError(400, 'BadRequest', `${citation.error} (bad cite)`);
        const draft = { ...form.draft, citation };
        const by = actor.person.id;
        const department = await store.departments.get(inquiry.targetDepartmentId);
        return step(
          actor,
          inquiry.number,
          'inquiry.draft',
          decision === 'draft'
            ? { type: 'saveDraft', by, draft }
            : { type: 'submitAnswer', by, draft, approvalRequired: department?.approvalRequired ?? true },
        );
      },
    },
    {
      method: 'post',
      path: '/api/inquiries/:number/withdraw',
      auth: 'user',
      handle: async ({ actor, params, body }) => {
        const reason = textField(body, 'reason', INQUIRY_LIMITS.withdrawReason, '取り下げる理由');
        return step(actor, params.number, 'inquiry.withdraw', { type: 'withdraw', by: actor.person.id, reason });
      },
    },
    {
      method: 'post',
      path: '/api/inquiries/:number/restore',
      auth: 'user',
      handle: async ({ actor, params }) => step(actor, params.number, 'inquiry.restore', { type: 'restore', by: actor.person.id }),
    },
    {
      method: 'post',
      path: '/api/inquiries/:number/release',
      auth: 'user',
      handle: async ({ actor, params }) => step(actor, params.number, 'inquiry.release', { type: 'release', by: actor.person.id }),
    },
    {
      method: 'post',
      path: '/api/inquiries/:number/assignee',
      auth: 'user',
      handle: async ({ actor, params, body }) => {
        const to = textField(body, 'personId', 100, '新しい担当者（personId）');
        return step(actor, params.number, 'inquiry.reassign', { type: 'reassign', by: actor.person.id, to });
      },
    },
  ];
}

async function existing(store: Store, number: string): Promise<Inquiry> {
  if (!INQUIRY_NUMBER.test(number))
    throw new HttpError(400, 'BadRequest', `照会番号は Q-R8-0001 の形式で指定してください (bad inquiry number): ${number.slice(0, 40)}`);
  const inquiry = await store.inquiries.get(number);
  if (!inquiry) throw new HttpError(404, 'NotFound', `照会 ${number} はありません (no such inquiry)`);
  return inquiry;
}

async function detailFor(store: Store, actor: Actor, inquiry: Inquiry): Promise<InquiryDetail> {
  const directory = await directoryOf(store);
  const visible = inquiryAsSeenBy(actor, inquiry);
  const steps = stepsFor(actor, inquiry);
  return {
    inquiry: visible,
    item: queueItem(inquiry, japanDateOf(new Date()), directory),
    names: namesIn(visible, directory),
    steps,
    reassignCandidates: steps.reassign ? reassignCandidates(inquiry, directory) : [],
  };
}

/** The same people the card's 担当変更 form offers (the workflow checks the chosen one again). */
function reassignCandidates(inquiry: Inquiry, directory: Directory): { id: string; name: string }[] {
  return [...directory.people.values()]
    .filter((p) => p.departmentId === inquiry.targetDepartmentId && p.id !== inquiry.assigneeId)
    .filter((p) => p.roles.includes('responder') || p.roles.includes('approver'))
    .map((p) => ({ id: p.id, name: p.displayName }));
}

/** A required text field of a JSON body, trimmed; missing, empty or too long is a 400 that names the field. */
function textField(body: unknown, name: string, max: number, label: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) throw new HttpError(400, 'BadRequest', `${label}を入力してください (${name} is required)`);
  if ([...text].length > max) throw new HttpError(400, 'BadRequest', `${label}は ${max} 字以内にしてください (${name} too long)`);
  return text;
}

/**
 * HQ people who answer inquiries start at their department's inbox, a ward section's 課長
 * (approver) at her section's questions; everyone else at their own questions.
 */
function defaultScope(actor: Actor): InquiryScope {
  if (actor.department.kind === 'ward') return actor.roles.has('approver') ? 'department' : 'mine';
  return actor.roles.has('responder') || actor.roles.has('approver') ? 'department' : 'mine';
}

/** A query value from a fixed list; absent or empty means the default (undefined), anything else is a 400. */
function choice<T extends string>(value: string | null, allowed: readonly T[], name: string): T | undefined {
  if (value === null || value === '') return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new HttpError(400, 'BadQuery', `${name} は ${allowed.join(' / ')} のいずれかです (bad ${name}): ${value.slice(0, 40)}`);
}

async function inquiriesIn(store: Store, actor: Actor, scope: InquiryScope): Promise<Inquiry[]> {
  if (scope === 'mine') return store.inquiries.list({ askerId: actor.person.id });
  if (scope === 'all') return store.inquiries.list();
  if (actor.department.kind === 'hq') return store.inquiries.list({ targetDepartmentId: actor.department.id });
  // The port has no filter by the asking section, so a ward section's list is filtered here.
  return (await store.inquiries.list()).filter((inquiry) => inquiry.askerDepartmentId === actor.department.id);
}

async function directoryOf(store: Store): Promise<Directory> {
  const [people, departments] = await Promise.all([store.people.list(), store.departments.list()]);
  return { people: new Map(people.map((p) => [p.id, p])), departments: new Map(departments.map((d) => [d.id, d])) };
}

function namesIn(inquiry: Inquiry, directory: Directory): Record<string, string> {
  const ids = [
    inquiry.askerId,
    inquiry.assigneeId,
    inquiry.draft?.draftedBy,
    inquiry.answer?.answeredBy,
    inquiry.answer?.approvedBy,
    ...inquiry.clarifications.map((c) => c.askedBy),
  ].filter((id): id is string => typeof id === 'string');
  return Object.fromEntries(ids.map((id) => [id, directory.people.get(id)?.displayName ?? id]));
}
