import { randomUUID } from 'node:crypto';
import { ensureAllowedOrAudit } from '../platform/audited-access';
import { authorize, type Subject } from '../platform/authorization';
import type { Actor } from '../platform/identity';
import { FileResponse, JsonResponse, type ApiRoute } from '../server/api-route';
import { HttpError } from '../server/http-errors';
import type { Store } from '../store/ports';
import { SURVEY_CSV_ENCODINGS, SURVEY_EXPORT_FORMATS, exportSurvey, type SurveyCsvEncoding, type SurveyExportFormat } from './export';
import { japanDateOf } from '../platform/fiscal-calendar';
import { matchesFilter, surveyListItem, type SurveyListFilter, type SurveyListItem } from './list';
import { SURVEY_LIMITS, type OpinionResponse, type Survey, type SurveyQuestion, type SurveyStatus } from './model';
import type { SurveyTotals } from './rules/totals';
import { hqTable, sectionRow, type Names, type SurveySectionRow } from './table';
import {
  approveSurveyAnswer,
  cancelSurvey,
  createSurvey,
  extendSurvey,
  returnSurveyAnswer,
  saveSurveyAnswer,
  type SurveyStepError,
  type SurveyWorkflowDeps,
} from './workflow';

/**
 * The 照会 API (contract of issue 20, kept exactly):
 * POST /api/surveys — HQ responder/approver or admin → 201 SurveyView (`id`, `sections`, …); 400 naming each bad field;
 * GET  /api/surveys?fy=&category=&unanswered=1 — the caller's surveys (HQ: their department's; ward: those asking their section);
 * GET  /api/surveys/:id — HQ side: every section as sent, with totals; a ward person: their own section only;
 * PUT  /api/surveys/:id/answers/:departmentId {"answers":{..},"submit":bool} — a member of that section → 200;
 *      400 with a message per question key; 403 for another section;
 * POST /api/surveys/:id/answers/:departmentId/approve, /return {comment} — that section's approver;
 * GET  /api/surveys/:id/export?format=xlsx|csv[&encoding=utf-8|shift_jis] — HQ side only (CSV: UTF-8 with BOM unless shift_jis).
 * POST /api/surveys/:id/extend {"dueOn"}, /cancel — HQ's follow-up (surveyFollowUpRoutes below).
 */

export interface SurveyView {
  id: string;
  title: string;
  purpose: string;
  dueOn: string;
  status: SurveyStatus;
  requiresWardApproval: boolean;
  manualId: string | null;
  draftUrl?: string;
  fiscalYear: number;
  senderId: string;
  senderDepartmentId: string;
  senderDepartmentName: string;
  createdAt: string;
  questions: SurveyQuestion[];
  sections: SurveySectionRow[];
  /** HQ side only. */
  totals?: SurveyTotals;
  /** 意見照会, HQ side: its response to each section's opinion, and the results notice once sent. */
  responses?: OpinionResponse[];
  resultsNoticeId?: string;
  /** 回答 x/y: HQ side only. */
  answered?: number;
  total?: number;
}

export type { SurveyListItem };

const SURVEY_ID = /^S-R\d{1,3}-\d{4,6}$/;
const SECTION_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

const STEP_STATUS: Record<SurveyStepError['reason'], [number, string]> = {
  notFound: [404, 'NotFound'],
  notAsked: [404, 'NotFound'],
  cancelled: [409, 'Conflict'],
  closed: [409, 'Closed'],
  state: [409, 'Conflict'],
  stale: [409, 'Conflict'],
  invalid: [400, 'BadRequest'],
};

