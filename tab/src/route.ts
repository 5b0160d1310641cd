import type { Locale } from '../../shared/locale';

/**
 * The tab's routes live in the URL hash, so each ruling and each inquiry has a link that opens
 * it: #/rulings/R-0001, #/inquiries/Q-R8-0001, #/notices/N-R8-0001 (#/notices/new: the compose
 * form), #/surveys/S-R8-0001 (#/surveys/new: the 照会 form builder); the 効果検証 dashboard is #/dashboard and one initiative's page #/dashboard/initiatives/A1-1;
 * an administrator's review of learned synonyms is #/synonyms.
 * A 判断事例 search keeps its query and filters after a '?' (#/rulings?q=国保+喪失&category=…),
 * also on the rulings it opens (#/rulings/R-0011?q=…), so back, reload and shared links keep them.
 */

/** The 判断事例 search as the URL keeps it; status is left out when it is the default, 現行. */
export interface RulingQuery {
  q?: string;
  department?: string;
  category?: string;
  /** 年度 as a year (2026 = R8年度). */
  year?: string;
  status?: 'superseded' | 'all';
}

const RULING_QUERY_KEYS = ['q', 'department', 'category', 'year', 'status'] as const;

function rulingQueryOf(params: URLSearchParams): RulingQuery {
  const search: RulingQuery = {};
  for (const key of RULING_QUERY_KEYS) {
    const value = params.get(key)?.trim();
    if (!value) continue;
    if (key === 'status') {
      if (value === 'superseded' || value === 'all') search.status = value;
    } else search[key] = value;
  }
  return search;
}

/** '?q=…&category=…' (empty when nothing is searched or filtered), in a fixed order so equal searches have equal links. */
export function rulingQueryString(search: RulingQuery = {}): string {
  const params = new URLSearchParams();
  for (const key of RULING_QUERY_KEYS) if (search[key]) params.set(key, search[key]);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export type Route =
  | { view: 'rulings'; rulingId?: string; search?: RulingQuery }
  | { view: 'inquiries'; number?: string }
  | { view: 'notices'; id?: string; compose?: true }
  | { view: 'surveys'; id?: string; compose?: true }
  | { view: 'manuals' }
  | { view: 'departments' }
  | { view: 'synonyms' }
  | { view: 'dashboard'; initiativeCode?: string };

export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#/, '').split(/\?(.*)/s);
  const [, view, raw, sub] = path.split('/');
  const id = raw ? safeDecode(raw) : undefined;
  if (view === 'dashboard') return { view: 'dashboard', initiativeCode: raw === 'initiatives' && sub ? safeDecode(sub) : undefined };
  if (view === 'inquiries') return { view: 'inquiries', number: id };
  // Notice ids are N-R8-0001, so 'new' never names one.
  if (view === 'notices') return raw === 'new' ? { view: 'notices', compose: true } : { view: 'notices', id };
  // Survey ids are S-R8-0001, so 'new' never names one either.
  if (view === 'surveys') return raw === 'new' ? { view: 'surveys', compose: true } : { view: 'surveys', id };
  if (view === 'manuals') return { view: 'manuals' };
  if (view === 'departments') return { view: 'departments' };
  if (view === 'synonyms') return { view: 'synonyms' };
  return { view: 'rulings', rulingId: id, search: rulingQueryOf(new URLSearchParams(query)) };
}

/** A hand-edited link such as #/rulings/%E0 must not break the whole tab; the server answers 400/404 instead. */
function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function hrefOf(route: Route): string {
  if (route.view === 'rulings')
    return (route.rulingId ? `#/rulings/${encodeURIComponent(route.rulingId)}` : '#/rulings') + rulingQueryString(route.search);
  if (route.view === 'inquiries') return route.number ? `#/inquiries/${encodeURIComponent(route.number)}` : '#/inquiries';
  if (route.view === 'notices')
    return route.compose ? '#/notices/new' : route.id ? `#/notices/${encodeURIComponent(route.id)}` : '#/notices';
  if (route.view === 'surveys')
    return route.compose ? '#/surveys/new' : route.id ? `#/surveys/${encodeURIComponent(route.id)}` : '#/surveys';
  if (route.view === 'dashboard')
    return route.initiativeCode ? `#/dashboard/initiatives/${encodeURIComponent(route.initiativeCode)}` : '#/dashboard';
  return `#/${route.view}`;
}

/** 2026 → R8年度 (令和 began in FY2019). */
export function fiscalYearLabel(year: number, locale: Locale): string {
  if (locale === 'en') return `FY${year}`;
  return year >= 2019 ? `R${year - 2018}年度` : `H${year - 1988}年度`;
}
