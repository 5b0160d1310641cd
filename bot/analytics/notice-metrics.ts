import type { Department } from '../directory/model';
import type { Notice } from '../notices/model';
import { businessDaysBetween, japanDateOf, type IsoDate } from '../platform/fiscal-calendar';
import { rate, summarise, type DurationSummary } from './statistics';

/**
 * 効果検証 of お知らせ: how many notices went out, how long until every section had confirmed
 * (business days, from the send or the last 訂正 to the last confirmation), and the share of
 * sections that confirmed by the 確認期限, per sending department. A section counts for the
 * share once it is decided: confirmed, or still unconfirmed after its deadline.
 */
export interface NoticeDepartmentFigures {
  departmentId: string;
  name: string;
  sent: number;
  fullyConfirmed: number;
  daysToFullConfirmation: DurationSummary;
  /** The department's own denominators, so its rate is never shown without them. */
  sectionsDecided: number;
  sectionsOnTime: number;
  onTimeRate: number | null;
}

export interface NoticeFigures {
  sent: number;
  fullyConfirmed: number;
  daysToFullConfirmation: DurationSummary;
  /** Sections decided (confirmed, or past the deadline) and of those, confirmed by it. */
  sectionsDecided: number;
  sectionsOnTime: number;
  /** Percent with one decimal; null when no section is decided yet. */
  onTimeRate: number | null;
  byDepartment: NoticeDepartmentFigures[];
}

const dayOf = (instant: string): IsoDate => japanDateOf(new Date(instant));

/** When the current revision went out: the last 訂正, else the first send. */
function currentSince(notice: Notice): string | null {
  return notice.history.at(-1)?.correctedAt ?? notice.sentAt;
}

function daysToFull(notice: Notice): number | null {
  const since = currentSince(notice);
  if (!since || notice.sections.length === 0 || notice.sections.some((s) => s.status !== 'confirmed' || !s.confirmedAt)) return null;
  const last = notice.sections
    .map((s) => s.confirmedAt as string)
    .sort()
    .at(-1) as string;
  return businessDaysBetween(dayOf(since), dayOf(last));
}

function onTime(notices: Notice[], today: IsoDate): { decided: number; onTime: number } {
  let decided = 0;
  let inTime = 0;
  for (const notice of notices) {
    for (const section of notice.sections) {
      if (section.status === 'confirmed' && section.confirmedAt) {
        decided += 1;
        if (dayOf(section.confirmedAt) <= notice.confirmBy) inTime += 1;
      } else if (today > notice.confirmBy) decided += 1;
    }
  }
  return { decided, onTime: inTime };
}

export function computeNoticeFigures(
  all: Notice[],
  departments: Department[],
  today: IsoDate,
  filter: { fiscalYear?: number; departmentId?: string } = {},
): NoticeFigures {
  const notices = all.filter(
    (n) =>
      n.status === 'sent' &&
      (filter.fiscalYear === undefined || n.fiscalYear === filter.fiscalYear) &&
      (!filter.departmentId || n.senderDepartmentId === filter.departmentId),
  );
  const figures = (list: Notice[]) => {
    const days = list.map(daysToFull).filter((d): d is number => d !== null);
    const sections = onTime(list, today);
    return { days, sections };
  };
  const total = figures(notices);
  const senders = [...new Set(notices.map((n) => n.senderDepartmentId))].sort();
  return {
    sent: notices.length,
    fullyConfirmed: total.days.length,
    daysToFullConfirmation: summarise(total.days),
    sectionsDecided: total.sections.decided,
    sectionsOnTime: total.sections.onTime,
    onTimeRate: rate(total.sections.onTime, total.sections.decided),
    byDepartment: senders.map((departmentId) => {
      const list = notices.filter((n) => n.senderDepartmentId === departmentId);
      const own = figures(list);
      const department = departments.find((d) => d.id === departmentId);
      return {
        departmentId,
        name: department ? `${department.office} ${department.name}` : departmentId,
        sent: list.length,
        fullyConfirmed: own.days.length,
        daysToFullConfirmation: summarise(own.days),
        sectionsDecided: own.sections.decided,
        sectionsOnTime: own.sections.onTime,
        onTimeRate: rate(own.sections.onTime, own.sections.decided),
      };
    }),
  };
}
