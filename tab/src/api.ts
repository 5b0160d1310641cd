// The server's own record types (type-only: nothing from bot/ is bundled into the tab).
import type { Analytics as CoreAnalytics, KpiTrend } from '../../bot/analytics/metrics';
import type { NoticeDepartmentFigures, NoticeFigures } from '../../bot/analytics/notice-metrics';
import type { SurveyDepartmentFigures, SurveyFigures, SurveyWardFigures } from '../../bot/analytics/survey-metrics';
import type { CheckIn, Initiative } from '../../bot/checkins/model';
import type { RepeatedTopicsFigure } from '../../bot/analytics/repeated-topics';
import type { InquiryDetail, InquiryList, InquiryQueueItem, InquiryScope, SimilarCasesList } from '../../bot/inquiries/api-routes';
import type { CitingAnswer } from '../../bot/inquiries/similar-cases';
import type { NoticeDetail, NoticeListItem } from '../../bot/notices/api-routes';
import type { NoticeKind, NoticeStatus, SectionStatus } from '../../bot/notices/model';
import type { Manual, Ruling as RulingRecord } from '../../bot/rulings/model';
import type { Span } from '../../bot/rulings/search/highlight';
import type { SynonymCandidate } from '../../bot/rulings/synonym-learning/candidates';
import type { SurveyListItem, SurveyView } from '../../bot/surveys/api-routes';
import type { AnswerStatus, QuestionType, SurveyQuestion } from '../../bot/surveys/model';
import type { SurveySectionRow } from '../../bot/surveys/table';
import type { Locale } from '../../shared/locale';

/** The tab's client for the server's JSON API (/api/...). */

export interface Me {
  person: { id: string; displayName: string; title: string; email: string; locale: Locale };
  department: { id: string; name: string; office: string; kind: 'hq' | 'ward' };
  roles: string[];
  /** The initiatives this person owns (their pages are theirs to see). */
  initiatives: { code: string; title: string }[];
}

export interface DemoPerson {
  id: string;
  displayName: string;
  title: string;
  department: string;
  roles: string[];
}

export interface Department {
  id: string;
  name: string;
  office: string;
  kind: 'hq' | 'ward';
  approvalRequired: boolean;
  inquiryChannelId: string | null;
  noticeChannelId: string | null;
  /** 分野 a ward section handles (国民健康保険 ...): a notice to a 分野 reaches every section listing it. */
  categories?: string[];
}

export class ApiError extends Error {
  /** For a 400 about the request's fields: each bad field with the server's message (`error.fields`). */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

const DEMO_PERSON_KEY = 'renkei.demoPersonId';

export const demoSignIn = {
  current: () => sessionStorage.getItem(DEMO_PERSON_KEY),
  choose: (personId: string) => sessionStorage.setItem(DEMO_PERSON_KEY, personId),
  clear: () => sessionStorage.removeItem(DEMO_PERSON_KEY),
};

/**
 * Inside Teams the tab signs in with Teams SSO: an Entra ID token from teams-js
 * (authentication.getAuthToken) goes as a bearer token, which the server verifies.
 * Outside Teams (local mode) the demo sign-in picker chooses a person instead.
 */
let teamsToken: (() => Promise<string>) | undefined;
export const teamsSignIn = {
  use: (getToken: () => Promise<string>) => (teamsToken = getToken),
  active: () => teamsToken !== undefined,
};

async function authorization(): Promise<Record<string, string>> {
  if (teamsToken) return { Authorization: `Bearer ${await teamsToken()}` };
  const personId = demoSignIn.current();
  return personId ? { Authorization: `Demo ${personId}` } : {};
}

async function request<T>(path: string, init: { method?: 'POST' | 'PUT'; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = await authorization();
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const body = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string; fields?: Record<string, string> } };
  if (!response.ok)
    throw new ApiError(response.status, body.error?.code ?? 'Error', body.error?.message ?? response.statusText, body.error?.fields ?? {});
  return body as T;
}

export const api = {
  me: () => request<Me>('/api/me'),
  demoPeople: () => request<{ people: DemoPerson[] }>('/api/dev/people'),
  departments: () => request<{ departments: Department[] }>('/api/departments'),
};

