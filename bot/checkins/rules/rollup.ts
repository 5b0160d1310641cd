import { japanDateOf, type FiscalQuarter, type IsoDate } from '../../platform/fiscal-calendar';
import { WEATHERS, type CheckIn, type Initiative, type Kpi, type Weather } from '../model';

/** The PMO's view of one quarter: what the 施策一覧 meeting looks at first. */
export interface RollUp {
  quarter: FiscalQuarter;
  total: number;
  answered: number;
  /** Answers submitted after the due date. */
  late: number;
  byWeather: Record<Weather, number>;
  /** 雨 first: the initiatives in trouble, with the owner's own words. */
  rainy: { code: string; title: string; direction: string; reason: string; progress: string }[];
  unanswered: { code: string; title: string; ownerId: string | null }[];
  kpis: KpiAchievement[];
}

export interface KpiAchievement {
  code: string;
  kpiId: string;
  name: string;
  unit: string;
  actual: number;
  target: number;
  achieved: boolean;
  /** How far from the baseline towards the target, in percent (100 = target reached). */
  percent: number;
}

export function computeRollUp(quarter: FiscalQuarter, initiatives: Initiative[], checkIns: CheckIn[], dueOn?: IsoDate): RollUp {
  const answers = new Map(
    checkIns.filter((c) => c.fiscalYear === quarter.fiscalYear && c.quarter === quarter.quarter).map((c) => [c.initiativeCode, c]),
  );
  const byWeather = Object.fromEntries(WEATHERS.map((w) => [w, 0])) as Record<Weather, number>;
  const rollUp: RollUp = { quarter, total: initiatives.length, answered: 0, late: 0, byWeather, rainy: [], unanswered: [], kpis: [] };
  for (const initiative of initiatives) {
    const answer = answers.get(initiative.code);
    if (!answer) {
      rollUp.unanswered.push({ code: initiative.code, title: initiative.title, ownerId: initiative.ownerId });
      continue;
    }
    rollUp.answered += 1;
    // submittedAt is an instant; the due date is a day in Japan.
    if (dueOn && japanDateOf(new Date(answer.submittedAt)) > dueOn) rollUp.late += 1;
    byWeather[answer.weather] += 1;
    if (answer.weather === '雨') {
      rollUp.rainy.push({
        code: initiative.code,
        title: initiative.title,
        direction: answer.direction,
        reason: answer.directionReason,
        progress: answer.progress,
      });
    }
    for (const kpi of initiative.kpis) {
      const actual = answer.kpiActuals.find((a) => a.kpiId === kpi.id)?.value;
      if (typeof actual === 'number') rollUp.kpis.push(achievementOf(initiative.code, kpi, actual));
    }
  }
  return rollUp;
}

export function achievementOf(code: string, kpi: Kpi, actual: number): KpiAchievement {
  const achieved = kpi.direction === 'higher' ? actual >= kpi.target : actual <= kpi.target;
  return {
    code,
    kpiId: kpi.id,
    name: kpi.name,
    unit: kpi.unit,
    actual,
    target: kpi.target,
    achieved,
    percent: progressPercent(kpi, actual),
  };
}

/**
 * With a baseline: the share of the way from baseline to target (a paperless KPI going from
 * 4.7M to 2.4M sheets is 50 % there at 3.55M). Without one: actual against target.
 */
function progressPercent(kpi: Kpi, actual: number): number {
  const { baseline, target } = kpi;
  let ratio: number;
  if (baseline !== null && baseline !== target) ratio = (actual - baseline) / (target - baseline);
  else if (kpi.direction === 'higher') ratio = target === 0 ? 1 : actual / target;
  else ratio = actual === 0 ? 1 : target / actual;
  return Math.round(Math.max(0, ratio) * 1000) / 10;
}
