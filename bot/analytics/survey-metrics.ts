import type { Department } from '../directory/model';
import { businessDaysBetween, japanDateOf, type IsoDate } from '../platform/fiscal-calendar';
import type { Survey, SurveyAnswer } from '../surveys/model';
import { rate, summarise, type DurationSummary } from './statistics';

/**
 * 効果検証 of 全区照会・意見照会 (docs/flows.md): surveys per asking HQ department, the share of
 * ward sections that answered by the 回答期限 per ward office (with its denominator), and the
 * business days from asking to the answer reaching HQ. Cancelled surveys count nowhere.
 *
 * A section's answer "reaches HQ" when it is first sent (approved, where the section answers as an
 * organisation); a later reopening does not move that day. A section counts for the share once it
 * is decided: answered, or past the 回答期限 without an answer (an open overdue section is late).
 */
export interface SurveyTimeliness {
  /** The denominator: answered + open and past the deadline. */
  counted: number;
  answeredOnTime: number;
  answeredLate: number;
  openOverdue: number;
  /** Percent with one decimal; null when nothing is counted yet. */
  onTimeRate: number | null;
}

export interface SurveyDepartmentFigures {
  departmentId: string;
  name: string;
  surveys: number;
  sectionsAsked: number;
  sectionsAnswered: number;
}

export interface SurveyWardFigures extends SurveyTimeliness {
  /** The ward office (北区役所): its sections together. */
  ward: string;
  sectionsAsked: number;
  daysToAnswer: DurationSummary;
}

export interface SurveyFigures extends SurveyTimeliness {
  surveys: number;
  sectionsAsked: number;
  sectionsAnswered: number;
  /** Business days from the survey's creation to each section's first sent answer (median, p90, n). */
  daysToAnswer: DurationSummary;
  byDepartment: SurveyDepartmentFigures[];
  byWard: SurveyWardFigures[];
}

const dayOf = (instant: string): IsoDate => japanDateOf(new Date(instant));

/** When the section's answer first reached HQ: the oldest kept version, else the current one if sent. */
function firstSentAt(answer: SurveyAnswer): string | null {
  return answer.history[0]?.answeredAt ?? (answer.status === 'answered' ? answer.answeredAt : null);
}

interface SectionFact {
  ward: string;
  senderDepartmentId: string;
  sent: string | null;
  onTime: boolean | null;
  overdue: boolean;
  days: number | null;
}

function timeliness(facts: SectionFact[]): SurveyTimeliness {
  const answeredOnTime = facts.filter((f) => f.onTime === true).length;
  const answeredLate = facts.filter((f) => f.onTime === false).length;
  const openOverdue = facts.filter((f) => f.overdue).length;
  const counted = answeredOnTime + answeredLate + openOverdue;
  return { counted, answeredOnTime, answeredLate, openOverdue, onTimeRate: rate(answeredOnTime, counted) };
}

const daysOf = (facts: SectionFact[]) => summarise(facts.map((f) => f.days).filter((d): d is number => d !== null));

export function computeSurveyFigures(
  all: { survey: Survey; answers: SurveyAnswer[] }[],
  departments: Department[],
  today: IsoDate,
  filter: { fiscalYear?: number; departmentId?: string } = {},
): SurveyFigures {
  const byId = new Map(departments.map((d) => [d.id, d]));
  const surveys = all.filter(
    ({ survey }) =>
      survey.status !== 'cancelled' &&
      (filter.fiscalYear === undefined || survey.fiscalYear === filter.fiscalYear) &&
      (!filter.departmentId || survey.senderDepartmentId === filter.departmentId),
  );
  const facts: SectionFact[] = surveys.flatMap(({ survey, answers }) =>
    answers
      .filter((a) => survey.sectionIds.includes(a.departmentId))
      .map((answer) => {
        const sent = firstSentAt(answer);
        return {
          ward: byId.get(answer.departmentId)?.office ?? answer.departmentId,
          senderDepartmentId: survey.senderDepartmentId,
          sent,
          onTime: sent ? dayOf(sent) <= survey.dueOn : null,
          overdue: !sent && today > survey.dueOn,
          days: sent ? businessDaysBetween(dayOf(survey.createdAt), dayOf(sent)) : null,
        };
      }),
  );
  const senders = [...new Set(surveys.map(({ survey }) => survey.senderDepartmentId))].sort();
  const wards = [...new Set(facts.map((f) => f.ward))].sort();
  return {
    surveys: surveys.length,
    sectionsAsked: facts.length,
    sectionsAnswered: facts.filter((f) => f.sent).length,
    daysToAnswer: daysOf(facts),
    ...timeliness(facts),
    byDepartment: senders.map((departmentId) => {
      const own = facts.filter((f) => f.senderDepartmentId === departmentId);
      const department = byId.get(departmentId);
      return {
        departmentId,
        name: department ? `${department.office} ${department.name}` : departmentId,
        surveys: surveys.filter(({ survey }) => survey.senderDepartmentId === departmentId).length,
        sectionsAsked: own.length,
        sectionsAnswered: own.filter((f) => f.sent).length,
      };
    }),
    byWard: wards.map((ward) => {
      const own = facts.filter((f) => f.ward === ward);
      return { ward, sectionsAsked: own.length, daysToAnswer: daysOf(own), ...timeliness(own) };
    }),
  };
}
