/**
 * A ward section's answer through its life: pending → draft → awaitingApproval → returned or
 * answered (without 組織としての回答, submitting answers at once). A sent answer may be reopened
 * by the section until the 回答期限, the sent version kept; after the deadline it stays as sent.
 */
import type { Department } from '../../directory/model';
import type { IsoDate } from '../../platform/fiscal-calendar';
import type { AnswerValues, Survey, SurveyAnswer } from '../model';

/** Fresh answers for the sections asked; those the bot cannot reach are marked so at once. */
export function initialAnswers(
  surveyId: string,
  sections: Department[],
  isReachable: (department: Department) => boolean,
  at: string,
): SurveyAnswer[] {
  return sections.map((d) => ({
    surveyId,
    departmentId: d.id,
    status: isReachable(d) ? 'pending' : 'unreachable',
    answers: {},
    answeredBy: null,
    approvedBy: null,
    answeredAt: null,
    returnedBy: null,
    returnComment: null,
    version: 0,
    history: [],
    updatedAt: at,
  }));
}

/**
 * Why a step on an answer was refused: cancelled (HQ withdrew the survey), closed (a sent answer
 * after the 回答期限), state (not waiting for approval, or the press is stale).
 */
export type AnswerRefusal = { refused: 'cancelled' | 'closed' | 'state' };
export type AnswerOutcome = { answer: SurveyAnswer; changed: boolean } | AnswerRefusal;

const sameValues = (a: AnswerValues, b: AnswerValues) => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
};

/** The answer HQ may see: the one sent, or while a reopened one is being changed, the one sent before. */
export function sentAnswerOf(
  answer: SurveyAnswer,
): { answers: AnswerValues; answeredBy: string | null; approvedBy: string | null; answeredAt: string } | null {
  if (answer.status === 'answered' && answer.answeredAt)
    return { answers: answer.answers, answeredBy: answer.answeredBy, approvedBy: answer.approvedBy, answeredAt: answer.answeredAt };
  const last = answer.history.at(-1);
  return last ? { answers: last.answers, answeredBy: last.answeredBy, approvedBy: last.approvedBy, answeredAt: last.answeredAt } : null;
}

/**
 * 下書き保存 (submit false) or 承認依頼 / 回答 (submit true) by a member of the section. The same
 * values pressed again change nothing. Changing a sent answer reopens it (until the deadline),
 * keeping the sent version in the history.
 */
export function saveAnswer(
  survey: Survey,
  answer: SurveyAnswer,
  values: AnswerValues,
  change: { submit: boolean; by: string; at: string; today: IsoDate },
): AnswerOutcome {
  if (survey.status === 'cancelled') return { refused: 'cancelled' };
  const target = !change.submit ? 'draft' : survey.requiresWardApproval ? 'awaitingApproval' : 'answered';
  if (answer.status === 'answered') {
    if (change.submit && sameValues(answer.answers, values)) return { answer, changed: false };
    if (change.today > survey.dueOn) return { refused: 'closed' };
  } else if (answer.status === target && sameValues(answer.answers, values)) {
    return { answer, changed: false };
  }
  // Leaving a sent answer: it is kept as it was sent.
  const history =
    answer.status === 'answered' && answer.answeredAt
      ? [
          ...answer.history,
          {
            version: answer.version,
            answers: answer.answers,
            answeredBy: answer.answeredBy,
            approvedBy: answer.approvedBy,
            answeredAt: answer.answeredAt,
          },
        ]
      : answer.history;
  const sent = target === 'answered';
  return {
    answer: {
      ...answer,
      status: target,
      answers: values,
      answeredBy: change.by,
      approvedBy: null,
      answeredAt: sent ? change.at : null,
      returnedBy: null,
      returnComment: null,
      version: sent ? answer.version + 1 : answer.version,
      history,
      updatedAt: change.at,
    },
    changed: true,
  };
}

/** 承認 by the section's approver: the answer goes to HQ. A second press changes nothing. */
export function approveAnswer(survey: Survey, answer: SurveyAnswer, by: string, at: string): AnswerOutcome {
  if (survey.status === 'cancelled') return { refused: 'cancelled' };
  if (answer.status === 'answered' && answer.approvedBy) return { answer, changed: false };
  if (answer.status !== 'awaitingApproval') return { refused: 'state' };
  return {
    answer: { ...answer, status: 'answered', approvedBy: by, answeredAt: at, version: answer.version + 1, updatedAt: at },
    changed: true,
  };
}

/** 差戻し by the section's approver, with the reason; the values stay for the author to change. */
export function returnAnswer(survey: Survey, answer: SurveyAnswer, by: string, comment: string, at: string): AnswerOutcome {
  if (survey.status === 'cancelled') return { refused: 'cancelled' };
  if (answer.status === 'returned' && answer.returnComment === comment) return { answer, changed: false };
  if (answer.status !== 'awaitingApproval') return { refused: 'state' };
  return { answer: { ...answer, status: 'returned', returnedBy: by, returnComment: comment, updatedAt: at }, changed: true };
}

/** 回答 x/y: sections whose answer has reached HQ, of all asked (unreachable ones count in y). */
export function answerCount(answers: SurveyAnswer[]): { answered: number; total: number } {
  return { answered: answers.filter((a) => sentAnswerOf(a) !== null).length, total: answers.length };
}
