import type { Locale } from './locale';

/**
 * The tab's one date style: 「2026-12-14 (月)」 (English "2026-12-14 (Mon)"), sortable and with
 * the weekday a clerk plans by. Cards use 令和 instead (formatDate in bot/platform/fiscal-calendar.ts).
 * Times are Japan time, whatever the browser's zone.
 */
const WEEKDAYS: Record<Locale, readonly string[]> = {
  ja: ['日', '月', '火', '水', '木', '金', '土'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};

/** A calendar date (YYYY-MM-DD, or the date part of a longer ISO string) with its weekday; anything else as it is. */
export function tabDate(date: string | null | undefined, locale: Locale): string {
  if (!date) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!match) return date;
  const [, y, m, d] = match;
  const weekday = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d))).getUTCDay();
  return `${y}-${m}-${d} (${WEEKDAYS[locale][weekday]})`;
}

/** An instant (ISO timestamp) as the Japan date with weekday and the time: 「2026-12-14 (月) 09:30」. */
export function tabTimestamp(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '—';
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  // Japan has no daylight saving: UTC+9 all year.
  const japan = new Date(instant.getTime() + 9 * 3_600_000).toISOString();
  return `${tabDate(japan.slice(0, 10), locale)} ${japan.slice(11, 16)}`;
}
