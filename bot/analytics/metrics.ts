import type { CheckIn, CheckInCycle, Initiative } from '../checkins/model';
import { WEATHERS, type Weather } from '../checkins/model';
import type { Department } from '../directory/model';
import { FINAL_STATUSES, type Inquiry } from '../inquiries/model';
import { isPastDue } from '../inquiries/rules/due-dates';
import type { AuditEntry } from '../platform/audit';
import { businessDaysBetween, fiscalYearOf, japanDateOf, quarterLabel, type IsoDate, type Quarter } from '../platform/fiscal-calendar';
import type { Ruling } from '../rulings/model';
import { rate, summarise, type DurationSummary } from './statistics';

/**
 * 効果検証: the figures the PMO uses to judge whether the tool helps, computed from the store's
 * records by pure functions (unit tested with known answers); docs/flows.md 「効果検証」 defines
 * each one. A first response is the department's first step on an inquiry (担当する, 質問者に確認
 * or a draft), read from the audit log. Everything still open is judged as of `today`, with the
 * inquiry list's own deadline rule (rules/due-dates.ts).
 */
export interface AnalyticsInput {
  /** The day the figures are as of (Japan time), e.g. the server's today. */
  today: IsoDate;
  inquiries: Inquiry[];
  /** Audit entries of inquiries (inquiry.*), deflections (inquiry.deflected) and ruling views (ruling.view). */
  audit: AuditEntry[];
  rulings: Ruling[];
  initiatives: Initiative[];
  /** Current answers, with the time of each one's first submission (for on-time shares). */
  checkIns: (CheckIn & { firstSubmittedAt: string })[];
  cycles: CheckInCycle[];
  departments: Department[];
}

export interface AnalyticsFilter {
  /** 年度 (2026 = R8年度); all years when absent. */
  fiscalYear?: number;
  /** An HQ department id: its inquiries, its rulings and the initiatives its section leads. */
  departmentId?: string;
}

/**
 * What 期限内の回答 is made of: answered by the due date ÷ (answered + open past the due date);
 * withdrawn ones and open ones not yet due are left out.
 */
export interface OnTimeBasis {
  answeredOnTime: number;
  answeredLate: number;
  openOverdue: number;
  /** The denominator: answeredOnTime + answeredLate + openOverdue. */
  counted: number;
}

/** Open inquiries by business days since they were asked. */
export interface BacklogBand {
  /** 0-2, 3-5, 6-10, 11+ (business days) */
  label: string;
  minDays: number;
  maxDays: number | null;
  count: number;
}

export interface InquiryBacklog {
  open: number;
  overdue: number;
  /** 未着手: open with no first response yet, and the oldest one's age so far. */
  unclaimed: number;
  oldestUnclaimedDays: number | null;
  byAge: BacklogBand[];
}

export interface DepartmentFigures {
  departmentId: string;
  name: string;
  inquiries: number;
  firstResponseDays: DurationSummary;
  answerDays: DurationSummary;
  onTimeRate: number | null;
  onTime: OnTimeBasis;
  backlog: InquiryBacklog;
}

export interface QuarterFigures {
  fiscalYear: number;
  quarter: Quarter;
  label: string;
  initiatives: number;
  answered: number;
  onTime: number;
  /** Answered by the due date ÷ initiatives; null while the cycle is open (see `open`). */
  onTimeRate: number | null;
  /** Still taking answers (not closed): shown as 「回答 x/y（受付中）」, not as a rate. */
  open: boolean;
  /** Answered after the due date (by the first submission). */
  late: number;
  /** Initiatives with no answer yet. */
  unanswered: number;
  weather: Record<Weather, number>;
}

export interface KpiTrend {
  code: string;
  title: string;
  kpiId: string;
  name: string;
  unit: string;
  baseline: number | null;
  target: number;
  direction: 'higher' | 'lower';
  points: { fiscalYear: number; quarter: Quarter; label: string; actual: number }[];
}

export interface Analytics {
  filter: AnalyticsFilter;
  /** The day open inquiries and cycles are judged as of (Japan time). */
  asOf: IsoDate;
  inquiries: {
    total: number;
    answered: number;
    /** Withdrawn by the asker: counted in total, left out of every share. */
    withdrawn: number;
    firstResponseDays: DurationSummary;
    answerDays: DurationSummary;
    onTimeRate: number | null;
    onTime: OnTimeBasis;
    backlog: InquiryBacklog;
    deflections: number;
    /** Questions settled by a suggestion, among all questions that reached the send step. */
    deflectionRate: number | null;
    byDepartment: DepartmentFigures[];
    byWard: { office: string; inquiries: number }[];
    byMonth: { month: string; inquiries: number }[];
  };
  rulings: {
    created: number;
    createdByMonth: { month: string; created: number }[];
    views: number;
    mostViewed: { id: string; title: string; views: number }[];
  };
  checkIns: QuarterFigures[];
  kpis: KpiTrend[];
}

/**
 * A deflection counts once per question (the ask form's requestId) and person; one recorded
 * before requestIds were kept (objectType 'department') counts on its own.
 */
