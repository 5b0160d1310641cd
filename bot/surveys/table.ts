/**
 * HQ's one table of a survey: a row per ward section asked, a column per question, the status
 * and who answered and approved; totals over the answers that reached HQ. The API, the export
 * and (later) the tab all read it from here, so they show the same thing.
 */
import type { Department, Person } from '../directory/model';
import type { AnswerStatus, AnswerValues, Survey, SurveyAnswer } from './model';
import { answerCount, sentAnswerOf } from './rules/sections';
import { totalsOf, type SurveyTotals } from './rules/totals';

export interface SurveySectionRow {
  departmentId: string;
  /** 「北区役所 保険年金課」 */
  name: string;
  status: AnswerStatus;
  answers: AnswerValues;
  answeredBy?: string;
  approvedBy?: string;
  answeredAt?: string;
  answeredByName?: string;
  approvedByName?: string;
  /** The section's own view only: the approver's reason for 差戻し, and the version count. */
  returnComment?: string;
  version?: number;
}

export interface SurveyTable {
  rows: SurveySectionRow[];
  totals: SurveyTotals;
  answered: number;
  total: number;
}

export interface Names {
  departments: Map<string, Department>;
  people: Map<string, Person>;
}

export function sectionName(names: Names, id: string): string {
  const d = names.departments.get(id);
  return d ? `${d.office} ${d.name}` : id;
}

const personName = (names: Names, id: string | null | undefined) => (id ? (names.people.get(id)?.displayName ?? id) : undefined);

/** Rows in the order the sections were asked (directory order). */
function inSurveyOrder(survey: Survey, answers: SurveyAnswer[]): SurveyAnswer[] {
  const byId = new Map(answers.map((a) => [a.departmentId, a]));
  return survey.sectionIds.map((id) => byId.get(id)).filter((a): a is SurveyAnswer => a !== undefined);
}

function row(
  answer: SurveyAnswer,
  names: Names,
  shown: { answers: AnswerValues; answeredBy: string | null; approvedBy: string | null; answeredAt: string | null } | null,
): SurveySectionRow {
  return {
    departmentId: answer.departmentId,
    name: sectionName(names, answer.departmentId),
    status: answer.status,
    answers: shown?.answers ?? {},
    ...(shown?.answeredBy ? { answeredBy: shown.answeredBy, answeredByName: personName(names, shown.answeredBy) } : {}),
    ...(shown?.approvedBy ? { approvedBy: shown.approvedBy, approvedByName: personName(names, shown.approvedBy) } : {}),
    ...(shown?.answeredAt ? { answeredAt: shown.answeredAt } : {}),
  };
}

/**
 * HQ's side: each section's answer as sent (a draft or an answer waiting for the section's
 * approver is not HQ's to see yet; a reopened answer shows what was sent before).
 */
export function hqTable(survey: Survey, answers: SurveyAnswer[], names: Names): SurveyTable {
  const ordered = inSurveyOrder(survey, answers);
  const sent = ordered.map((a) => sentAnswerOf(a));
  const rows = ordered.map((a, i) => row(a, names, sent[i]));
  const count = answerCount(ordered);
  return {
    rows,
    totals: totalsOf(
      survey.questions,
      sent.filter((s) => s !== null).map((s) => s.answers),
    ),
    answered: count.answered,
    total: count.total,
  };
}

/** A ward section's own row, as it stands (its draft values included), for the section itself. */
export function sectionRow(answer: SurveyAnswer, names: Names): SurveySectionRow {
  return {
    ...row(answer, names, answer),
    ...(answer.returnComment ? { returnComment: answer.returnComment } : {}),
    version: answer.version,
  };
}
