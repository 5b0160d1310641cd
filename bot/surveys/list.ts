/**
 * The 照会 list as the tab shows it (GET /api/surveys): each survey with its 回答 x/y, whether
 * its 回答期限 has passed with sections still unanswered (期限超過), and the filters the other
 * views have (年度, 分野, 未回答のみ).
 */
import type { Department } from '../directory/model';
import type { IsoDate } from '../platform/fiscal-calendar';
import type { AnswerStatus, Survey, SurveyAnswer, SurveyStatus } from './model';
import { answerCount } from './rules/sections';

export interface SurveyListItem {
  id: string;
  title: string;
  dueOn: string;
  status: SurveyStatus;
  fiscalYear: number;
  senderDepartmentId: string;
  senderDepartmentName: string;
  createdAt: string;
  /** 意見照会 on a manual. */
  manualId: string | null;
  /** 分野: the audience's, or those the sections asked handle. */
  categories: string[];
  total: number;
  /** 期限超過: past the 回答期限 with an answer missing (HQ: any section's; ward: the caller's section's). */
  overdue: boolean;
  /** HQ side: sections whose answer reached HQ, and those the bot cannot reach. */
  answered?: number;
  unreachable?: number;
  /** Ward side: the caller's section's status. */
  myStatus?: AnswerStatus;
}

export interface SurveyListFilter {
  fiscalYear?: number;
  category?: string;
  /** HQ side: surveys still waiting for an answer; ward side: those the caller's section has not sent. */
  unanswered?: boolean;
}

const departmentName = (departments: Map<string, Department>, id: string) => {
  const d = departments.get(id);
  return d ? `${d.office} ${d.name}` : id;
};

/** One line of the list; `answers` are every section's for HQ, the caller's own section's for a ward person. */
export function surveyListItem(
  survey: Survey,
  answers: SurveyAnswer[],
  side: { hq: true } | { hq: false; sectionId: string },
  departments: Map<string, Department>,
  today: IsoDate,
): SurveyListItem {
  const pastDue = survey.status === 'open' && today > survey.dueOn;
  const base: Omit<SurveyListItem, 'overdue'> = {
    id: survey.id,
    title: survey.title,
    dueOn: survey.dueOn,
    status: survey.status,
    fiscalYear: survey.fiscalYear,
    senderDepartmentId: survey.senderDepartmentId,
    senderDepartmentName: departmentName(departments, survey.senderDepartmentId),
    createdAt: survey.createdAt,
    manualId: survey.manualId,
    categories:
      'category' in survey.audience
        ? [survey.audience.category]
        : [...new Set(survey.sectionIds.flatMap((id) => departments.get(id)?.categories ?? []))].sort((a, b) => a.localeCompare(b, 'ja')),
    total: survey.sectionIds.length,
  };
  if (side.hq) {
    const count = answerCount(answers);
    return {
      ...base,
      answered: count.answered,
      unreachable: answers.filter((a) => a.status === 'unreachable').length,
      overdue: pastDue && count.answered < count.total,
    };
  }
  const own = answers.find((a) => a.departmentId === side.sectionId);
  return { ...base, overdue: pastDue && own !== undefined && own.status !== 'answered', ...(own ? { myStatus: own.status } : {}) };
}

export function matchesFilter(item: SurveyListItem, filter: SurveyListFilter): boolean {
  if (filter.fiscalYear !== undefined && item.fiscalYear !== filter.fiscalYear) return false;
  if (filter.category && !item.categories.includes(filter.category)) return false;
  if (filter.unanswered) {
    if (item.status !== 'open') return false;
    if (item.answered !== undefined) return item.answered < item.total;
    return item.myStatus !== 'answered';
  }
  return true;
}