const deflectionKey = (e: AuditEntry) => (e.objectType === 'department' ? `entry:${e.id}` : `${e.actorId}|${e.objectId}`);
const deflectedDepartment = (e: AuditEntry) =>
  e.objectType === 'department' ? e.objectId : typeof e.detail.departmentId === 'string' ? e.detail.departmentId : '';
/** A ruling counts as read once per person per day, however often the page is opened. */
const viewKey = (e: AuditEntry) => `${e.actorId}|${e.objectId}|${dayOf(e.at)}`;

function distinct<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && Boolean(seen.add(key(item))));
}

const FIRST_RESPONSE_ACTIONS = new Set(['inquiry.claim', 'inquiry.requestInfo', 'inquiry.saveDraft', 'inquiry.submitAnswer']);
const dayOf = (instant: string): IsoDate => japanDateOf(new Date(instant));
const monthOf = (instant: string) => dayOf(instant).slice(0, 7);

export function computeAnalytics(input: AnalyticsInput, filter: AnalyticsFilter = {}): Analytics {
  const department = filter.departmentId ? input.departments.find((d) => d.id === filter.departmentId) : undefined;
  const inYear = (instant: string) => filter.fiscalYear === undefined || fiscalYearOf(dayOf(instant)) === filter.fiscalYear;
  const inquiries = input.inquiries.filter(
    (i) => inYear(i.createdAt) && (!filter.departmentId || i.targetDepartmentId === filter.departmentId),
  );
  const firstResponse = firstResponses(input.audit);
  const figures = (list: Inquiry[]) => {
    const answered = list.filter((i) => i.answer);
    const onTime = onTimeBasis(list, input.today);
    return {
      firstResponseDays: summarise(
        list.flatMap((i) =>
          firstResponse.has(i.number) ? [businessDaysBetween(dayOf(i.createdAt), dayOf(firstResponse.get(i.number)!))] : [],
        ),
      ),
      answerDays: summarise(answered.map((i) => businessDaysBetween(dayOf(i.createdAt), dayOf(i.answer!.answeredAt)))),
      onTimeRate: rate(onTime.answeredOnTime, onTime.counted),
      onTime,
      backlog: backlogOf(list, input.today),
    };
  };
  const names = new Map(input.departments.map((d) => [d.id, d]));
  const deflections = distinct(
    input.audit.filter(
      (e) => e.action === 'inquiry.deflected' && inYear(e.at) && (!filter.departmentId || deflectedDepartment(e) === filter.departmentId),
    ),
    deflectionKey,
  ).length;

  const rulings = input.rulings.filter(
    (r) =>
      (filter.fiscalYear === undefined || fiscalYearOf(r.publishedAt) === filter.fiscalYear) &&
      (!department || r.department === department.name),
  );
  const ruleIds = new Set(rulings.map((r) => r.id));
  const views = countBy(
    distinct(
      input.audit.filter((e) => e.action === 'ruling.view' && inYear(e.at) && (department ? ruleIds.has(e.objectId) : true)),
      viewKey,
    ).map((e) => e.objectId),
  );
  const titles = new Map(input.rulings.map((r) => [r.id, r.title]));

  const initiatives = input.initiatives.filter((i) => !department || i.leadSection === department.name);
  return {
    filter,
    asOf: input.today,
    inquiries: {
      total: inquiries.length,
      answered: inquiries.filter((i) => i.answer).length,
      withdrawn: inquiries.filter((i) => i.status === 'withdrawn').length,
      ...figures(inquiries),
      deflections,
      deflectionRate: rate(deflections, deflections + inquiries.length),
      byDepartment: [...groupBy(inquiries, (i) => i.targetDepartmentId)]
        .map(([id, list]) => ({
          departmentId: id,
          name: names.get(id) ? `${names.get(id)!.office} ${names.get(id)!.name}` : id,
          inquiries: list.length,
          ...figures(list),
        }))
        .sort((a, b) => b.inquiries - a.inquiries || a.departmentId.localeCompare(b.departmentId)),
      byWard: [...countBy(inquiries.map((i) => names.get(i.askerDepartmentId)?.office ?? i.askerDepartmentId))]
        .map(([office, n]) => ({ office, inquiries: n }))
        .sort((a, b) => b.inquiries - a.inquiries || a.office.localeCompare(b.office)),
      byMonth: [...countBy(inquiries.map((i) => monthOf(i.createdAt)))]
        .map(([month, n]) => ({ month, inquiries: n }))
        .sort((a, b) => a.month.localeCompare(b.month)),
    },
    rulings: {
      created: rulings.length,
      createdByMonth: [...countBy(rulings.map((r) => r.publishedAt.slice(0, 7)))]
        .map(([month, created]) => ({ month, created }))
        .sort((a, b) => a.month.localeCompare(b.month)),
      views: [...views.values()].reduce((sum, n) => sum + n, 0),
      mostViewed: [...views]
        .map(([id, n]) => ({ id, title: titles.get(id) ?? id, views: n }))
        .sort((a, b) => b.views - a.views || a.id.localeCompare(b.id))
        .slice(0, 10),
    },
    checkIns: quarterFigures(input, initiatives, filter.fiscalYear),
    kpis: kpiTrends(initiatives, input.checkIns, filter.fiscalYear),
  };
}