export type RulingSummary = Pick<RulingRecord, 'id' | 'title' | 'department' | 'category' | 'publishedAt' | 'status' | 'supersededBy'> & {
  excerpt: string;
  score?: number;
  /** Search results only: the title and a snippet with the words found marked. */
  highlight?: { title: Span[]; snippet: Span[] };
};

/** What to try when a search finds nothing. */
export type SearchSuggestions = { didYouMean: string | null; categories: string[] };

export type Ruling = RulingRecord;

/** A manual with its management status, as GET /api/manuals gives it. */
export type ManualRow = Manual & { ownerName: string | null; noOwner: boolean; reviewOverdue: boolean };

/** A manual found by GET /api/manuals/search: where in its document the words are (PDF page or docx heading), if there. */
export type ManualHit = Pick<Manual, 'id' | 'title' | 'department' | 'system' | 'url'> & {
  score: number;
  location: { page?: number; heading?: string } | null;
  highlight: { title: Span[]; snippet: Span[] };
};

export const knowledgeApi = {
  searchRulings: (params: URLSearchParams) =>
    request<{ results: RulingSummary[]; suggestions?: SearchSuggestions }>(`/api/rulings/search?${params}`),
  /** `fromQuery`: the search the ruling was opened from (the server learns synonym candidates from it); citedBy: the 疑義照会 answers that cite it, oldest first. */
  ruling: (id: string, fromQuery?: string) =>
    request<{ ruling: Ruling; chain: RulingSummary[]; citedBy: CitingAnswer[] }>(
      `/api/rulings/${encodeURIComponent(id)}${fromQuery ? `?${new URLSearchParams({ q: fromQuery })}` : ''}`,
    ),
  facets: () => request<{ departments: string[]; categories: string[]; fiscalYears: number[] }>('/api/rulings/facets'),
  manuals: () => request<{ today: string; manuals: ManualRow[] }>('/api/manuals'),
  searchManuals: (q: string) => request<{ results: ManualHit[] }>(`/api/manuals/search?${new URLSearchParams({ q, limit: '20' })}`),
};

export type { SynonymCandidate };

/** A learned pair an administrator accepted (GET /api/synonyms/candidates). */
export interface AcceptedSynonym {
  word: string;
  typed: string;
  term: string;
  rulingId: string;
  acceptedBy: string;
  acceptedByName: string;
  at: string;
}

/** 同義語の候補: what the staff's searches taught, for an administrator to accept or reject. */
export const synonymApi = {
  review: () => request<{ candidates: SynonymCandidate[]; accepted: AcceptedSynonym[] }>('/api/synonyms/candidates'),
  accept: (candidate: Pick<SynonymCandidate, 'word' | 'rulingId'>, term: string) =>
    request<{ decided: SynonymCandidate }>('/api/synonyms/decisions', { method: 'POST', body: { ...candidate, decision: 'accept', term } }),
  reject: (candidate: Pick<SynonymCandidate, 'word' | 'rulingId'>) =>
    request<{ decided: SynonymCandidate }>('/api/synonyms/decisions', { method: 'POST', body: { ...candidate, decision: 'reject' } }),
};

export type { InquiryDetail, InquiryList, InquiryQueueItem, InquiryScope };

export const inquiryApi = {
  /** Without a scope the server picks the caller's default (an HQ responder's inbox, else their own). */
  list: (scope: InquiryScope | undefined, status: 'open' | 'all') => {
    const params = new URLSearchParams({ status });
    if (scope) params.set('scope', scope);
    return request<InquiryList>(`/api/inquiries?${params}`);
  },
  detail: (number: string) => request<InquiryDetail>(`/api/inquiries/${encodeURIComponent(number)}`),
  /** 取り下げる, with the reason; each step answers with the inquiry's new detail. */
  withdraw: (number: string, reason: string) => inquiryStep(number, 'withdraw', { reason }),
  /** 取下げを取り消す */
  restore: (number: string) => inquiryStep(number, 'restore', {}),
  /** 担当を外す */
  release: (number: string) => inquiryStep(number, 'release', {}),
  /** 担当変更 */
  reassign: (number: string, personId: string) => inquiryStep(number, 'assignee', { personId }),
  /** 同様の照会・判断事例 as the caller may see them. */
  similar: (number: string) => request<SimilarCasesList>(`/api/inquiries/${encodeURIComponent(number)}/similar`),
};