export function surveyRoutes(deps: SurveyWorkflowDeps): ApiRoute[] {
  const { store } = deps;
  return [
    {
      method: 'post',
      path: '/api/surveys',
      // Ward staff and the PMO without an HQ role are refused (403) before the fields are read.
      auth: 'survey.create',
      handle: async ({ actor, body }) => {
        if (!isRecord(body)) throw fieldError({ body: '本文は JSON のオブジェクトで送ってください。' });
        const result = await createSurvey(deps, actor, body, readRequestId(body.requestId));
        if ('errors' in result) throw fieldError(result.errors);
        return new JsonResponse(201, await viewFor(store, actor, result.survey));
      },
    },
    {
      method: 'get',
      path: '/api/surveys',
      auth: 'user',
      handle: async ({ actor, query }) => ({
        items: (await listFor(store, actor, japanDateOf(deps.now()))).filter((item) => matchesFilter(item, listFilter(query))),
      }),
    },
    {
      method: 'get',
      path: '/api/surveys/:id',
      auth: 'user',
      handle: async ({ actor, params }) => viewFor(store, actor, await readable(store, actor, params.id)),
    },
    {
      method: 'put',
      path: '/api/surveys/:id/answers/:departmentId',
      auth: 'user',
      handle: async ({ actor, params, body }) => {
        const { survey, departmentId } = await forSection(deps, actor, params, 'survey.answer');
        if (!isRecord(body)) throw fieldError({ body: '本文は {"answers": {...}, "submit": true|false} の JSON で送ってください。' });
        if (body.submit !== undefined && body.submit !== null && typeof body.submit !== 'boolean')
          throw fieldError({ submit: 'submit は true（承認依頼・回答）か false（下書き保存）です。' });
        const result = await saveSurveyAnswer(deps, survey.id, departmentId, actor.person.id, body.answers, body.submit === true);
        if ('errors' in result) throw fieldError(result.errors, 'InvalidAnswers');
        stepResult(result);
        return viewFor(store, actor, survey);
      },
    },
    {
      method: 'post',
      path: '/api/surveys/:id/answers/:departmentId/approve',
      auth: 'user',
      handle: async ({ actor, params }) => {
        const { survey, departmentId } = await forSection(deps, actor, params, 'survey.approve');
        stepResult(await approveSurveyAnswer(deps, survey.id, departmentId, actor.person.id));
        return viewFor(store, actor, survey);
      },
    },
    {
      method: 'post',
      path: '/api/surveys/:id/answers/:departmentId/return',
      auth: 'user',
      handle: async ({ actor, params, body }) => {
        const { survey, departmentId } = await forSection(deps, actor, params, 'survey.approve');
        const comment = isRecord(body) && typeof body.comment === 'string' ? body.comment.trim() : '';
        if (!comment) throw fieldError({ comment: '差し戻すときは理由（comment）を入力してください。' });
        if ([...comment].length > SURVEY_LIMITS.comment)
          throw fieldError({ comment: `差戻しの理由は ${SURVEY_LIMITS.comment} 字以内にしてください。` });
        stepResult(await returnSurveyAnswer(deps, survey.id, departmentId, actor.person.id, comment));
        return viewFor(store, actor, survey);
      },
    },
    {
      method: 'get',
      path: '/api/surveys/:id/export',
      auth: 'user',
      handle: async ({ actor, params, query }) => {
        const survey = await readable(store, actor, params.id);
        await guard(deps, actor, survey, 'survey.export');
        const format = (query.get('format') ?? 'xlsx').toLowerCase();
        if (!SURVEY_EXPORT_FORMATS.includes(format as SurveyExportFormat))
          throw fieldError({ format: `format は xlsx か csv にしてください（${format.slice(0, 20)}）。` }, 'BadQuery');
        const encoding = (query.get('encoding') ?? 'utf-8').toLowerCase().replace(/^utf8$/, 'utf-8');
        if (!SURVEY_CSV_ENCODINGS.includes(encoding as SurveyCsvEncoding) || (format === 'xlsx' && encoding !== 'utf-8'))
          throw fieldError(
            { encoding: `encoding は CSV のときだけ utf-8（既定・BOM 付き）か shift_jis を指定できます（${encoding.slice(0, 20)}）。` },
            'BadQuery',
          );
        const table = hqTable(survey, await store.surveys.listAnswers(survey.id), await namesOf(store));
        const file = await exportSurvey(survey, table, format as SurveyExportFormat, encoding as SurveyCsvEncoding);
        return new FileResponse(file.contentType, file.fileName, file.body, file.asciiFileName);
      },
    },
  ];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** 400 naming every bad field (or question key), in the message and in `error.fields`. */
export function fieldError(errors: Record<string, string>, code = 'BadRequest'): HttpError {
  const entries = Object.entries(errors);
  const message = `入力内容を確認してください: ${entries.map(([field, text]) => `${field}（${text}）`).join(' ')} (invalid: ${entries.map(([field]) => field).join(', ')})`;
  const fields: Record<string, string> = {};
  for (const [field, text] of entries)
    Object.defineProperty(fields, field, { value: text, enumerable: true, writable: true, configurable: true });
  return new HttpError(400, code, message, {}, fields);
}

function readRequestId(value: unknown): string {
  if (value === undefined || value === null) return randomUUID();
  if (typeof value !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/.test(value))
    throw fieldError({ requestId: 'requestId は 64 字以内の英数字（- _ . : を含む）で指定してください。' });
  return value;
}

const subjectOf = (survey: Survey, sectionId?: string): Subject => ({
  type: 'survey',
  senderDepartmentId: survey.senderDepartmentId,
  sectionIds: survey.sectionIds,
  ...(sectionId ? { sectionId } : {}),
});

const hqSide = (actor: Actor, survey: Survey) => authorize(actor, 'survey.viewAll', subjectOf(survey)).allowed;
const askedSection = (actor: Actor, survey: Survey) => actor.department.kind === 'ward' && survey.sectionIds.includes(actor.department.id);

export async function existing(store: Store, id: string | undefined): Promise<Survey> {
  const survey = id && SURVEY_ID.test(id) ? await store.surveys.get(id) : undefined;
  if (!survey) throw new HttpError(404, 'NotFound', `照会 ${(id ?? '').slice(0, 20)} はありません (no such survey)`);
  return survey;
}

/** A survey the caller may read (HQ side, or a member of a section asked); any other is answered as if it did not exist. */
async function readable(store: Store, actor: Actor, id: string | undefined): Promise<Survey> {
  const survey = await existing(store, id);
  if (!hqSide(actor, survey) && !askedSection(actor, survey))
    throw new HttpError(404, 'NotFound', `照会 ${survey.id} はありません (no such survey)`);
  return survey;
}

/** The policy's answer; a refusal is audited before it becomes a 403. */
export async function guard(
  deps: SurveyWorkflowDeps,
  actor: Actor,
  survey: Survey,
  action: 'survey.answer' | 'survey.approve' | 'survey.export' | 'survey.respond',
  sectionId?: string,
): Promise<void> {
  await ensureAllowedOrAudit(deps, actor, action, subjectOf(survey, sectionId), {
    objectType: 'survey',
    objectId: survey.id,
    detail: { sectionId },
  });
}

/** The survey and the section named in the path, once the caller may act for that section (403 otherwise). */
async function forSection(
  deps: SurveyWorkflowDeps,
  actor: Actor,
  params: Record<string, string>,
  action: 'survey.answer' | 'survey.approve',
): Promise<{ survey: Survey; departmentId: string }> {
  // Anyone who may not act for that section is refused (403), whether or not they may read the survey.
  const survey = await existing(deps.store, params.id);
  const departmentId = params.departmentId ?? '';
  if (!SECTION_ID.test(departmentId))
    throw new HttpError(403, 'Forbidden', '照会先の区役所の課の職員が、自分の課の回答だけを入力できます (forbidden)');
  await guard(deps, actor, survey, action, departmentId);
  return { survey, departmentId };
}

export function stepResult<T extends { survey: Survey }>(result: T | SurveyStepError): asserts result is T {
  if ('survey' in result) return;
  const [status, code] = STEP_STATUS[result.reason];
  throw new HttpError(status, code, `${result.error} (${code})`);
}

export async function namesOf(store: Store): Promise<Names> {
  const [departments, people] = await Promise.all([store.departments.list(), store.people.list()]);
  return { departments: new Map(departments.map((d) => [d.id, d])), people: new Map(people.map((p) => [p.id, p])) };
}

/** HQ side: every section as sent, totals and 回答 x/y; a ward section: its own row as it stands. */
export async function viewFor(store: Store, actor: Actor, stale: Survey): Promise<SurveyView> {
  const survey = (await store.surveys.get(stale.id)) ?? stale;
  const names = await namesOf(store);
  const base = {
    id: survey.id,
    title: survey.title,
    purpose: survey.purpose,
    dueOn: survey.dueOn,
    status: survey.status,
    requiresWardApproval: survey.requiresWardApproval,
    manualId: survey.manualId,
    ...(survey.draftUrl ? { draftUrl: survey.draftUrl } : {}),
    fiscalYear: survey.fiscalYear,
    senderId: survey.senderId,
    senderDepartmentId: survey.senderDepartmentId,
    senderDepartmentName: names.departments.has(survey.senderDepartmentId)
      ? `${names.departments.get(survey.senderDepartmentId)?.office} ${names.departments.get(survey.senderDepartmentId)?.name}`
      : survey.senderDepartmentId,
    createdAt: survey.createdAt,
    questions: survey.questions,
  };
  if (hqSide(actor, survey)) {
    const table = hqTable(survey, await store.surveys.listAnswers(survey.id), names);
    // Only a survey with a text question can hold opinions (and so responses).
    const responses = survey.questions.some((q) => q.type === 'text') ? await store.surveys.listResponses(survey.id) : [];
    return {
      ...base,
      sections: table.rows,
      totals: table.totals,
      answered: table.answered,
      total: table.total,
      responses,
      ...(survey.resultsNoticeId ? { resultsNoticeId: survey.resultsNoticeId } : {}),
    };
  }
  const own = await store.surveys.getAnswer(survey.id, actor.department.id);
  return { ...base, sections: own ? [sectionRow(own, names)] : [] };
}

async function listFor(store: Store, actor: Actor, today: string): Promise<SurveyListItem[]> {
  const hq = actor.roles.has('pmo') || actor.roles.has('admin');
  const surveys = hq
    ? await store.surveys.list()
    : actor.department.kind === 'hq'
      ? await store.surveys.list({ senderDepartmentId: actor.department.id })
      : await store.surveys.list({ sectionId: actor.department.id });
  const departments = new Map((await store.departments.list()).map((d) => [d.id, d]));
  return Promise.all(
    surveys.map(async (s): Promise<SurveyListItem> => {
      if (hqSide(actor, s)) return surveyListItem(s, await store.surveys.listAnswers(s.id), { hq: true }, departments, today);
      const own = await store.surveys.getAnswer(s.id, actor.department.id);
      return surveyListItem(s, own ? [own] : [], { hq: false, sectionId: actor.department.id }, departments, today);
    }),
  );
}

/** ?fy=2026&category=国民健康保険&unanswered=1, each checked (400 naming the parameter). */
function listFilter(query: URLSearchParams): SurveyListFilter {
  const fy = query.get('fy');
  if (fy && (!/^\d{4}$/.test(fy) || Number(fy) < 2019 || Number(fy) > 2100))
    throw fieldError({ fy: '年度は 2019〜2100 の西暦で指定してください（R8年度は 2026）。' }, 'BadQuery');
  const category = query.get('category')?.trim() || undefined;
  if (category && [...category].length > 50) throw fieldError({ category: '分野は 50 字以内で指定してください。' }, 'BadQuery');
  const unanswered = query.get('unanswered');
  if (unanswered && !['1', '0', 'true', 'false'].includes(unanswered))
    throw fieldError({ unanswered: 'unanswered は 1 か 0 です。' }, 'BadQuery');
  return {
    ...(fy ? { fiscalYear: Number(fy) } : {}),
    ...(category ? { category } : {}),
    unanswered: unanswered === '1' || unanswered === 'true',
  };
}

/**
 * HQ's follow-up over HTTP, the same steps as the buttons on HQ's card:
 * POST /api/surveys/:id/extend {"dueOn":"YYYY-MM-DD"} — 回答期限の延長 (a later date; the sections still owing an answer are told);
 * POST /api/surveys/:id/cancel — 取消 (every section's card stops taking answers).
 * The asking department's responders and approvers, or an administrator; others 403 (404 when they may not read it).
 */
export function surveyFollowUpRoutes(deps: SurveyWorkflowDeps): ApiRoute[] {
  const { store } = deps;
  const asSender = async (actor: Actor, id: string | undefined, action: 'survey.extend' | 'survey.cancel'): Promise<Survey> => {
    const survey = await readable(store, actor, id);
    await ensureAllowedOrAudit(deps, actor, 'survey.manage', subjectOf(survey), {
      objectType: 'survey',
      objectId: survey.id,
      attempted: action,
    });
    return survey;
  };
  return [
    {
      method: 'post',
      path: '/api/surveys/:id/extend',
      auth: 'user',
      handle: async ({ actor, params, body }) => {
        const survey = await asSender(actor, params.id, 'survey.extend');
        const dueOn = isRecord(body) ? body.dueOn : undefined;
        const result = await extendSurvey(deps, survey.id, actor.person.id, dueOn);
        if ('error' in result && result.reason === 'invalid') throw fieldError({ dueOn: result.error });
        stepResult(result);
        return viewFor(store, actor, survey);
      },
    },
    {
      method: 'post',
      path: '/api/surveys/:id/cancel',
      auth: 'user',
      handle: async ({ actor, params }) => {
        const survey = await asSender(actor, params.id, 'survey.cancel');
        stepResult(await cancelSurvey(deps, survey.id, actor.person.id));
        return viewFor(store, actor, survey);
      },
    },
  ];
}
