import { randomUUID } from 'node:crypto';
import type { Department } from '../directory/model';
import { ensureAllowedOrAudit } from '../platform/audited-access';
import { authorize } from '../platform/authorization';
import { japanDateOf } from '../platform/fiscal-calendar';
import type { Actor } from '../platform/identity';
import { JsonResponse, type ApiRoute } from '../server/api-route';
import { HttpError } from '../server/http-errors';
import type { Store } from '../store/ports';
import { NOTICE_ID } from './card-actions';
import { NOTICE_KINDS, NOTICE_LIMITS, NOTICE_STATUSES, type Notice, type NoticeKind, type NoticeStatus, type SectionStatus } from './model';
import { confirmationSummary, validateCorrection, type NoticeErrors } from './rules';
import {
  approveNotice,
  composeNotice,
  confirmNotice,
  returnNotice,
  reviseNotice,
  type NoticeStepError,
  type NoticeWorkflowDeps,
} from './workflow';
import { noticeSubject } from './handlers/access';

/**
 * お知らせ over HTTP (the tab and other systems); the same workflow steps as the cards:
 * POST /api/notices — compose (and send, or put before the approvers) → 201 NoticeDetail;
 * GET  /api/notices?kind=&category=&fy=&status=&unconfirmed=1 — { items: NoticeListItem[] };
 * GET  /api/notices/:id — NoticeDetail;
 * POST /api/notices/:id/confirm — the caller's ward section confirms → 200 NoticeDetail;
 * POST /api/notices/:id/approve, /return {comment}, /correct {title, body, revision?} → 200 NoticeDetail.
 */

export interface NoticeSectionView {
  departmentId: string;
  status: SectionStatus;
  confirmedBy?: string;
  confirmedAt?: string;
  /** 「北区役所 保険年金課」 */
  name: string;
  confirmedByName?: string;
}

export interface NoticeDetail {
  id: string;
  title: string;
  kind: NoticeKind;
  confirmBy: string;
  sections: NoticeSectionView[];
  body: string;
  status: NoticeStatus;
  effectiveOn: string | null;
  fiscalYear: number;
  revision: number;
  audience: Notice['audience'];
  rulingIds: string[];
  supersedesRulingIds: string[];
  manualIds: string[];
  senderId: string;
  senderName: string;
  senderDepartmentId: string;
  senderDepartmentName: string;
  approvedBy: string | null;
  returnedBy: string | null;
  returnComment: string | null;
  createdAt: string;
  sentAt: string | null;
  updatedAt: string;
  /** 確認 x/y: unreachable sections count in the total. */
  confirmed: number;
  total: number;
  overdue: boolean;
  /** Earlier revisions (訂正), oldest first, with who had confirmed each. */
  history: Notice['history'];
  /** 疑義照会 asked about this notice (質問する). */
  inquiries: { number: string; subject: string; status: string; askerDepartmentId: string }[];
  /** Display names of the people named above. */
  names: Record<string, string>;
}

export interface NoticeListItem {
  id: string;
  title: string;
  kind: NoticeKind;
  status: NoticeStatus;
  fiscalYear: number;
  confirmBy: string;
  effectiveOn: string | null;
  senderDepartmentId: string;
  senderDepartmentName: string;
  revision: number;
  createdAt: string;
  sentAt: string | null;
  confirmed: number;
  total: number;
  unreachable: number;
  overdue: boolean;
  /** 分野 of the notice: its audience's, or those its ward sections handle. */
  categories: string[];
  /** The caller's own ward section's line, when the notice goes to it. */
  mySection?: { departmentId: string; status: SectionStatus; confirmedBy?: string; confirmedAt?: string };
}

const STEP_STATUS: Record<NoticeStepError['reason'], [number, string]> = {
  notFound: [404, 'NotFound'],
  state: [409, 'Conflict'],
  notSent: [409, 'NotSent'],
  selfApproval: [403, 'Forbidden'],
  notInAudience: [403, 'Forbidden'],
  audience: [400, 'BadRequest'],
};

