/** 施策 (improvement initiatives) with KPIs, and the quarterly check-ins their owners submit. */
import type { Weather } from '../../shared/weather';

export interface Kpi {
  id: string;
  name: string;
  unit: string;
  baseline: number | null;
  target: number;
  /** YYYY-MM-DD */
  targetDate: string;
  direction: 'higher' | 'lower';
}

export interface Initiative {
  /** 進捗管理枝番1-枝番2, e.g. A1-1 */
  code: string;
  /** 施策3本柱, e.g. A:市民サービスの改善・向上 */
  pillar: string;
  /** 施策9領域, e.g. A1:窓口サービスの改革 */
  domain: string;
  /** 主担当部 */
  leadDivision: string;
  /** 主担当課 */
  leadSection: string;
  /** 管理項目 */
  title: string;
  /** 目的 */
  purpose: string;
  /** マイルストーン */
  milestone: string;
  /** 実施内容 */
  activities: string;
  /** Q4末到達目標 */
  q4Target: string;
  /** 翌年度 実施内容 (the spreadsheet's "R8年度 実施内容" column); empty when not planned yet. */
  nextYearActivities?: string;
  /** 最終年度末時点 マイルストーン (the spreadsheet's "R9年度末時点" column). */
  finalMilestone?: string;
  ownerId: string | null;
  kpis: Kpi[];
}

// 天気 is shared with the tab's dashboard.
export { WEATHERS, type Weather } from '../../shared/weather';

export const DIRECTIONS = ['継続', '拡充', '見直し', '廃止', '完了'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export interface CheckIn {
  initiativeCode: string;
  fiscalYear: number;
  quarter: 1 | 2 | 3 | 4;
  /** 進捗状況 */
  progress: string;
  weather: Weather;
  direction: Direction;
  /** 方向性理由 */
  directionReason: string;
  /** 課題・次のアクション */
  nextActions: string;
  kpiActuals: { kpiId: string; value: number | null }[];
  submittedBy: string;
  /** ISO timestamp */
  submittedAt: string;
  /** 1 for the first answer, +1 for each 修正. */
  revision: number;
  /**
   * Identifies one press of a card's submit button (minted when the card is drawn), so a
   * double click or a replayed request is recognised and stored once.
   */
  submissionId: string;
}

/** One quarter's review window: cards go out when it opens, the roll-up when it closes. */
export interface CheckInCycle {
  fiscalYear: number;
  quarter: 1 | 2 | 3 | 4;
  /** YYYY-MM-DD: the first day owners can answer. */
  opensOn: string;
  /** YYYY-MM-DD: the last day to answer (and to 修正). */
  dueOn: string;
  /** ISO timestamp */
  openedAt: string;
  /** A person id, or 'scheduler'. */
  openedBy: string;
  /** Owners with no personal chat with the bot when the cycle opened (listed for the PMO). */
  unreachableOwnerIds: string[];
  /** ISO timestamp; set once, by whoever closes it first. */
  closedAt: string | null;
}