export type { CitingAnswer, RepeatedTopicsFigure, SimilarCasesList };

const inquiryStep = (number: string, step: string, body: Record<string, string>) =>
  request<InquiryDetail>(`/api/inquiries/${encodeURIComponent(number)}/${step}`, { method: 'POST', body });

export type { NoticeDetail, NoticeKind, NoticeListItem, NoticeStatus, SectionStatus };

/** The list's filters, as GET /api/notices takes them (fy 2026 = R8年度). */
export interface NoticeFilter {
  kind?: NoticeKind;
  category?: string;
  fiscalYear?: number;
  unconfirmed?: boolean;
}

/** What the compose form sends to POST /api/notices (the contract of issue 19). */
export interface NoticeDraft {
  kind: NoticeKind;
  title: string;
  body: string;
  effectiveOn?: string;
  confirmBy?: string;
  audience: { wardSections: string[] } | { category: string } | { allWards: true };
  rulingIds?: string[];
  supersedesRulingIds?: string[];
  manualIds?: string[];
  /** Minted once per form, so a double press makes one notice. */
  requestId: string;
}

/** お知らせ: HQ's notices to the ward sections and each section's 確認. */
export const noticeApi = {
  list: (filter: NoticeFilter) => {
    const params = new URLSearchParams();
    if (filter.kind) params.set('kind', filter.kind);
    if (filter.category) params.set('category', filter.category);
    if (filter.fiscalYear !== undefined) params.set('fy', String(filter.fiscalYear));
    if (filter.unconfirmed) params.set('unconfirmed', '1');
    const query = params.toString();
    return request<{ items: NoticeListItem[] }>(query ? `/api/notices?${query}` : '/api/notices');
  },
  detail: (id: string) => request<NoticeDetail>(`/api/notices/${encodeURIComponent(id)}`),
  compose: (draft: NoticeDraft) => request<NoticeDetail>('/api/notices', { method: 'POST', body: draft }),
  confirm: (id: string) => request<NoticeDetail>(`/api/notices/${encodeURIComponent(id)}/confirm`, { method: 'POST', body: {} }),
  approve: (id: string) => request<NoticeDetail>(`/api/notices/${encodeURIComponent(id)}/approve`, { method: 'POST', body: {} }),
  return: (id: string, comment: string) =>
    request<NoticeDetail>(`/api/notices/${encodeURIComponent(id)}/return`, { method: 'POST', body: { comment } }),
};

export type { AnswerStatus, QuestionType, SurveyListItem, SurveyQuestion, SurveySectionRow, SurveyView };

/** The 照会 list's filters, as GET /api/surveys takes them. */
export interface SurveyFilter {
  category?: string;
  fiscalYear?: number;
  unanswered?: boolean;
}

/** What the form builder sends to POST /api/surveys (the contract of issue 20). */
export interface SurveyDraft {
  title: string;
  purpose: string;
  dueOn: string;
  audience: NoticeDraft['audience'];
  requiresWardApproval: boolean;
  questions: SurveyQuestion[];
  manualId?: string;
  draftUrl?: string;
  requestId: string;
}

export type SurveyExportChoice = { format: 'xlsx' } | { format: 'csv'; encoding: 'utf-8' | 'shift_jis' };

const surveyPath = (id: string) => `/api/surveys/${encodeURIComponent(id)}`;