export function noticeRoutes(deps: NoticeWorkflowDeps): ApiRoute[] {
  const { store } = deps;
  return [
    {
      method: 'post',
      path: '/api/notices',
      // Ward staff and the PMO without an HQ role are refused (403) before the fields are read.
      auth: 'notice.compose',
      handle: async ({ actor, body }) => {
        if (!isRecord(body)) throw fieldError({ body: '本文は JSON のオブジェクトで送ってください。' });
        const requestId = readRequestId(body.requestId);
        const result = await composeNotice(deps, actor, body, requestId);
        if ('errors' in result) throw fieldError(result.errors);
        return new JsonResponse(201, await detailOf(store, result.notice, japanDateOf(deps.now())));
      },
    },
    {
      method: 'get',
      path: '/api/notices',
      auth: 'user',
      handle: async ({ actor, query }) => {
        const kind = choice(query.get('kind'), NOTICE_KINDS, 'kind');
        const status = choice(query.get('status'), NOTICE_STATUSES, 'status');
        const unconfirmed = choice(query.get('unconfirmed'), ['1', '0', 'true', 'false'] as const, 'unconfirmed');
        const fy = fiscalYear(query.get('fy'));
        const category = query.get('category')?.trim() || undefined;
        if (category && [...category].length > NOTICE_LIMITS.category)
          throw fieldError({ category: `分野は ${NOTICE_LIMITS.category} 字以内で指定してください。` }, 'BadQuery');
        const departments = new Map((await store.departments.list()).map((d) => [d.id, d]));
        const today = japanDateOf(deps.now());
        const notices = (await noticesFor(store, actor, { fiscalYear: fy, status }))
          .filter((n) => authorize(actor, 'notice.view', noticeSubject(n)).allowed)
          .filter((n) => !kind || n.kind === kind);
        const items = notices
          .map((n) => listItem(n, departments, actor, today))
          .filter((item) => !category || item.categories.includes(category))
          .filter((item) => !(unconfirmed === '1' || unconfirmed === 'true') || (item.status === 'sent' && item.confirmed < item.total));
        return { items };
      },
    },
    {
      method: 'get',
      path: '/api/notices/:id',
      auth: 'user',
      handle: async ({ actor, params }) => detailOf(store, await readable(store, actor, params.id), japanDateOf(deps.now())),
    },
    {
      method: 'post',
      path: '/api/notices/:id/confirm',
      auth: 'user',
      handle: async ({ actor, params }) => {
        const notice = await existing(store, params.id);
        await guard(deps, actor, notice, 'notice.confirm');
        const result = await confirmNotice(deps, notice.id, { id: actor.person.id, departmentId: actor.department.id });
        return detailOf(store, stepResult(result), japanDateOf(deps.now()));
      },
    },
    {
      method: 'post',
      path: '/api/notices/:id/approve',
      auth: 'user',
      handle: async ({ actor, params }) => {
        const notice = await readable(store, actor, params.id);
        await guard(deps, actor, notice, 'notice.approve');
        return detailOf(store, stepResult(await approveNotice(deps, notice.id, actor.person.id)), japanDateOf(deps.now()));
      },
    },
    {
      method: 'post',
      path: '/api/notices/:id/return',
      auth: 'user',
      handle: async ({ actor, params, body }) => {
        const notice = await readable(store, actor, params.id);
        await guard(deps, actor, notice, 'notice.return');
        const comment = isRecord(body) && typeof body.comment === 'string' ? body.comment.trim() : '';
        if (!comment) throw fieldError({ comment: '差し戻すときは理由（comment）を入力してください。' });
        if ([...comment].length > NOTICE_LIMITS.comment)
          throw fieldError({ comment: `差戻しの理由は ${NOTICE_LIMITS.comment} 字以内にしてください。` });
        return detailOf(store, stepResult(await returnNotice(deps, notice.id, actor.person.id, comment)), japanDateOf(deps.now()));
      },
    },
    {
      method: 'post',
      path: '/api/notices/:id/correct',
      auth: 'user',
      handle: async ({ actor, params, body }) => {
        const notice = await readable(store, actor, params.id);
        await guard(deps, actor, notice, 'notice.correct');
        const data = isRecord(body) ? body : {};
        const checked = validateCorrection(data);
        if ('errors' in checked) throw fieldError(checked.errors);
        let revision: number | undefined;
        if (data.revision !== undefined && data.revision !== null) {
          if (typeof data.revision !== 'number' || !Number.isInteger(data.revision) || data.revision < 1)
            throw fieldError({ revision: '版（revision）は 1 以上の整数で指定してください。' });
          revision = data.revision;
        }
        return detailOf(
          store,
          stepResult(await reviseNotice(deps, notice.id, actor.person.id, checked.change, revision)),
          japanDateOf(deps.now()),
        );
      },
    },
  ];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** 400 naming every bad field, in the message (Japanese, then the field names) and in `error.fields`. */
function fieldError(errors: NoticeErrors | Record<string, string>, code = 'BadRequest'): HttpError {
  const entries = Object.entries(errors).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  const message = `入力内容を確認してください: ${entries.map(([field, text]) => `${field}（${text}）`).join(' ')} (invalid: ${entries.map(([field]) => field).join(', ')})`;
  return new HttpError(400, code, message, {}, Object.fromEntries(entries));
}

function readRequestId(value: unknown): string {
  if (value === undefined || value === null) return randomUUID();
  if (typeof value !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/.test(value))
    throw fieldError({ requestId: 'requestId は 64 字以内の英数字（- _ . : を含む）で指定してください。' });
  return value;
}

function choice<T extends string>(value: string | null, allowed: readonly T[], name: string): T | undefined {
  if (value === null || value === '') return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw fieldError({ [name]: `${name} は ${allowed.join(' / ')} のいずれかです。` }, 'BadQuery');
}

function fiscalYear(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  if (!/^\d{4}$/.test(value) || Number(value) < 2019 || Number(value) > 2100)
    throw fieldError({ fy: '年度は 2019〜2100 の西暦で指定してください（R8年度は 2026）。' }, 'BadQuery');
  return Number(value);
}

async function existing(store: Store, id: string | undefined): Promise<Notice> {
  const notice = id && NOTICE_ID.test(id) ? await store.notices.get(id) : undefined;
  if (!notice) throw new HttpError(404, 'NotFound', `お知らせ ${(id ?? '').slice(0, 20)} はありません (no such notice)`);
  return notice;
}

/** A notice the caller may read; any other is answered as if it did not exist. */
async function readable(store: Store, actor: Actor, id: string | undefined): Promise<Notice> {
  const notice = await existing(store, id);
  if (!authorize(actor, 'notice.view', noticeSubject(notice)).allowed)
    throw new HttpError(404, 'NotFound', `お知らせ ${notice.id} はありません (no such notice)`);
  return notice;
}

/** The policy's answer for this notice; a refusal is audited before it becomes a 403. */
async function guard(
  deps: NoticeWorkflowDeps,
  actor: Actor,
  notice: Notice,
  action: 'notice.confirm' | 'notice.approve' | 'notice.return' | 'notice.correct',
): Promise<void> {
  await ensureAllowedOrAudit(deps, actor, action, noticeSubject(notice), { objectType: 'notice', objectId: notice.id });
}

function stepResult(result: { notice: Notice } | NoticeStepError): Notice {
  if ('notice' in result) return result.notice;
  const [status, code] = STEP_STATUS[result.reason];
  if (result.reason === 'audience') throw fieldError({ audience: result.error });
  throw new HttpError(status, code, `${result.error} (${code})`);
}

async function noticesFor(store: Store, actor: Actor, filter: { fiscalYear?: number; status?: NoticeStatus }): Promise<Notice[]> {
  if (actor.roles.has('pmo') || actor.roles.has('admin')) return store.notices.list(filter);
  if (actor.department.kind === 'hq') return store.notices.list({ ...filter, senderDepartmentId: actor.department.id });
  return store.notices.list({ ...filter, sectionId: actor.department.id });
}

function departmentName(departments: Map<string, Department>, id: string): string {
  const d = departments.get(id);
  return d ? `${d.office} ${d.name}` : id;
}

function listItem(notice: Notice, departments: Map<string, Department>, actor: Actor, today: string): NoticeListItem {
  const summary = confirmationSummary(notice, today);
  const categories =
    'category' in notice.audience
      ? [notice.audience.category]
      : [...new Set(notice.sections.flatMap((s) => departments.get(s.departmentId)?.categories ?? []))];
  const mine = notice.sections.find((s) => s.departmentId === actor.department.id);
  return {
    id: notice.id,
    title: notice.title,
    kind: notice.kind,
    status: notice.status,
    fiscalYear: notice.fiscalYear,
    confirmBy: notice.confirmBy,
    effectiveOn: notice.effectiveOn,
    senderDepartmentId: notice.senderDepartmentId,
    senderDepartmentName: departmentName(departments, notice.senderDepartmentId),
    revision: notice.revision,
    createdAt: notice.createdAt,
    sentAt: notice.sentAt,
    confirmed: summary.confirmed,
    total: summary.total,
    unreachable: summary.unreachable.length,
    overdue: notice.status === 'sent' && summary.overdue,
    categories,
    ...(mine ? { mySection: withoutNulls(mine) } : {}),
  };
}

function withoutNulls(section: Notice['sections'][number]) {
  return {
    departmentId: section.departmentId,
    status: section.status,
    ...(section.confirmedBy ? { confirmedBy: section.confirmedBy } : {}),
    ...(section.confirmedAt ? { confirmedAt: section.confirmedAt } : {}),
  };
}

async function detailOf(store: Store, notice: Notice, today: string): Promise<NoticeDetail> {
  const [departmentList, people, inquiries] = await Promise.all([store.departments.list(), store.people.list(), store.inquiries.list()]);
  const departments = new Map(departmentList.map((d) => [d.id, d]));
  const personName = new Map(people.map((p) => [p.id, p.displayName]));
  const summary = confirmationSummary(notice, today);
  const named = [
    notice.senderId,
    notice.approvedBy,
    notice.returnedBy,
    ...notice.sections.map((s) => s.confirmedBy),
    ...notice.history.flatMap((h) => [h.correctedBy, ...h.sections.map((s) => s.confirmedBy)]),
  ];
  const names = Object.fromEntries(named.filter((id): id is string => typeof id === 'string').map((id) => [id, personName.get(id) ?? id]));
  return {
    id: notice.id,
    title: notice.title,
    kind: notice.kind,
    confirmBy: notice.confirmBy,
    sections: notice.sections.map((s) => ({
      ...withoutNulls(s),
      name: departmentName(departments, s.departmentId),
      ...(s.confirmedBy ? { confirmedByName: personName.get(s.confirmedBy) ?? s.confirmedBy } : {}),
    })),
    body: notice.body,
    status: notice.status,
    effectiveOn: notice.effectiveOn,
    fiscalYear: notice.fiscalYear,
    revision: notice.revision,
    audience: notice.audience,
    rulingIds: notice.rulingIds,
    supersedesRulingIds: notice.supersedesRulingIds,
    manualIds: notice.manualIds,
    senderId: notice.senderId,
    senderName: personName.get(notice.senderId) ?? notice.senderId,
    senderDepartmentId: notice.senderDepartmentId,
    senderDepartmentName: departmentName(departments, notice.senderDepartmentId),
    approvedBy: notice.approvedBy,
    returnedBy: notice.returnedBy ?? null,
    returnComment: notice.returnComment,
    createdAt: notice.createdAt,
    sentAt: notice.sentAt,
    updatedAt: notice.updatedAt,
    confirmed: summary.confirmed,
    total: summary.total,
    overdue: notice.status === 'sent' && summary.overdue,
    history: notice.history,
    inquiries: inquiries
      .filter((i) => i.noticeId === notice.id)
      .map((i) => ({ number: i.number, subject: i.subject, status: i.status, askerDepartmentId: i.askerDepartmentId })),
    names,
  };
}