/** Answered on or by the due date (the list's rule: late once a business day has begun after it). */
const answeredOnTime = (i: Inquiry) => !isPastDue(i.dueOn, dayOf(i.answer!.answeredAt));
const isOpen = (i: Inquiry) => !FINAL_STATUSES.includes(i.status);

function onTimeBasis(list: Inquiry[], today: IsoDate): OnTimeBasis {
  const answered = list.filter((i) => i.answer && i.status !== 'withdrawn');
  const onTime = answered.filter(answeredOnTime).length;
  const openOverdue = list.filter((i) => isOpen(i) && isPastDue(i.dueOn, today)).length;
  return { answeredOnTime: onTime, answeredLate: answered.length - onTime, openOverdue, counted: answered.length + openOverdue };
}

/** Age bands of the backlog, in business days since asking (as the inquiry list counts them). */
export const BACKLOG_BANDS: readonly { label: string; minDays: number; maxDays: number | null }[] = [
  { label: '0-2', minDays: 0, maxDays: 2 },
  { label: '3-5', minDays: 3, maxDays: 5 },
  { label: '6-10', minDays: 6, maxDays: 10 },
  { label: '11+', minDays: 11, maxDays: null },
];

function backlogOf(list: Inquiry[], today: IsoDate): InquiryBacklog {
  const open = list.filter(isOpen);
  const ageOf = (i: Inquiry) => Math.max(0, businessDaysBetween(dayOf(i.createdAt), today));
  // 未着手 as the list shows it: nobody has taken it (status submitted), however old.
  const unclaimedAges = open.filter((i) => i.status === 'submitted').map(ageOf);
  return {
    open: open.length,
    overdue: open.filter((i) => isPastDue(i.dueOn, today)).length,
    unclaimed: unclaimedAges.length,
    oldestUnclaimedDays: unclaimedAges.length === 0 ? null : Math.max(...unclaimedAges),
    byAge: BACKLOG_BANDS.map((band) => ({
      ...band,
      count: open.map(ageOf).filter((age) => age >= band.minDays && (band.maxDays === null || age <= band.maxDays)).length,
    })),
  };
}

function firstResponses(audit: AuditEntry[]): Map<string, string> {
  const first = new Map<string, string>();
  for (const entry of audit) {
    if (entry.objectType !== 'inquiry' || !FIRST_RESPONSE_ACTIONS.has(entry.action)) continue;
    const seen = first.get(entry.objectId);
    if (!seen || entry.at < seen) first.set(entry.objectId, entry.at);
  }
  return first;
}

function quarterFigures(input: AnalyticsInput, initiatives: Initiative[], fiscalYear: number | undefined): QuarterFigures[] {
  const codes = new Set(initiatives.map((i) => i.code));
  return input.cycles
    .filter((c) => fiscalYear === undefined || c.fiscalYear === fiscalYear)
    .sort((a, b) => a.fiscalYear - b.fiscalYear || a.quarter - b.quarter)
    .map((cycle) => {
      const answers = input.checkIns.filter(
        (c) => c.fiscalYear === cycle.fiscalYear && c.quarter === cycle.quarter && codes.has(c.initiativeCode),
      );
      const onTime = answers.filter((c) => dayOf(c.firstSubmittedAt) <= cycle.dueOn).length;
      const weather = Object.fromEntries(WEATHERS.map((w) => [w, answers.filter((c) => c.weather === w).length])) as Record<
        Weather,
        number
      >;
      // An open cycle has no rate yet: its unanswered initiatives may still answer on time.
      const open = cycle.closedAt === null;
      return {
        fiscalYear: cycle.fiscalYear,
        quarter: cycle.quarter,
        label: quarterLabel(cycle),
        initiatives: codes.size,
        answered: answers.length,
        onTime,
        onTimeRate: open ? null : rate(onTime, codes.size),
        open,
        late: answers.length - onTime,
        unanswered: Math.max(0, codes.size - answers.length),
        weather,
      };
    });
}

function kpiTrends(initiatives: Initiative[], checkIns: CheckIn[], fiscalYear: number | undefined): KpiTrend[] {
  return initiatives.flatMap((initiative) =>
    initiative.kpis.map((kpi) => ({
      code: initiative.code,
      title: initiative.title,
      kpiId: kpi.id,
      name: kpi.name,
      unit: kpi.unit,
      baseline: kpi.baseline,
      target: kpi.target,
      direction: kpi.direction,
      points: checkIns
        .filter((c) => c.initiativeCode === initiative.code && (fiscalYear === undefined || c.fiscalYear === fiscalYear))
        .sort((a, b) => a.fiscalYear - b.fiscalYear || a.quarter - b.quarter)
        .flatMap((c) => {
          const actual = c.kpiActuals.find((a) => a.kpiId === kpi.id)?.value;
          return typeof actual === 'number' ? [{ fiscalYear: c.fiscalYear, quarter: c.quarter, label: quarterLabel(c), actual }] : [];
        }),
    })),
  );
}

function countBy(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