/** 全区照会・意見照会: HQ's surveys, each ward section's answer and HQ's one table. */
export const surveyApi = {
  list: (filter: SurveyFilter) => {
    const params = new URLSearchParams();
    if (filter.category) params.set('category', filter.category);
    if (filter.fiscalYear !== undefined) params.set('fy', String(filter.fiscalYear));
    if (filter.unanswered) params.set('unanswered', '1');
    const query = params.toString();
    return request<{ items: SurveyListItem[] }>(query ? `/api/surveys?${query}` : '/api/surveys');
  },
  detail: (id: string) => request<SurveyView>(surveyPath(id)),
  create: (draft: SurveyDraft) => request<SurveyView>('/api/surveys', { method: 'POST', body: draft }),
  answer: (id: string, departmentId: string, answers: Record<string, unknown>, submit: boolean) =>
    request<SurveyView>(`${surveyPath(id)}/answers/${encodeURIComponent(departmentId)}`, { method: 'PUT', body: { answers, submit } }),
  approve: (id: string, departmentId: string) =>
    request<SurveyView>(`${surveyPath(id)}/answers/${encodeURIComponent(departmentId)}/approve`, { method: 'POST', body: {} }),
  return: (id: string, departmentId: string, comment: string) =>
    request<SurveyView>(`${surveyPath(id)}/answers/${encodeURIComponent(departmentId)}/return`, { method: 'POST', body: { comment } }),
  /** 意見照会: HQ's response to one section's opinion on one question. */
  respond: (id: string, departmentId: string, response: { questionKey: string; decision: string; reason: string }) =>
    request<SurveyView>(`${surveyPath(id)}/responses/${encodeURIComponent(departmentId)}`, { method: 'PUT', body: response }),
  /** 意見照会結果を送る: the opinions and responses to every section asked, as a notice. */
  sendResults: (id: string) => request<{ noticeId: string; survey: SurveyView }>(`${surveyPath(id)}/results`, { method: 'POST', body: {} }),
  /** The table as a file: fetched with the caller's sign-in (a plain link would carry none), saved by the browser. */
  export: async (id: string, choice: SurveyExportChoice): Promise<{ blob: Blob; fileName: string }> => {
    const params = new URLSearchParams({ format: choice.format });
    if (choice.format === 'csv') params.set('encoding', choice.encoding);
    const response = await fetch(`${surveyPath(id)}/export?${params}`, { headers: await authorization() });
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } };
      throw new ApiError(response.status, body.error?.code ?? 'Error', body.error?.message ?? response.statusText);
    }
    return { blob: await response.blob(), fileName: fileNameOf(response.headers.get('content-disposition')) ?? `${id}.${choice.format}` };
  },
};

/** Content-Disposition's filename* (RFC 5987, the Japanese name) or its ASCII filename. */
function fileNameOf(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the ASCII name
    }
  }
  return /filename="?([^";]+)"?/i.exec(header)?.[1];
}

/** GET /api/analytics: the figures of check-ins, inquiries and rulings, those of お知らせ and of 全区照会 (null where the store keeps no surveys). */
export type Analytics = CoreAnalytics & { notices: NoticeFigures; surveys: SurveyFigures | null; repeatedTopics: RepeatedTopicsFigure };
export type { SurveyDepartmentFigures, SurveyFigures, SurveyWardFigures };

export type { KpiTrend, NoticeDepartmentFigures, NoticeFigures };
export type { DepartmentFigures, QuarterFigures } from '../../bot/analytics/metrics';
export type { DurationSummary } from '../../bot/analytics/statistics';
export type { CheckIn, Initiative };

/** One initiative's check-in history and KPI trends, as GET /api/analytics/initiatives/:code gives them. */
export interface InitiativeAnalytics {
  initiative: Initiative;
  checkIns: CheckIn[];
  kpis: KpiTrend[];
}

/** 効果検証: the dashboard's figures (PMO and admins) and one initiative's page (also its owner). */
export const analyticsApi = {
  /** fiscalYear 2026 = R8年度; departmentId an HQ department's id; both optional. */
  overview: (filter: { fiscalYear?: number; departmentId?: string } = {}) => {
    const params = new URLSearchParams();
    if (filter.fiscalYear !== undefined) params.set('fy', String(filter.fiscalYear));
    if (filter.departmentId) params.set('department', filter.departmentId);
    const query = params.toString();
    return request<Analytics>(query ? `/api/analytics?${query}` : '/api/analytics');
  },
  initiative: (code: string) => request<InitiativeAnalytics>(`/api/analytics/initiatives/${encodeURIComponent(code)}`),
};
