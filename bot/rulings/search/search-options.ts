import { DEFAULT_LIMIT, MAX_LIMIT, type RulingSearchOptions } from './ruling-search';

/** Reads and checks search parameters (API query string or CLI flags); names what is wrong. */
export function parseSearchOptions(params: URLSearchParams): (RulingSearchOptions & { query: string }) | { error: string } {
  const options: RulingSearchOptions & { query: string } = { query: params.get('q') ?? '' };
  const limit = params.get('limit');
  if (limit !== null && limit !== '') {
    if (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_LIMIT)
      return { error: `limit は 1 から ${MAX_LIMIT} の整数です (limit must be 1-${MAX_LIMIT})` };
    options.limit = Number(limit);
  } else options.limit = DEFAULT_LIMIT;
  const year = params.get('year') ?? params.get('fiscalYear');
  if (year) {
    if (!/^\d{4}$/.test(year)) return { error: 'year は西暦の年度です (e.g. 2026 for 令和8年度)' };
    options.fiscalYear = Number(year);
  }
  const status = params.get('status');
  if (status) {
    if (!['current', 'superseded', 'all'].includes(status)) return { error: 'status は current, superseded, all のいずれかです' };
    options.status = status as RulingSearchOptions['status'];
  }
  for (const key of ['department', 'category'] as const) {
    const value = params.get(key);
    if (value) {
      if (value.length > 100) return { error: `${key} が長すぎます (too long)` };
      options[key] = value;
    }
  }
  return options;
}
